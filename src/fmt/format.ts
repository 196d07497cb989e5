/**
 * `boxc fmt`: one canonical layout, comments kept, meaning unchanged.
 *
 * The AST is printed as a list of output lines, each remembering the source offset of its
 * first token. Comments are then attached: a comment on its own line goes before the output
 * line holding the next token, a comment after code goes at the end of the output line holding
 * the previous token (when two land on one line, the earlier ones move above it). Since output
 * lines keep source order, this never moves a comment across code it did not sit next to.
 *
 * Layout: 2-space indentation; one statement per line; `{` on the statement's line; a block
 * with one item and no comment inside stays on one line (`apt { "curl" }`), otherwise one item
 * per line; `project` and `import` lines together, consecutive one-line `target`s together, one
 * blank line between other declarations; inside bodies, blank lines kept, at most one; strings
 * re-spelled canonically (triple-quoted ones stay so when their value allows); numbers, sizes
 * and durations as written. Unknown statements (a checker error, not a syntax error) are kept
 * exactly as written.
 */
import type { IToken } from "chevrotain";
import type { Diagnostic, Result } from "../diagnostics/types.ts";
import { hasErrors } from "../diagnostics/make.ts";
import { parseDetailed } from "../ast/parse.ts";
import type * as A from "../ast/types.ts";
import { STATEMENT_KEYWORDS } from "../ast/types.ts";
import { quoteString, tripleString } from "./strings.ts";

const INDENT = "  ";

/** How a line may be separated from the previous one. */
type BlankMode = "forced" | "never" | "preserve";

interface Line {
  readonly depth: number;
  readonly text: string;
  /** Source offset of the first token printed on the line. */
  readonly first: number;
  readonly mode: BlankMode;
  /** A `}` line: comments before it are indented one level deeper. */
  readonly close: boolean;
  readonly leading: A.Comment[];
  readonly trailing: A.Comment[];
}

/**
 * The canonical layout of a `.box` file, or null (with the diagnostics) when it has errors.
 * Give the file's bytes when there are bytes: they are decoded as the compiler decodes them
 * (strict UTF-8, BOX1001), where a string already decoded could hide bytes that were not text.
 */
export function formatSource(path: string, input: Uint8Array | string): Result<string | null> {
  const parsed = parseDetailed(path, input);
  const diagnostics: readonly Diagnostic[] = parsed.diagnostics;
  if (parsed.ast === null || parsed.file === null || hasErrors(diagnostics)) return [null, diagnostics];
  return [new Printer(parsed.file.text, parsed.ast, parsed.tokens).print(), diagnostics];
}

class Printer {
  readonly src: string;
  readonly ast: A.BoxFile;
  readonly tokens: readonly IToken[];
  readonly lines: Line[] = [];
  /** Source ranges printed verbatim (unknown statements): their comments are part of the text. */
  readonly verbatim: { start: number; end: number }[] = [];

  constructor(src: string, ast: A.BoxFile, tokens: readonly IToken[]) {
    this.src = src;
    this.ast = ast;
    this.tokens = tokens;
  }

  print(): string {
    let prev: A.TopStatement | undefined;
    let prevOneLine = false;
    for (const st of this.ast.statements) {
      const before = this.lines.length;
      const mode: BlankMode =
        prev === undefined
          ? "never"
          : isHeader(prev) && isHeader(st)
            ? "never"
            : prev.kind === "Target" && st.kind === "Target" && prevOneLine && this.targetIsOneLine(st)
              ? "never"
              : "forced";
      this.top(st, mode);
      prevOneLine = this.lines.length - before === 1;
      prev = st;
    }
    const tail = this.attachComments();
    return this.emit(tail);
  }

  // ─── printing the AST into lines ─────────────────────────────────────────

  line(depth: number, text: string, first: number, mode: BlankMode, close = false): void {
    this.lines.push({ depth, text, first, mode, close, leading: [], trailing: [] });
  }

  top(st: A.TopStatement, mode: BlankMode): void {
    switch (st.kind) {
      case "Project":
        return this.line(0, `project ${this.value(st.name, 0)}`, st.start, mode);
      case "Import":
        return this.line(0, `import ${this.value(st.path, 0)}`, st.start, mode);
      case "Template": {
        const params = st.params
          .map((p) => (p.default === undefined ? p.name.name : `${p.name.name} = ${this.value(p.default, 0)}`))
          .join(", ");
        return this.body(`template ${st.name.name}(${params})`, st.start, st.body, mode);
      }
      case "Box": {
        let head = `box ${st.name.name}`;
        if (st.extends !== undefined) {
          head += ` extends ${st.extends.name.name}`;
          if (st.extends.args !== undefined) {
            head += `(${st.extends.args.map((a) => `${a.name.name} = ${this.value(a.value, 0)}`).join(", ")})`;
          }
        }
        return this.body(head, st.start, st.body, mode);
      }
      case "Target": {
        let head = `target ${st.targetKind.name}`;
        if (st.name !== undefined) head += ` ${this.value(st.name, 0)}`;
        if (st.options.length === 0) return this.line(0, head, st.start, mode);
        const items = st.options.map((o) => ({ text: `${o.name.name} ${this.value(o.value, 1)}`, first: o.start }));
        return this.block(0, head, st.start, mode, items, this.targetOpen(st), st.end);
      }
    }
  }

