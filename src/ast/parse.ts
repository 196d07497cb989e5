/**
 * Source → AST with every syntax diagnostic: decoding, invisible characters, lexing, literal
 * decoding, limits, parsing (with recovery) into the AST. The only entry point of the front end.
 */
import type { IToken, IRecognitionException } from "chevrotain";
import { tokenize, TripleString, StringLiteral, NumberLiteral, LBrace, RBrace, LBracket, RBracket, LParen, RParen } from "../../grammar/tokens.ts";
import { alternatives, describeToken, readErrorInfo } from "../../grammar/messages.ts";
import { diag } from "../diagnostics/make.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import { checkText, decodeSource, lossySourceFile, MAX_FILE_BYTES } from "../source/decode.ts";
import { SourceFile, type Span } from "../source/span.ts";
import { buildAst } from "./build.ts";
import { decodeNumber, decodeString, decodeTriple } from "./literals.ts";
import { DiagSink } from "./sink.ts";
import type { BoxFile } from "./types.ts";

/** Brackets of every kind, nested deeper than this, are skipped with one diagnostic. */
export const MAX_NESTING = 32;
/** Far above any real file (a 5 MB file of boxes has about 1M tokens); bounds memory. */
export const MAX_TOKENS = 4_000_000;
/** Syntax errors shown per file; the rest are counted in one last diagnostic. */
export const MAX_SYNTAX_ERRORS = 50;
/** Invisible characters reported per file (a pasted binary blob would report thousands). */
const MAX_INVISIBLE_REPORTS = 20;

export interface ParseOutput {
  readonly file: SourceFile | null;
  readonly ast: BoxFile | null;
  readonly diagnostics: Diagnostic[];
}

/** Everything the formatter needs besides the AST. */
export interface ParseDetails extends ParseOutput {
  /** Tokens given to the parser (after the nesting limit), in source order. */
  readonly tokens: readonly IToken[];
}

export function parseSource(path: string, bytes: Uint8Array | string): ParseOutput {
  const { file, ast, diagnostics } = parseDetailed(path, bytes);
  return { file, ast, diagnostics };
}

export function parseDetailed(path: string, input: Uint8Array | string): ParseDetails {
  let file: SourceFile | null;
  const diagnostics: Diagnostic[] = [];
  if (typeof input === "string") {
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    const ds = checkText(path, text);
    diagnostics.push(...ds);
    file = ds.some((d) => d.code === "BOX1003") ? null : new SourceFile(path, text);
    if (file === null) return { file: new SourceFile(path, ""), ast: null, diagnostics, tokens: [] };
  } else {
    const [f, ds] = decodeSource(path, input);
    diagnostics.push(...ds);
    file = f;
    // Not a text boxc reads, but its diagnostics still point into it, with a code frame: BOX1001's
    // offsets are those of the lossy decoding (U+FFFD for each bad byte); a file over the size
    // limit is not decoded at all.
    if (file === null) return { file: input.length > MAX_FILE_BYTES ? new SourceFile(path, "") : lossySourceFile(path, input), ast: null, diagnostics, tokens: [] };
  }
  const text = file.text;
  if (text.length > MAX_FILE_BYTES) return { file, ast: null, diagnostics, tokens: [] };

  const lexed = tokenize(text);
  if (lexed.tokens.length > MAX_TOKENS) {
    diagnostics.push(diag("BOX1051", { count: lexed.tokens.length, limit: MAX_TOKENS }, { span: { file: path, start: 0, end: 0 } }));
    return { file, ast: null, diagnostics, tokens: [] };
  }
  // Room beyond the cap for duplicates that dedupe() removes.
  const syntax = new DiagSink(MAX_SYNTAX_ERRORS * 4);
  const invisible = scanInvisible(path, text, lexed.comments, diagnostics);
  for (const e of lexed.errors) {
    const ch = String.fromCodePoint(text.codePointAt(e.offset)!);
    if (ch === "\0" || invisible.has(e.offset)) continue;
    syntax.add(() => diag("BOX1010", { char: showChar(ch) }, { span: { file: path, start: e.offset, end: e.offset + ch.length } }));
  }
  decodeLiterals(path, lexed.tokens, syntax);
  const tokens = limitNesting(path, lexed.tokens, syntax);

  const { ast, junk, errors } = buildAst(path, tokens, text.length, lexed.comments);
  for (const e of errors) syntax.add(() => recognitionError(path, text, tokens, e));
  reportJunk(path, tokens, junk, syntax);

  diagnostics.push(...capErrors(dedupe(syntax.list), syntax.dropped));
  diagnostics.sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
  return { file, ast, diagnostics, tokens };
}

function showChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0) || ch === "`" || /\s/u.test(ch)) {
    return `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  }
  return ch;
}

/**
 * Bidirectional controls and other invisible format characters (general category Cf, which
 * covers U+200B–200F, U+202A–202E, U+2060–2069, U+061C, U+00AD, U+FEFF): an error in code or
 * strings, a warning in comments. Returns their offsets so the lexer's report is not doubled.
 */
function scanInvisible(path: string, text: string, comments: readonly IToken[], out: Diagnostic[]): Set<number> {
  const offsets = new Set<number>();
  const re = /\p{Cf}/gu;
  let errors = 0;
  let warnings = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const at = m.index;
    offsets.add(at);
    const cp = m[0].codePointAt(0)!;
    const char = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
    const span: Span = { file: path, start: at, end: at + m[0].length };
    if (inComment(comments, at)) {
      if (warnings++ < MAX_INVISIBLE_REPORTS) out.push(diag("BOX1005", { char }, { span }));
    } else if (errors++ < MAX_INVISIBLE_REPORTS) {
      out.push(diag("BOX1004", { char, hex: cp.toString(16) }, { span }));
    }
  }
  return offsets;
}

function inComment(comments: readonly IToken[], at: number): boolean {
  let lo = 0;
  let hi = comments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = comments[mid]!;
    if (at < c.startOffset) hi = mid - 1;
    else if (at >= c.startOffset + c.image.length) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Replaces each literal token's payload with its decoded AST node (see build.ts). */
function decodeLiterals(path: string, tokens: readonly IToken[], out: DiagSink): void {
  for (const t of tokens) {
    const type = t.tokenType;
    if (type === StringLiteral) t.payload = decodeString(path, t.image, t.startOffset, t.payload === true, out);
    else if (type === TripleString) t.payload = decodeTriple(path, t.image, t.startOffset, t.payload === true, out);
    else if (type === NumberLiteral) t.payload = decodeNumber(path, t.image, t.startOffset, out);
  }
}

const OPENERS = new Set([LBrace, LBracket, LParen]);
const CLOSERS = new Set([RBrace, RBracket, RParen]);

/**
 * Drops everything nested deeper than MAX_NESTING (one diagnostic per skipped region), so the
 * recursive descent parser's depth is bounded whatever the input: no stack overflow.
 */
function limitNesting(path: string, tokens: IToken[], out: DiagSink): IToken[] {
  let depth = 0;
  let skipping = 0;
  let kept: IToken[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const type = t.tokenType;
    if (skipping > 0) {
      if (OPENERS.has(type)) skipping++;
      else if (CLOSERS.has(type)) skipping--;
      continue;
    }
    if (OPENERS.has(type)) {
      if (depth === MAX_NESTING) {
        out.add(() => diag("BOX1050", { limit: MAX_NESTING }, { span: { file: path, start: t.startOffset, end: t.startOffset + 1 } }));
        kept ??= tokens.slice(0, i);
        skipping = 1;
        continue;
      }
      depth++;
    } else if (CLOSERS.has(type) && depth > 0) depth--;
    kept?.push(t);
  }
  return kept ?? tokens;
}

const CLOSE_OF: Readonly<Record<string, string>> = { RBrace: "}", RBracket: "]", RParen: ")" };
const OPEN_OF: Readonly<Record<string, string>> = { RBrace: "LBrace", RBracket: "LBracket", RParen: "LParen" };

/** What a missing closing delimiter would close, by the rule that expected it. */
function containerName(rule: string, ruleStack: readonly string[]): string {
  switch (rule) {
    case "body":
      return ruleStack.includes("templateDecl") ? "template body" : "box body";
    case "pipStatement":
      return "`pip` block";
    case "aptStatement":
      return "`apt` block";
    case "envStatement":
      return "`env` block";
    case "healthStatement":
      return "`health` block";
    case "resourcesStatement":
      return "`resources` block";
    case "targetDecl":
      return "target options";
    case "list":
      return "list";
    case "templateDecl":
      return "parameter list";
    case "extendsClause":
      return "argument list";
    default:
      return "block";
  }
}

function tokenSpan(path: string, text: string, t: IToken): Span {
  if (!(t.startOffset >= 0) || t.tokenType?.name === "EOF") return { file: path, start: text.length, end: text.length };
  return { file: path, start: t.startOffset, end: t.startOffset + t.image.length };
}

/** Index of the first token starting at or after `offset`. */
function indexAt(tokens: readonly IToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.startOffset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The unclosed opener (of the kind `openName`) enclosing the token at `index`. */
function enclosingOpener(tokens: readonly IToken[], index: number, openName: string, closeName: string): IToken | undefined {
  let depth = 0;
  for (let i = index - 1; i >= 0; i--) {
    const n = tokens[i]!.tokenType.name;
    if (n === closeName) depth++;
    else if (n === openName) {
      if (depth === 0) return tokens[i];
      depth--;
    }
  }
  return undefined;
}

function recognitionError(path: string, text: string, tokens: readonly IToken[], e: IRecognitionException): Diagnostic {
  const info = readErrorInfo(e.message);
  const span = tokenSpan(path, text, e.token);
  const found = describeToken(e.token);
  if (info === undefined) return diag("BOX1030", { expected: "something else", found }, { span });
  const closeName = info.kind === "mismatch" ? info.expectedNames[0] : undefined;
  if (closeName !== undefined && Object.hasOwn(CLOSE_OF, closeName)) {
    const index = e.token.startOffset >= 0 && e.token.tokenType?.name !== "EOF" ? indexAt(tokens, e.token.startOffset) : tokens.length;
    const opener = enclosingOpener(tokens, index, OPEN_OF[closeName]!, closeName);
    const what = containerName(info.rule, e.context.ruleStack);
    const related = opener === undefined ? [] : [{ span: tokenSpan(path, text, opener), message: `the ${what} opened here` }];
    return diag("BOX1031", { close: CLOSE_OF[closeName]!, what, found }, { span, related });
  }
  if (info.rule === "value" && info.kind === "no-viable-alt") return diag("BOX1032", { found }, { span });
  const expected = alternatives(info.expected.slice(0, 8));
  return diag("BOX1030", { expected, found }, { span });
}

const JUNK_EXPECTED: Readonly<Record<string, string>> = {
  body: "a statement",
  pip: "a requirement string, `index` or `extra-index`",
  apt: "a package string",
  env: "an entry `NAME = \"value\"`",
  health: "a health check setting (`http`, `command`, `every`, `timeout`, `retries` or `start`)",
  resources: "`cpu`, `memory` or `disk`",
  target: "a target option",
};

