/**
 * Every value and conflict code (BOX21xx, BOX22xx, BOX30xx) has a case folder
 * test/diagnostics/<CODE>-<name>/ whose input.box reports it through the whole compiler, and a
 * docs/diagnostics/<CODE>.md page whose "Good" example compiles without errors or that code.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { compile } from "../../src/compile.ts";
import { VALUE_CODES } from "../../src/diagnostics/codes/values.ts";
import { CONFLICT_CODES } from "../../src/diagnostics/codes/conflict.ts";
import type { CodeInfo } from "../../src/diagnostics/types.ts";
import { nodeHost } from "../../src/host/node.ts";
import { memoryHost } from "../../src/source/host.ts";

const root = join(import.meta.dirname, "../..");
const casesDir = join(root, "test/diagnostics");
const OURS: Record<string, CodeInfo> = { ...VALUE_CODES, ...CONFLICT_CODES };

/** Regular files of a case folder (symbolic links are left out: they exist to point outside). */
function filesUnder(dir: string, out: Record<string, string> = {}, base = dir): Record<string, string> {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    const st = lstatSync(p);
    if (st.isDirectory()) filesUnder(p, out, base);
    else if (st.isFile()) out[relative(base, p).split("\\").join("/")] = readFileSync(p, "utf8");
  }
  return out;
}

for (const [code, info] of Object.entries(OURS)) {
  const dir = join(casesDir, `${code}-${info.name}`);

  test(`${code}-${info.name} reports ${code}`, () => {
    assert.ok(existsSync(join(dir, "input.box")), `missing ${relative(root, dir)}/input.box`);
    const r = compile({ entries: [join(dir, "input.box")], root: dir, host: nodeHost });
    const hit = r.diagnostics.find((d) => d.code === code);
    assert.ok(hit, `${code} not reported; got: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`);
    assert.ok(hit!.span, "has a span");
    assert.is(hit!.severity, info.severity);
    const others = r.diagnostics.filter((d) => d.code !== code && d.severity === "error");
    assert.equal(others.map((d) => `${d.code} ${d.message}`), [], "the case shows only its own error");
    if (code.startsWith("BOX30")) {
      assert.is(hit!.related.length, 2, "names the first box's statement and the vm's box list");
      assert.ok(hit!.related.every((x) => x.span.start < hit!.span!.start || x.message.startsWith("vm ")));
    }
  });

  test(`${code} doc: the good example compiles without errors`, () => {
    const md = readFileSync(join(root, "docs/diagnostics", `${code}.md`), "utf8");
    assert.ok(md.startsWith(`# ${code} — \`${info.name}\` (${info.severity})`));
    const good = md.split("## Good")[1];
    assert.ok(good, "doc has a Good section");
    const files: Record<string, string> = {};
    for (const [p, t] of Object.entries(filesUnder(dir))) if (p !== "input.box") files[`/p/${p}`] = t;
    const m = /```box\n([\s\S]*?)\n```/.exec(good!);
    assert.ok(m, "doc has a box example under Good");
    files["/p/input.box"] = `${m![1]}\n`;
    const r = compile({ entries: ["/p/input.box"], root: "/p", host: memoryHost(files) });
    assert.equal(r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`), []);
    assert.not.ok(r.diagnostics.some((d) => d.code === code));
    // The bad example of the doc is the case's input.
    const bad = /## Bad\n\n```box\n([\s\S]*?)\n```/.exec(md);
    assert.is(`${bad?.[1]}\n`, readFileSync(join(dir, "input.box"), "utf8"));
  });
}

test.run();
