/**
 * Step 3: templates and `extends`. Each box becomes its chain of bodies, farthest ancestor
 * first, with template parameters replaced by the argument's value node (which keeps its own
 * span, so a bad argument is reported at the call site) or the parameter's default.
 */
import type { Arg, Body, BoxDecl, TemplateDecl, Value } from "../ast/types.ts";
import { diag } from "../diagnostics/make.ts";
import type { Diagnostic, Result } from "../diagnostics/types.ts";
import type { Symbols } from "./resolve.ts";
import { MAX_BOXES, MAX_EXTENDS_DEPTH } from "./limits.ts";
import { didYouMean } from "./suggest.ts";
import { replaceRefs } from "./walk.ts";

/** Box name → its bodies, parent first; boxes whose chain is broken are absent. */
export type Chains = ReadonlyMap<string, readonly Body[]>;

export function instantiate(sym: Symbols): Result<Chains> {
  const ds: Diagnostic[] = [];
  const memo = new Map<string, readonly Body[] | null>();
  const stack: BoxDecl[] = [];

  const chainOf = (box: BoxDecl): readonly Body[] | null => {
    const known = memo.get(box.name.name);
    if (known !== undefined) return known;
    const at = stack.indexOf(box);
    if (at >= 0) {
      const cycle = stack.slice(at);
      const closing = stack[stack.length - 1]!;
      const chain = [...cycle.map((b) => b.name.name), box.name.name].join(" → ");
      const related = cycle.slice(0, -1).map((b) => ({ span: b.extends!.name, message: `\`${b.name.name}\` extends \`${b.extends!.name.name}\` here` }));
      ds.push(diag("BOX2016", { chain }, { span: closing.extends!.name, related }));
      for (const b of cycle) memo.set(b.name.name, null);
      return null;
    }
    const ext = box.extends;
    if (!ext) {
      memo.set(box.name.name, [box.body]);
      return [box.body];
    }
    // Bounded recursion and work (check/limits.ts): a chain past the limit is refused here.
    if (stack.length >= MAX_EXTENDS_DEPTH) {
      ds.push(diag("BOX2091", { name: box.name.name, limit: MAX_EXTENDS_DEPTH }, { span: ext }));
      memo.set(box.name.name, null);
      return null;
    }
    stack.push(box);
    let result: readonly Body[] | null = null;
    const parentName = ext.name.name;
    const template = sym.templates.get(parentName);
    const parentBox = sym.boxes.get(parentName);
    if (template) {
      const body = applyTemplate(template, ext.args ?? [], ext.name, ds);
      result = body === null ? null : [body, box.body];
    } else if (parentBox) {
      if (ext.args !== undefined) ds.push(diag("BOX2017", { name: parentName }, { span: ext }));
      const parent = chainOf(parentBox);
      if (parent !== null && parent.length >= MAX_EXTENDS_DEPTH) {
        ds.push(diag("BOX2091", { name: box.name.name, limit: MAX_EXTENDS_DEPTH }, { span: ext }));
      } else result = parent === null ? null : [...parent, box.body];
    } else {
      const help = didYouMean(parentName, [...sym.templates.keys(), ...sym.boxes.keys()].filter((n) => n !== box.name.name));
      ds.push(diag("BOX2008", { name: parentName }, { span: ext.name, ...(help ? { help } : {}) }));
    }
    stack.pop();
    if (!memo.has(box.name.name)) memo.set(box.name.name, result);
    return memo.get(box.name.name)!;
  };

  const chains = new Map<string, readonly Body[]>();
  if (sym.boxes.size > MAX_BOXES) {
    const extra = [...sym.boxes.values()][MAX_BOXES]!;
    ds.push(diag("BOX2092", { count: sym.boxes.size, limit: MAX_BOXES }, { span: extra.name }));
    return [chains, ds];
  }
  for (const b of sym.boxes.values()) {
    const c = chainOf(b);
    if (c) chains.set(b.name.name, c);
  }
  return [chains, ds];
}

function applyTemplate(
  t: TemplateDecl,
  args: readonly Arg[],
  callSpan: import("../source/span.ts").Span,
  ds: Diagnostic[],
): Body | null {
  const tname = t.name.name;
  const params = new Set(t.params.map((p) => p.name.name));
  const given = new Map<string, Arg>();
  let ok = true;
  for (const a of args) {
    const name = a.name.name;
    if (!params.has(name)) {
      const help = didYouMean(name, params);
      ds.push(diag("BOX2014", { template: tname, name }, { span: a.name, ...(help ? { help } : {}) }));
      ok = false;
      continue;
    }
    const first = given.get(name);
    if (first) {
      ds.push(diag("BOX2015", { name }, { span: a.name, related: [{ span: first.name, message: "first given here" }] }));
      ok = false;
      continue;
    }
    given.set(name, a);
  }
  const env = new Map<string, Value>();
  for (const p of t.params) {
    const a = given.get(p.name.name);
    if (a) env.set(p.name.name, a.value);
    else if (p.default) env.set(p.name.name, p.default);
    else if (!env.has(p.name.name)) {
      ds.push(
        diag("BOX2013", { template: tname, param: p.name.name }, { span: callSpan, related: [{ span: p.name, message: "declared here" }] }),
      );
      ok = false;
    }
  }
  if (!ok) return null;
  return replaceRefs(t.body, (r) => env.get(r.name));
}
