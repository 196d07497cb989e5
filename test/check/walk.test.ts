/**
 * The walk reads only the fields REF_FIELDS names: every other field of every node in real
 * sources (the examples, the docs' examples, every statement form) must hold no node a
 * `Ref` could hide in, or parameters there would go unnoticed.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseSource } from "../../src/ast/parse.ts";
import { REF_FIELDS, forEachRef, replaceRefs } from "../../src/check/walk.ts";
import type { Ref, Value } from "../../src/ast/types.ts";

const root = join(import.meta.dirname, "../..");
const LEAVES = new Set(["Ident", "String", "Number", "Size", "Duration", "Bool", "Comment"]);

function boxFiles(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) boxFiles(p, out);
    else if (n.endsWith(".box")) out.push(p);
  }
  return out;
}

function mdFiles(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) mdFiles(p, out);
    else if (n.endsWith(".md")) out.push(p);
  }
  return out;
}

function sources(): [string, string][] {
  const files = boxFiles(join(root, "examples")).map((f): [string, string] => [f, readFileSync(f, "utf8")]);
  for (const md of mdFiles(join(root, "docs"))) {
    [...readFileSync(md, "utf8").matchAll(/```box\n([\s\S]*?)```/g)].forEach((m, i) => files.push([`${md}#${i}`, m[1]!]));
  }
  // Every statement and value form, parameters in each value position.
  files.push([
    "all.box",
    `template t(a, b = "x", c = [a, "y"]) {
  os a
  python a
  workdir a
  user a
  allow-root a
  image a
  restart a
  stop-signal a
  build a
  pip { index a  extra-index a  a  "r==1" hash a }
  apt { a "curl" }
  copy a to b
  env { A = a }
  secret S file a
  run [a, b]
  expose a
  expose 80 udp
  health { http a port a  every a }
  resources { cpu a }
  connect other port a
  volume a at b size a
  publish a on b
  unknown-thing
}
box other extends t(a = "1") {}
target vm "edge" { boxes [other] region a }
`,
  ]);
  return files;
}

/** No node other than leaves anywhere under `v`. */
function leavesOnly(v: unknown): boolean {
  if (Array.isArray(v)) return v.every(leavesOnly);
  if (typeof v !== "object" || v === null) return true;
  const kind = (v as { kind?: unknown }).kind;
  if (typeof kind !== "string") return true;
  return LEAVES.has(kind);
}

test("fields the walk skips hold no value nodes", () => {
  let nodes = 0;
  const kinds = new Set<string>();
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (typeof n !== "object" || n === null) return;
    const kind = (n as { kind?: unknown }).kind;
    if (typeof kind !== "string") return;
    nodes++;
    kinds.add(kind);
    const fields = (REF_FIELDS as Record<string, readonly string[] | undefined>)[kind];
    for (const [k, v] of Object.entries(n)) {
      if (k === "kind" || k === "keywordEnd") continue;
      if (fields === undefined || !fields.includes(k)) assert.ok(leavesOnly(v), `${kind}.${k} holds a node the walk skips`);
      visit(v);
    }
  };
  for (const [name, text] of sources()) {
    const parsed = parseSource(name, new TextEncoder().encode(text));
    if (parsed.ast) visit(parsed.ast);
  }
  assert.ok(nodes > 500, `walked ${nodes} nodes`);
  for (const k of Object.keys(REF_FIELDS)) assert.ok(kinds.has(k) || k === "Import", `the sources have a ${k} node`);
});

test("every parameter reference is found and replaced", () => {
  const [, text] = sources().at(-1)!;
  const parsed = parseSource("all.box", new TextEncoder().encode(text));
  assert.equal(parsed.diagnostics, [], "the sample parses");
  const ast = parsed.ast!;
  const template = ast.statements.find((s) => s.kind === "Template")!;
  const refs: Ref[] = [];
  forEachRef(template, (r) => refs.push(r));
  // 31 `a`/`b` in value positions of the body, and the `a` in the default of `c`.
  assert.is(refs.length, 32);
  const x: Value = { kind: "String", value: "X", triple: false, file: "all.box", start: 0, end: 0 };
  const replaced = replaceRefs(template.kind === "Template" ? template.body : template, () => x);
  const left: Ref[] = [];
  forEachRef(replaced, (r) => left.push(r));
  assert.equal(left, []);
});

test.run();
