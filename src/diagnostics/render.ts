/**
 * Diagnostics rendering: one entry point for the three output formats. Diagnostics carry
 * spans (offsets); line:column and code frames are computed only here, at the edge.
 */
import type { SourceFile } from "../source/span.ts";
import type { Diagnostic } from "./types.ts";
import { renderText, type TextOptions } from "./render-text.ts";
import { renderGithub } from "./render-github.ts";
import { renderJson } from "./render-json.ts";
import { countPhrase, summarize } from "./render-summary.ts";

export { countPhrase, summarize, type Summary } from "./render-summary.ts";

export type OutputFormat = "text" | "json" | "github";

export interface RenderOptions {
  readonly format: OutputFormat;
  /** Project-relative path → source text, for code frames. */
  readonly sources: ReadonlyMap<string, SourceFile>;
  /** Maps a project-relative path to the path shown to the user (relative to the cwd). */
  readonly displayPath?: (file: string) => string;
  readonly color?: boolean;
  /** At most this many diagnostics are shown (text and github); the rest are counted. */
  readonly limit?: number;
}

export const DEFAULT_LIMIT = 50;

/** Sorted by file, then position, then code; diagnostics without a file come first. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => d.span?.file ?? "";
  return [...ds].sort(
    (a, b) =>
      cmp(key(a), key(b)) ||
      (a.span?.start ?? -1) - (b.span?.start ?? -1) ||
      (a.span?.end ?? -1) - (b.span?.end ?? -1) ||
      cmp(a.code, b.code) ||
      cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The complete report for a run, ready to print (empty string when nothing to say in text form). */
export function renderDiagnostics(ds: readonly Diagnostic[], opts: RenderOptions): string {
  const sorted = sortDiagnostics(ds);
  const textOpts: TextOptions = {
    sources: opts.sources,
    displayPath: opts.displayPath ?? ((f) => f),
    color: opts.color ?? false,
  };
  // Hiding a single diagnostic behind "1 more" helps nobody (and the parser's own
  // "too many syntax errors" note comes right after its 50 errors): show it instead.
  const cap = opts.limit ?? DEFAULT_LIMIT;
  const limit = sorted.length <= cap + 1 ? sorted.length : cap;
  switch (opts.format) {
    case "json":
      return renderJson(sorted, textOpts);
    case "github":
      return renderGithub(sorted, textOpts, limit);
    case "text":
      return renderTextReport(sorted, textOpts, limit);
  }
}

function renderTextReport(sorted: readonly Diagnostic[], opts: TextOptions, limit: number): string {
  if (sorted.length === 0) return "";
  const shown = sorted.slice(0, limit);
  const parts = shown.map((d) => renderText(d, opts));
  const hidden = sorted.slice(limit);
  if (hidden.length > 0) {
    const h = summarize(hidden);
    parts.push(`... and ${countPhrase(h)} more not shown\n`);
  }
  parts.push(`${countPhrase(summarize(sorted))}\n`);
  return parts.join("\n");
}
