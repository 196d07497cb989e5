/**
 * Every BOX20xx case folder (test/diagnostics/<CODE>-<name>/input.box, plus the files it
 * imports or copies) produces its code at a span, and the "Good" example of
 * docs/diagnostics/<CODE>.md compiles without errors. Every BOX20xx code has a doc page.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { compile } from "../../src/compile.ts";
import { SEMANTIC_CODES } from "../../src/diagnostics/codes/semantic.ts";
import { nodeHost } from "../../src/host/node.ts";
import { memoryHost } from "../../src/source/host.ts";

const root = join(import.meta.dirname, "../..");
const casesDir = join(root, "test/diagnostics");
const cases = readdirSync(casesDir).filter((d) => /^BOX20\d\d-/.test(d)).sort();

function filesUnder(dir: string, out: Record<string, string> = {}, base = dir): Record<string, string> {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) filesUnder(p, out, base);
    else out[relative(base, p).split("\\").join("/")] = readFileSync(p, "utf8");
  }
  return out;
}

for (const c of cases) {
  const code = c.slice(0, 7);
  test(`${c} reports ${code}`, () => {
    const dir = join(casesDir, c);
    const info = SEMANTIC_CODES[code as keyof typeof SEMANTIC_CODES];
    assert.ok(info, `${code} is not in the table`);
    assert.is(c, `${code}-${info.name}`, "folder name matches the table's name");
    const r = compile({ entries: [join(dir, "input.box")], root: dir, host: nodeHost });
    const hit = r.diagnostics.find((d) => d.code === code);
    assert.ok(hit, `${code} not reported; got: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`);
    assert.ok(hit!.span, "has a span");
    assert.is(hit!.severity, info.severity);
  });

  test(`${code} doc: the good example compiles without errors`, () => {
    const md = readFileSync(join(root, "docs/diagnostics", `${code}.md`), "utf8");
    const good = md.split("## Good")[1];
    assert.ok(good, "doc has a Good section");
    const files: Record<string, string> = {};
    const caseFiles = filesUnder(join(casesDir, c));
    for (const [p, t] of Object.entries(caseFiles)) if (p !== "input.box") files[`/p/${p}`] = t;
    for (const m of good!.matchAll(/(?:with `([^`]+)`:\n\n)?```box\n([\s\S]*?)\n```/g)) files[`/p/${m[1] ?? "input.box"}`] = `${m[2]}\n`;
    const r = compile({ entries: ["/p/input.box"], root: "/p", host: memoryHost(files) });
    const errs = r.diagnostics.filter((d) => d.severity === "error");
    assert.equal(errs.map((d) => `${d.code} ${d.message}`), []);
    assert.not.ok(r.diagnostics.some((d) => d.code === code));
  });
}

test("every BOX20xx code has a doc page and a case folder (or a unit test, listed here)", () => {
  const unitTested = new Set(["BOX2005", "BOX2012", "BOX2045"]);
  for (const [code, info] of Object.entries(SEMANTIC_CODES)) {
    assert.ok(existsSync(join(root, "docs/diagnostics", `${code}.md`)), `docs/diagnostics/${code}.md`);
    if (!unitTested.has(code)) assert.ok(cases.includes(`${code}-${info.name}`), `case folder for ${code}`);
  }
});

test.run();