  targetIsOneLine(st: A.TargetDecl): boolean {
    if (st.options.length === 0) return true;
    return st.options.length === 1 && !this.commentsIn(this.targetOpen(st), st.end) && !this.value(st.options[0]!.value, 1).includes("\n");
  }

  targetOpen(st: A.TargetDecl): number {
    return this.openAfter((st.name ?? st.targetKind).end);
  }

  /** A box or template body: never collapsed onto the head line unless empty. */
  body(head: string, first: number, body: A.Body, mode: BlankMode): void {
    if (body.statements.length === 0 && !this.commentsIn(body.start, body.end)) {
      return this.line(0, `${head} {}`, first, mode);
    }
    this.line(0, `${head} {`, first, mode);
    body.statements.forEach((s, i) => this.statement(s, 1, i === 0 ? "never" : "preserve"));
    this.line(0, "}", body.end - 1, "never", true);
  }

  /** `head { items }`: on one line when there is one single-line item and no comment inside. */
  block(
    depth: number,
    head: string,
    first: number,
    mode: BlankMode,
    items: readonly { text: string; first: number }[],
    open: number,
    end: number,
  ): void {
    const hasComments = this.commentsIn(open, end);
    if (items.length === 0 && !hasComments) return this.line(depth, `${head} {}`, first, mode);
    if (items.length === 1 && !hasComments && !items[0]!.text.includes("\n")) {
      return this.line(depth, `${head} { ${items[0]!.text} }`, first, mode);
    }
    this.line(depth, `${head} {`, first, mode);
    items.forEach((it, i) => this.line(depth + 1, it.text, it.first, i === 0 ? "never" : "preserve"));
    this.line(depth, "}", end - 1, "never", true);
  }

  statement(s: A.Statement, depth: number, mode: BlankMode): void {
    const kw = s.kind === "Unknown" ? "" : STATEMENT_KEYWORDS[s.kind];
    const v = (x: A.Value) => this.value(x, depth);
    const simple = (text: string) => this.line(depth, text, s.start, mode);
    const blk = (items: { text: string; first: number }[]) =>
      this.block(depth, kw, s.start, mode, items, this.openAfter(s.keywordEnd), s.end);
    switch (s.kind) {
      case "Os":
      case "Python":
      case "Workdir":
      case "User":
      case "AllowRoot":
      case "Image":
      case "Restart":
      case "StopSignal":
      case "Build":
        return simple(`${kw} ${v(s.value)}`);
      case "Run":
        return simple(`${kw} ${v(s.command)}`);
      case "Copy":
        return simple(`${kw} ${v(s.source)} to ${v(s.dest)}`);
      case "Secret":
        return simple(`${kw} ${s.name.name}${s.path ? ` file ${v(s.path)}` : ""}`);
      case "Expose":
        return simple(`${kw} ${v(s.port)}${s.protocol ? ` ${s.protocol.name}` : ""}`);
      case "Connect":
        return simple(`${kw} ${s.box.name}${s.port ? ` port ${v(s.port)}` : ""}`);
      case "Volume":
        return simple(`${kw} ${v(s.name)} at ${v(s.path)}${s.size ? ` size ${v(s.size)}` : ""}`);
      case "Publish":
        return simple(`${kw} ${v(s.port)}${s.hostPort ? ` on ${v(s.hostPort)}` : ""}`);
      case "Pip":
        return blk(
          s.items.map((it) => ({
            first: it.start,
            text:
              it.kind === "PipRequirement"
                ? [this.value(it.requirement, depth + 1), ...it.hashes.map((h) => `hash ${this.value(h, depth + 1)}`)].join(" ")
                : `${it.kind === "PipIndex" ? "index" : "extra-index"} ${this.value(it.url, depth + 1)}`,
          })),
        );
      case "Apt":
        return blk(s.packages.map((p) => ({ first: p.start, text: this.value(p, depth + 1) })));
      case "Env":
        return blk(s.entries.map((e) => ({ first: e.start, text: `${e.name.name} = ${this.value(e.value, depth + 1)}` })));
      case "Health":
        return blk(
          s.entries.map((e) => ({
            first: e.start,
            text: `${e.key.name} ${this.value(e.value, depth + 1)}${e.port ? ` port ${this.value(e.port, depth + 1)}` : ""}`,
          })),
        );
      case "Resources":
        return blk(s.entries.map((e) => ({ first: e.start, text: `${e.key.name} ${this.value(e.value, depth + 1)}` })));
      case "Unknown": {
        this.verbatim.push({ start: s.start, end: s.end });
        // Its arguments mean nothing to the AST; only line ends and trailing blanks are tidied.
        return simple(this.src.slice(s.start, s.end).replace(/\r\n/g, "\n").replace(/[ \t]+$/gm, ""));
      }
    }
  }

