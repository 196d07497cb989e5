import type { Diagnostic } from "./types.ts";

export interface Summary {
  readonly errors: number;
  readonly warnings: number;
}

export function summarize(ds: readonly Diagnostic[]): Summary {
  let errors = 0;
  let warnings = 0;
  for (const d of ds) d.severity === "error" ? errors++ : warnings++;
  return { errors, warnings };
}

export function countPhrase(s: Summary): string {
  const words: string[] = [];
  if (s.errors > 0) words.push(`${s.errors} error${s.errors === 1 ? "" : "s"}`);
  if (s.warnings > 0) words.push(`${s.warnings} warning${s.warnings === 1 ? "" : "s"}`);
  return words.join(", ") || "no problems";
}
