/**
 * Golden builds: every `examples/<name>/` and `test/golden/<case>/` is compiled and emitted
 * in memory (library `compile` + `emit`, as `boxc build` does), and every artifact plus the
 * IR (`ir.json`) is compared with the expected folder — `test/golden/examples/<name>/expected/`
 * for examples, `test/golden/<case>/expected/` for cases. `UPDATE_SNAPSHOTS=1` rewrites them;
 * an expected file that is no longer produced fails.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { compile, emit } from "../src/compile.ts";
import { renderDiagnostics } from "../src/diagnostics/render.ts";
import { nodeHost } from "../src/host/node.ts";
import { defaultEntries } from "../src/cli/inputs.ts";
import { expectGolden } from "./support/golden.ts";

const root = join(import.meta.dirname, "..");
const folders = (dir: string) =>
  existsSync(dir) ? readdirSync(dir).filter((n) => statSync(join(dir, n)).isDirectory()).sort() : [];

const cases = [
  ...folders(join(root, "examples")).map((n) => ({ name: `examples/${n}`, src: join(root, "examples", n), expected: join(root, "test/golden/examples", n, "expected") })),
  ...folders(join(root, "test/golden"))
    .filter((n) => n !== "examples")
    .map((n) => ({ name: `test/golden/${n}`, src: join(root, "test/golden", n), expected: join(root, "test/golden", n, "expected") })),
];

test("the golden set is not empty and has no orphans", () => {
  assert.ok(cases.some((c) => c.name.startsWith("examples/")), "no example found under examples/");
  const orphans = folders(join(root, "test/golden/examples")).filter((n) => !existsSync(join(root, "examples", n)));
  assert.equal(orphans, [], "expected outputs of examples that no longer exist: delete them");
});

for (const c of cases) {
  test(c.name, () => {
    const entries = defaultEntries(c.src);
    assert.ok(entries.length > 0, `${c.name} has no entry .box file`);
    const result = compile({ entries, root: c.src, host: nodeHost });
    const report = () => renderDiagnostics(result.diagnostics, { format: "text", sources: result.sources });
    assert.ok(result.ir, `${c.name} does not compile:\n${report()}`);
    const out = emit(result.ir, { origins: result.origins });
    assert.equal(out.diagnostics.filter((d) => d.severity === "error"), [], `${c.name} does not emit`);
    expectGolden(c.expected, [...out.files, { path: "ir.json", content: `${JSON.stringify(result.ir, null, 2)}\n` }]);
  });
}

test.run();
