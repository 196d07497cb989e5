/** A `health` block: known keys, each once, exactly one check, and `http` with a port. */
import { keywordSpan } from "../../ast/types.ts";
import { diag } from "../../diagnostics/make.ts";
import type { Diagnostic } from "../../diagnostics/types.ts";
import type { Span } from "../../source/span.ts";
import type { MergedBox } from "../merge.ts";
import { didYouMean } from "../suggest.ts";

const HEALTH_KEYS = ["http", "command", "every", "timeout", "retries", "start"];

export function checkHealthBlock(m: MergedBox): Diagnostic[] {
  const h = m.health;
  if (!h) return [];
  const ds: Diagnostic[] = [];
  const seen = new Map<string, Span>();
  const checks: Span[] = [];
  for (const e of h.entries) {
    const key = e.key.name;
    if (!HEALTH_KEYS.includes(key)) {
      const help = didYouMean(key, HEALTH_KEYS);
      ds.push(diag("BOX2022", { name: key, block: "health" }, { span: e.key, ...(help ? { help } : {}) }));
      continue;
    }
    const first = seen.get(key);
    if (first) {
      ds.push(diag("BOX2039", { name: key, block: "health" }, { span: e.key, related: [{ span: first, message: "first given here" }] }));
      continue;
    }
    seen.set(key, e.key);
    if (key === "http" || key === "command") checks.push(e.key);
    if (key === "http" && e.port === undefined) {
      const path = e.value.kind === "String" ? e.value.value : "/path";
      ds.push(diag("BOX2023", { path }, { span: e }));
    }
  }
  if (checks.length !== 1) {
    const span = checks[1] ?? keywordSpan(h);
    const related = checks.length > 1 ? [{ span: checks[0]!, message: "the first check is here" }] : [];
    ds.push(diag("BOX2024", {}, { span, related }));
  }
  return ds;
}
