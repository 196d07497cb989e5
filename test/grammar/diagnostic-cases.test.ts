/**
 * Every syntax code has a case under test/diagnostics/ (rendered by the diagnostics harness)
 * and an explanation under docs/diagnostics/; each case really raises its code.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseSource } from "../../src/ast/parse.ts";
import { SYNTAX_CODES } from "../../src/diagnostics/codes/syntax.ts";

const root = join(import.meta.dirname, "../..");
const casesDir = join(root, "test/diagnostics");
const cases = readdirSync(casesDir).filter((d) => /^BOX1\d{3}-/.test(d));
/** Cases that would need a file of 1 MiB to 16 MiB in the repository: covered by unit tests. */
const HUGE = new Set(["BOX1003", "BOX1015", "BOX1051"]);

for (const [code, info] of Object.entries(SYNTAX_CODES)) {
  test(`${code} ${info.name}: documented, with a case that raises it`, () => {
    assert.ok(existsSync(join(root, "docs/diagnostics", `${code}.md`)), "docs page");
    if (HUGE.has(code)) return;
    const dir = cases.find((d) => d === `${code}-${info.name}`);
    assert.ok(dir, `test/diagnostics/${code}-${info.name}/input.box`);
    const r = parseSource("input.box", readFileSync(join(casesDir, dir!, "input.box")));
    assert.ok(r.diagnostics.some((d) => d.code === code), r.diagnostics.map((d) => d.code).join(","));
  });
}

test("syntax messages follow the house style", () => {
  for (const [code, info] of Object.entries(SYNTAX_CODES)) {
    assert.ok(/^[a-z0-9-]+$/.test(info.name), code);
    assert.not.ok(/\.$/.test(info.message), `${code} ends with a period`);
    assert.ok(info.message[0] === info.message[0]!.toLowerCase() || /^(NUL|UTF)/.test(info.message), `${code} lowercase`);
  }
});

test.run();
