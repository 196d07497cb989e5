/**
 * `--format json`: one versioned document. Field names and meanings are stable within a
 * version; new fields may be added. Positions are 1-based; `endColumn` is exclusive.
 */
import { summarize } from "./render-summary.ts";
import type { SourceFile, Span } from "../source/span.ts";
import type { Diagnostic } from "./types.ts";
import { renderText, type TextOptions } from "./render-text.ts";

export const JSON_FORMAT_VERSION = 1;

export interface JsonPosition {
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly endLine: number | null;
  readonly endColumn: number | null;
}

export function position(span: Span | undefined, opts: Pick<TextOptions, "sources" | "displayPath">): JsonPosition {
  if (!span) return { file: null, line: null, column: null, endLine: null, endColumn: null };
  const file = opts.displayPath(span.file);
  const src: SourceFile | undefined = opts.sources.get(span.file);
  if (!src) return { file, line: null, column: null, endLine: null, endColumn: null };
  const clamp = (o: number) => (Number.isFinite(o) ? Math.max(0, Math.min(src.text.length, o)) : 0);
  const s = src.lineCol(clamp(span.start));
  const e = src.lineCol(Math.max(clamp(span.start), clamp(span.end)));
  return { file, line: s.line, column: s.col, endLine: e.line, endColumn: e.col };
}

export function renderJson(sorted: readonly Diagnostic[], opts: TextOptions): string {
  const plain: TextOptions = { ...opts, color: false };
  const diagnostics = sorted.map((d) => {
    return {
      code: d.code,
      name: d.name,
      severity: d.severity,
      message: d.message,
      ...position(d.span, opts),
      related: d.related.map((r) => ({ message: r.message, ...position(r.span, opts) })),
      help: d.help ?? null,
      rendered: renderText(d, plain),
    };
  });
  return `${JSON.stringify({ version: JSON_FORMAT_VERSION, diagnostics, summary: summarize(sorted) }, null, 2)}\n`;
}
