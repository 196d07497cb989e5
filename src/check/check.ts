/**
 * The checker: loaded project → merged boxes, running steps 2–5 (names, templates and
 * `extends`, merge, statement rules). Lowering (step 7) follows in src/lower.
 */
import type { Diagnostic, Result } from "../diagnostics/types.ts";
import type { Project } from "./load.ts";
import { instantiate } from "./instantiate.ts";
import { appendAll } from "./limits.ts";
import { mergeBodies, type MergedBox } from "./merge.ts";
import { resolveSymbols, type Symbols } from "./resolve.ts";
import { checkBoxBase } from "./rules/box-base.ts";
import { checkHealthBlock } from "./rules/health-block.ts";
import { checkResourcesBlock } from "./rules/resources-block.ts";
import { checkRootUser } from "./rules/root-user.ts";

export interface Checked {
  readonly symbols: Symbols;
  readonly merged: ReadonlyMap<string, MergedBox>;
}

const BOX_RULES: readonly ((m: MergedBox) => readonly Diagnostic[])[] = [checkHealthBlock, checkResourcesBlock, checkRootUser];

export function checkProject(p: Project): Result<Checked> {
  const ds: Diagnostic[] = [];
  const [symbols, d1] = resolveSymbols(p);
  appendAll(ds, d1);
  const [chains, d2] = instantiate(symbols);
  appendAll(ds, d2);
  // Unused templates still get their body's structural checks; used ones are reported once (duplicates are dropped).
  for (const t of symbols.templates.values()) appendAll(ds, mergeBodies(t.name.name, [t.body])[1]);
  const merged = new Map<string, MergedBox>();
  for (const [name, bodies] of [...chains].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const [m, dm] = mergeBodies(name, bodies);
    appendAll(ds, dm);
    for (const rule of BOX_RULES) appendAll(ds, rule(m));
    appendAll(ds, checkBoxBase(m, symbols.boxes.get(name)!.name));
    merged.set(name, m);
  }
  return [{ symbols, merged }, ds];
}