  /** A value at statement depth `depth` (a triple-quoted string's lines go one level deeper). */
  value(v: A.Value, depth: number): string {
    switch (v.kind) {
      case "String":
        return (v.triple ? tripleString(v.value, INDENT.repeat(depth + 1)) : undefined) ?? quoteString(v.value);
      case "Number":
      case "Size":
      case "Duration":
        return v.text;
      case "Bool":
        return v.value ? "true" : "false";
      case "Ref":
        return v.name;
      case "List":
        return `[${v.items.map((i) => this.value(i, depth)).join(", ")}]`;
    }
  }

  // ─── comments ────────────────────────────────────────────────────────────

  /** Index of the first token starting at or after `offset`. */
  tokenIndex(offset: number): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid]!.startOffset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Offset of the first `{` token after `offset`. */
  openAfter(offset: number): number {
    return this.tokens[this.tokenIndex(offset)]?.startOffset ?? offset;
  }

  commentsIn(start: number, end: number): boolean {
    const cs = this.ast.comments;
    let lo = 0;
    let hi = cs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cs[mid]!.start <= start) lo = mid + 1;
      else hi = mid;
    }
    return lo < cs.length && cs[lo]!.start < end;
  }

  /** The last output line whose first token is at or before `offset`. */
  lineAt(offset: number): Line | undefined {
    let lo = 0;
    let hi = this.lines.length - 1;
    let found: Line | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.lines[mid]!.first <= offset) {
        found = this.lines[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  ownLine(c: A.Comment): boolean {
    for (let i = c.start - 1; i >= 0; i--) {
      const ch = this.src.charCodeAt(i);
      if (ch === 10) return true;
      if (ch !== 32 && ch !== 9 && ch !== 13) return false;
    }
    return true;
  }

  /** Attaches each comment to a line; returns the comments after the last token. */
  attachComments(): A.Comment[] {
    const tail: A.Comment[] = [];
    for (const c of this.ast.comments) {
      if (this.verbatim.some((r) => c.start >= r.start && c.start < r.end)) continue;
      const next = this.tokenIndex(c.start);
      if (!this.ownLine(c) && next > 0) {
        this.lineAt(this.tokens[next - 1]!.startOffset)!.trailing.push(c);
      } else if (next < this.tokens.length) {
        this.lineAt(this.tokens[next]!.startOffset)!.leading.push(c);
      } else tail.push(c);
    }
    return tail;
  }

  /** An empty line between the previous non-blank text and `offset` in the source. */
  blankBefore(offset: number): boolean {
    let newlines = 0;
    for (let i = offset - 1; i >= 0; i--) {
      const ch = this.src.charCodeAt(i);
      if (ch === 10) {
        if (++newlines === 2) return true;
      } else if (ch !== 32 && ch !== 9 && ch !== 13) return false;
    }
    return false;
  }

  // ─── output ──────────────────────────────────────────────────────────────

  emit(tail: readonly A.Comment[]): string {
    const out: string[] = [];
    let afterOpen = true;
    const blank = () => {
      if (!afterOpen && out.length > 0 && out[out.length - 1] !== "") out.push("");
    };
    // Nothing separates a block's first line from its `{`: only a line ending in `{` opens one.
    const push = (depth: number, text: string, opens = false) => {
      out.push(INDENT.repeat(depth) + text);
      afterOpen = opens;
    };
    const comment = (c: A.Comment) => c.text.trimEnd();
    for (const l of this.lines) {
      const cdepth = l.close ? l.depth + 1 : l.depth;
      // Comments keep their source order: all go above the line except a last one that was
      // trailing, which stays at its end.
      const attached = [...l.leading, ...l.trailing].sort((a, b) => a.start - b.start);
      const lastTrailing = l.trailing.length > 0 && attached.at(-1) === l.trailing.at(-1) ? attached.pop() : undefined;
      const groupBlank = l.mode === "forced" || (l.mode === "preserve" && this.blankBefore(l.first));
      attached.forEach((c, k) => {
        const own = l.leading.includes(c);
        const sep = k === 0 ? l.mode === "forced" || (own ? this.blankBefore(c.start) : groupBlank) : own && this.blankBefore(c.start);
        if (sep) blank();
        push(cdepth, comment(c));
      });
      if (attached.length === 0) {
        if (groupBlank) blank();
      } else if (l.leading.includes(attached.at(-1)!) && !l.close && this.blankBefore(l.first)) blank();
      push(l.depth, lastTrailing === undefined ? l.text : `${l.text} ${comment(lastTrailing)}`, l.text.endsWith("{"));
    }
    for (const c of tail) {
      if (this.blankBefore(c.start)) blank();
      push(0, comment(c));
    }
    return out.length === 0 ? "" : `${out.join("\n")}\n`;
  }
}

function isHeader(s: A.TopStatement): boolean {
  return s.kind === "Project" || s.kind === "Import";
}
