/**
 * rustc-style text form of one diagnostic:
 *
 *   error[BOX2003]: message
 *    --> file.box:3:7
 *     |
 *   3 |   foo bar
 *     |       ^^^
 *     |
 *    ::: other.box:1:5
 *     |
 *   1 | box bar {
 *     |     --- first defined here
 *     |
 *     = help: ...
 */
import type { SourceFile, Span } from "../source/span.ts";
import type { Diagnostic } from "./types.ts";

export interface TextOptions {
  readonly sources: ReadonlyMap<string, SourceFile>;
  readonly displayPath: (file: string) => string;
  readonly color: boolean;
}

const TAB = 4;
/** Lines longer than this (after tab expansion) are cut to a window around the span. */
export const MAX_LINE = 120;
/** A multi-line span longer than this shows its first and last lines only. */
const MAX_SPAN_LINES = 5;

interface Style {
  severity(sev: Diagnostic["severity"], s: string): string;
  bold(s: string): string;
  gutter(s: string): string;
  secondary(s: string): string;
}

const ANSI = (code: string) => (s: string) => (s === "" ? s : `\x1b[${code}m${s}\x1b[0m`);

function style(color: boolean): Style {
  if (!color) {
    const id = (s: string) => s;
    return { severity: (_sev, s) => s, bold: id, gutter: id, secondary: id };
  }
  return {
    severity: (sev, s) => (sev === "error" ? ANSI("1;31") : ANSI("1;33"))(s),
    bold: ANSI("1"),
    gutter: ANSI("1;34"),
    secondary: ANSI("1;34"),
  };
}

/** `file:line:col` of a span's start, or just the file when its text is unknown. */
export function location(span: Span, opts: Pick<TextOptions, "sources" | "displayPath">): string {
  const src = opts.sources.get(span.file);
  const path = opts.displayPath(span.file);
  if (!src) return path;
  const { line, col } = src.lineCol(clampOffset(src, span.start));
  return `${path}:${line}:${col}`;
}

export function renderText(d: Diagnostic, opts: TextOptions): string {
  const st = style(opts.color);
  const out: string[] = [];
  out.push(`${st.severity(d.severity, `${d.severity}[${d.code}]`)}${st.bold(`: ${d.message}`)}`);

  const frames: Frame[] = [];
  if (d.span) frames.push({ span: d.span, primary: true, label: "" });
  const notes: string[] = [];
  for (const r of d.related) {
    if (opts.sources.has(r.span.file)) frames.push({ span: r.span, primary: false, label: r.message });
    else notes.push(`${r.message} (${opts.displayPath(r.span.file)})`);
  }
  if (!d.span && d.at !== undefined) notes.push(`at \`${d.at}\` in the compiled model`);

  const width = Math.max(1, ...frames.map((f) => String(lastLine(f.span, opts)).length));
  const pad = " ".repeat(width);
  const bar = st.gutter(`${pad} |`);
  frames.forEach((f, i) => {
    const arrow = i === 0 && f.primary ? "-->" : ":::";
    if (i > 0) out.push(bar);
    out.push(`${pad}${st.gutter(arrow)} ${location(f.span, opts)}`);
    const src = opts.sources.get(f.span.file);
    if (!src) return;
    out.push(bar);
    for (const row of frameRows(src, f)) {
      if (row.kind === "gap") out.push(st.gutter("..."));
      else if (row.kind === "code") out.push(`${st.gutter(`${String(row.line).padStart(width)} |`)}${row.text ? ` ${row.text}` : ""}`);
      else {
        const marks = f.primary ? st.severity(d.severity, row.marks) : st.secondary(row.marks);
        const label = row.label ? ` ${f.primary ? st.severity(d.severity, row.label) : st.secondary(row.label)}` : "";
        out.push(`${bar} ${row.indent}${marks}${label}`);
      }
    }
    if (i === frames.length - 1) out.push(bar);
  });
  for (const n of notes) out.push(`${pad} ${st.gutter("=")} ${st.bold("note")}: ${n}`);
  if (d.help) out.push(`${pad} ${st.gutter("=")} ${st.bold("help")}: ${d.help}`);
  return `${out.join("\n")}\n`;
}

interface Frame {
  readonly span: Span;
  readonly primary: boolean;
  readonly label: string;
}

