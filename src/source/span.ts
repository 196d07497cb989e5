/**
 * Source positions. Spans are half-open byte ranges over the decoded text of a file
 * (`start` inclusive, `end` exclusive, UTF-16 offsets as JavaScript strings use them).
 * Line and column are computed only at the edges (rendering), 1-based.
 */
export interface Span {
  /** Project-relative path with forward slashes, e.g. `services/api.box`. */
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

export interface LineCol {
  readonly line: number;
  readonly col: number;
}

export class SourceFile {
  readonly path: string;
  readonly text: string;
  #lineStarts: number[] | undefined;

  constructor(path: string, text: string) {
    this.path = path;
    this.text = text;
  }

  get lineStarts(): readonly number[] {
    if (this.#lineStarts === undefined) {
      const starts = [0];
      const t = this.text;
      for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) === 10) starts.push(i + 1);
      this.#lineStarts = starts;
    }
    return this.#lineStarts;
  }

  /** 1-based line and column (column counts UTF-16 code units + 1). */
  lineCol(offset: number): LineCol {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo]! + 1 };
  }

  /** Text of a 1-based line without its line terminator. */
  lineText(line: number): string {
    const starts = this.lineStarts;
    const s = starts[line - 1] ?? this.text.length;
    let e = starts[line] ?? this.text.length;
    if (e > s && this.text.charCodeAt(e - 1) === 10) e--;
    if (e > s && this.text.charCodeAt(e - 1) === 13) e--;
    return this.text.slice(s, e);
  }
}

export function span(file: string, start: number, end: number): Span {
  return { file, start, end };
}

/**
 * Just the position of `s`, as a span of its own. AST nodes are their own spans
 * (src/ast/types.ts): what outlives the front end (a diagnostic, the origins map) keeps this
 * copy, never the node and the subtree it holds.
 */
export function positionOf(s: Span): Span {
  return span(s.file, s.start, s.end);
}
