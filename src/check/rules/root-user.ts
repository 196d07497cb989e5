/** `user "root"` is an explicit decision: it needs `allow-root true`. */
import { diag } from "../../diagnostics/make.ts";
import type { Diagnostic } from "../../diagnostics/types.ts";
import type { MergedBox } from "../merge.ts";

export function checkRootUser(m: MergedBox): Diagnostic[] {
  const u = m.scalars.User?.value;
  if (u?.kind !== "String" || u.value !== "root") return [];
  const allow = m.scalars.AllowRoot?.value;
  if (allow?.kind === "Bool" && allow.value) return [];
  return [diag("BOX2025", {}, { span: u })];
}