type Row =
  | { readonly kind: "code"; readonly line: number; readonly text: string }
  | { readonly kind: "marks"; readonly indent: string; readonly marks: string; readonly label: string }
  | { readonly kind: "gap" };

function clampOffset(src: SourceFile, offset: number): number {
  if (!Number.isFinite(offset)) return 0;
  return Math.max(0, Math.min(src.text.length, offset));
}

/** The 1-based line numbers a span covers; an end at the very start of a line stays on the previous one. */
function spanLines(src: SourceFile, span: Span): { first: number; last: number; start: number; end: number } {
  const start = clampOffset(src, span.start);
  const end = Math.max(start, clampOffset(src, span.end));
  const first = src.lineCol(start).line;
  let last = src.lineCol(end).line;
  if (last > first && src.lineCol(end).col === 1) last--;
  return { first, last, start, end };
}

function lastLine(span: Span, opts: TextOptions): number {
  const src = opts.sources.get(span.file);
  return src ? spanLines(src, span).last : 1;
}

/** A source line made printable: tabs expanded, control characters shown as symbols. */
interface Printable {
  readonly text: string;
  /** Display column (0-based) of each UTF-16 offset within the line, plus one past the end. */
  readonly cols: readonly number[];
}

export function printable(line: string): Printable {
  let text = "";
  const cols: number[] = [];
  for (let i = 0; i < line.length; i++) {
    cols.push(text.length);
    const c = line.charCodeAt(i);
    if (c === 9) text += " ".repeat(TAB - (text.length % TAB));
    else if (c < 32 || c === 127) text += String.fromCharCode(c === 127 ? 0x2421 : 0x2400 + c);
    else text += line[i];
  }
  cols.push(text.length);
  return { text, cols };
}

function frameRows(src: SourceFile, f: Frame): Row[] {
  const { first, last, start, end } = spanLines(src, f.span);
  const mark = f.primary ? "^" : "-";
  let lines: (number | null)[] = [];
  for (let l = first; l <= last; l++) lines.push(l);
  if (lines.length > MAX_SPAN_LINES) lines = [first, first + 1, null, last - 1, last];
  const rows: Row[] = [];
  for (const l of lines) {
    if (l === null) {
      rows.push({ kind: "gap" });
      continue;
    }
    const raw = src.lineText(l);
    const p = printable(raw);
    const lineStart = src.lineStarts[l - 1]!;
    const from = l === first ? start - lineStart : firstNonBlank(raw);
    const to = l === last ? Math.min(end - lineStart, raw.length) : raw.length;
    // A span may start in the line terminator that lineText drops (the `\r` of CRLF).
    let c0 = p.cols[Math.min(from, raw.length)]!;
    let c1 = p.cols[Math.min(Math.max(from, to), raw.length)]!;
    if (c1 <= c0) c1 = c0 + 1;
    const [shown, shift, limit] = window(p.text, c0);
    c0 += shift;
    c1 = Math.max(c0 + 1, Math.min(c1 + shift, limit));
    rows.push({ kind: "code", line: l, text: shown.trimEnd() });
    rows.push({
      kind: "marks",
      indent: " ".repeat(c0),
      marks: mark.repeat(c1 - c0),
      label: l === last ? f.label : "",
    });
  }
  return rows;
}

function firstNonBlank(s: string): number {
  const m = /\S/.exec(s);
  return m ? m.index : 0;
}

/**
 * Cuts a long line to MAX_LINE columns starting a little before column c0. Returns the
 * shown text, the column shift to apply to marks, and the last column marks may reach
 * (past the end of the line, for a span at its very end).
 */
function window(text: string, c0: number): [string, number, number] {
  if (text.length <= MAX_LINE) return [text, 0, Number.MAX_SAFE_INTEGER];
  let ws = Math.max(0, c0 - 40);
  if (ws + MAX_LINE > text.length) ws = Math.max(0, text.length - MAX_LINE);
  const head = ws > 0 ? "..." : "";
  const we = ws + MAX_LINE;
  const tail = we < text.length ? "..." : "";
  const shift = head.length - ws;
  return [`${head}${text.slice(ws, we)}${tail}`, shift, tail ? we + shift : Number.MAX_SAFE_INTEGER];
}