/** One diagnostic per run of consecutive tokens that recovery skipped. */
function reportJunk(path: string, tokens: readonly IToken[], junk: Map<IToken, string>, out: DiagSink): void {
  if (junk.size === 0) return;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const rule = junk.get(t);
    if (rule === undefined || (i > 0 && junk.has(tokens[i - 1]!))) continue;
    out.add(() => {
      const span = { file: path, start: t.startOffset, end: t.startOffset + t.image.length };
      const found = describeToken(t);
      if (rule !== "file") return diag("BOX1030", { expected: JUNK_EXPECTED[rule] ?? "something else", found }, { span });
      return t.tokenType === RBrace ? diag("BOX1034", { found }, { span }) : diag("BOX1033", { found }, { span });
    });
  }
}

/** Recovery may report twice at one place; the first report is the most precise. */
function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of ds) {
    const key = String(d.span?.start);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}

function capErrors(ds: Diagnostic[], dropped: number): Diagnostic[] {
  if (ds.length <= MAX_SYNTAX_ERRORS && dropped === 0) return ds;
  ds.sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
  const shown = ds.slice(0, MAX_SYNTAX_ERRORS);
  const last = shown.at(-1)!.span!;
  const count = ds.length - shown.length + dropped;
  shown.push(diag("BOX1052", { count }, { span: { ...last, start: last.end } }));
  return shown;
}
