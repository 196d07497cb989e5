/** A `resources` block has only `cpu`, `memory` and `disk`. */
import { diag } from "../../diagnostics/make.ts";
import type { Diagnostic } from "../../diagnostics/types.ts";
import type { MergedBox } from "../merge.ts";
import { didYouMean } from "../suggest.ts";

const RESOURCE_KEYS = ["cpu", "memory", "disk"];

export function checkResourcesBlock(m: MergedBox): Diagnostic[] {
  const ds: Diagnostic[] = [];
  for (const e of m.resources) {
    const key = e.key.name;
    if (RESOURCE_KEYS.includes(key)) continue;
    const help = didYouMean(key, RESOURCE_KEYS);
    ds.push(diag("BOX2022", { name: key, block: "resources" }, { span: e.key, ...(help ? { help } : {}) }));
  }
  return ds;
}
