/**
 * The typed AST, built while parsing: the grammar's actions (grammar/parser.ts) turn each
 * rule's frame into its node. Literal tokens already carry their finished node in `payload`
 * (set by src/ast/parse.ts, which also reported their errors). Recovery can leave any part
 * missing and inserts tokens with NaN offsets: a node whose essential parts are missing is
 * dropped (the file has a syntax error anyway), and a span never uses an inserted token.
 */
import type { IToken } from "chevrotain";
import { BoxParser, real, type Actions, type BlockFrame, type Part } from "../../grammar/parser.ts";
import type * as P from "../../grammar/parser.ts";
import type { Span } from "../source/span.ts";
import type * as A from "./types.ts";

/** What parse.ts stores in a literal token's `payload`: the literal's finished node. */
export type LiteralValue = A.StringLit | A.NumberLit | A.SizeLit | A.DurationLit;

export interface BuildOutput {
  readonly ast: A.BoxFile;
  /** Tokens consumed by recovery rules (`stray` at top level, `junk` in blocks), with the rule. */
  readonly junk: Map<IToken, string>;
  readonly errors: BoxParser["errors"];
}

const SCALAR_KINDS: Readonly<Record<string, A.ScalarStatement["kind"] | "Run">> = {
  Kw_os: "Os",
  Kw_python: "Python",
  Kw_workdir: "Workdir",
  Kw_user: "User",
  Kw_allow_root: "AllowRoot",
  Kw_image: "Image",
  Kw_restart: "Restart",
  Kw_stop_signal: "StopSignal",
  Kw_build: "Build",
  Kw_run: "Run",
};

const lastEnd = (xs: readonly Span[], none: number): number => (xs.length === 0 ? none : xs[xs.length - 1]!.end);

/** The actions of the grammar, for one file at a time (`start` sets the file). */
class AstBuilder implements Actions {
  file_ = "";
  junk = new Map<IToken, string>();
  /**
   * Junk of the statement blocks of the body being parsed: kept only if that body is (a body
   * whose `{` is missing is dropped with its statements, and so is what they skipped).
   */
  statementJunk: [readonly IToken[], string][] = [];

  start(file: string): void {
    this.file_ = file;
    this.junk = new Map();
    this.statementJunk = [];
  }

  /** Where a node starting with token `t` and running to `end` ends (never before the end of `t`). */
  endFrom(t: IToken, end: number): number {
    const tEnd = t.startOffset + t.image.length;
    return end > tEnd ? end : tEnd;
  }

  /** Where a node starting with `a` and running to `end` ends (never before the end of `a`). */
  endAfter(a: Span, end: number): number {
    return this.endPast(a.end, end);
  }

  /** `end`, or `min` when `end` is before it (a part recovery left out). */
  endPast(min: number, end: number): number {
    return end > min ? end : min;
  }

  ident(t: IToken | undefined): A.Ident | undefined {
    return real(t) ? { kind: "Ident", name: t.image, file: this.file_, start: t.startOffset, end: t.startOffset + t.image.length } : undefined;
  }

  collectJunk(tokens: readonly IToken[], rule: string): void {
    for (const t of tokens) if (real(t)) this.junk.set(t, rule);
  }

  /** `{` ... `}` of a block: the end of the block, tolerant of an inserted `}`. */
  blockEnd(open: IToken | undefined, close: IToken | undefined, last: number): number {
    if (real(close)) return close.startOffset + 1;
    return Math.max(last, real(open) ? open.startOffset + 1 : last);
  }

  // ─── values ──────────────────────────────────────────────────────────────
  token(t: IToken): A.Value | undefined {
    if (!real(t)) return undefined;
    const type = t.tokenType.name;
    if (type === "StringLiteral" || type === "TripleString" || type === "NumberLiteral") return this.literal(t);
    if (type === "Kw_true" || type === "Kw_false") return { kind: "Bool", value: t.image === "true", file: this.file_, start: t.startOffset, end: t.startOffset + t.image.length };
    return { kind: "Ref", name: t.image, file: this.file_, start: t.startOffset, end: t.startOffset + t.image.length };
  }

  literal(t: IToken): A.Value {
    return t.payload as LiteralValue;
  }

  list(f: P.ListFrame): A.ListLit | undefined {
    if (!real(f.open)) return undefined;
    const items = defined(f.items as (A.Value | undefined)[]);
    const end = real(f.close) ? f.close.startOffset + 1 : lastEnd(items, f.open.startOffset + 1);
    return { kind: "List", items, file: this.file_, start: f.open.startOffset, end: this.endFrom(f.open, end) };
  }

  // ─── top level ───────────────────────────────────────────────────────────
  file(f: P.FileFrame): A.TopStatement[] {
    this.collectJunk(f.stray, "file");
    return defined(f.statements as (A.TopStatement | undefined)[]);
  }

  project(f: P.ValueDeclFrame): A.ProjectDecl | undefined {
    const v = f.value as A.Value | undefined;
    if (!real(f.keyword) || v === undefined) return undefined;
    return { kind: "Project", name: v, file: this.file_, start: f.keyword.startOffset, end: this.endFrom(f.keyword, v.end) };
  }

  import(f: P.ValueDeclFrame): A.ImportDecl | undefined {
    const v = f.value as A.Value | undefined;
    if (!real(f.keyword) || v === undefined) return undefined;
    return { kind: "Import", path: v, file: this.file_, start: f.keyword.startOffset, end: this.endFrom(f.keyword, v.end) };
  }

  template(f: P.TemplateFrame): A.TemplateDecl | undefined {
    const b = f.body as A.Body | undefined;
    if (!real(f.keyword) || !real(f.name) || b === undefined) return undefined;
    const params = defined(f.params as (A.Param | undefined)[]);
    return { kind: "Template", name: this.ident(f.name)!, params, body: b, file: this.file_, start: f.keyword.startOffset, end: this.endFrom(f.keyword, b.end) };
  }

  param(f: P.NameValueFrame): A.Param | undefined {
    const name = this.ident(f.name);
    if (name === undefined) return undefined;
    const def = f.value as A.Value | undefined;
    return def === undefined
      ? { kind: "Param", name, file: name.file, start: name.start, end: name.end }
      : { kind: "Param", name, default: def, file: this.file_, start: name.start, end: this.endAfter(name, def.end) };
  }

  box(f: P.BoxFrame): A.BoxDecl | undefined {
    const b = f.body as A.Body | undefined;
    if (!real(f.keyword) || !real(f.name) || b === undefined) return undefined;
    const name = this.ident(f.name)!;
    const ext = f.extends as A.ExtendsClause | undefined;
    const start = f.keyword.startOffset;
    const end = this.endFrom(f.keyword, b.end);
    return ext === undefined ? { kind: "Box", name, body: b, file: this.file_, start, end } : { kind: "Box", name, extends: ext, body: b, file: this.file_, start, end };
  }

  extends(f: P.ExtendsFrame): A.ExtendsClause | undefined {
    if (!real(f.keyword) || !real(f.name)) return undefined;
    const name = this.ident(f.name)!;
    if (f.open === undefined) return { kind: "Extends", name, file: this.file_, start: f.keyword.startOffset, end: this.endFrom(f.keyword, name.end) };
    const args = defined(f.args as (A.Arg | undefined)[]);
    const end = real(f.close) ? f.close.startOffset + 1 : lastEnd(args, name.end);
    return { kind: "Extends", name, args, file: this.file_, start: f.keyword.startOffset, end: this.endFrom(f.keyword, end) };
  }

  arg(f: P.NameValueFrame): A.Arg | undefined {
    return this.named("Arg", f);
  }

  target(f: P.TargetFrame): A.TargetDecl | undefined {
    const kind = this.ident(f.kind);
    if (kind === undefined || !real(f.keyword)) return undefined;
    this.collectJunk(f.junk, "target");
    const name: A.Value | undefined = real(f.name) ? this.literal(f.name) : undefined;
    const options = defined(f.options as (A.TargetOption | undefined)[]);
    const last = lastEnd(options, (name ?? kind).end);
    const start = f.keyword.startOffset;
    const end = this.endFrom(f.keyword, f.open === undefined ? last : this.blockEnd(f.open, f.close, last));
    return name === undefined
      ? { kind: "Target", targetKind: kind, options, file: this.file_, start, end }
      : { kind: "Target", targetKind: kind, name, options, file: this.file_, start, end };
  }

  targetOption(f: P.NameValueFrame): A.TargetOption | undefined {
    return this.named("TargetOption", f);
  }

  /** `name value` nodes: dropped when either is missing. */
  named<K extends "Arg" | "TargetOption" | "EnvEntry">(kind: K, f: P.NameValueFrame) {
    const name = this.ident(f.name);
    const v = f.value as A.Value | undefined;
    if (name === undefined || v === undefined) return undefined;
    return { kind, name, value: v, file: this.file_, start: name.start, end: this.endAfter(name, v.end) };
  }

  // ─── box body ────────────────────────────────────────────────────────────
  body(f: BlockFrame): A.Body | undefined {
    const statementJunk = this.statementJunk;
    this.statementJunk = [];
    if (!real(f.open)) return undefined;
    this.collectJunk(f.junk, "body");
    for (const [tokens, rule] of statementJunk) this.collectJunk(tokens, rule);
    const statements = defined(f.items as (A.Statement | undefined)[]);
    const end = this.blockEnd(f.open, f.close, lastEnd(statements, 0));
    return { kind: "Body", statements, file: this.file_, start: f.open.startOffset, end: this.endFrom(f.open, end) };
  }

  scalar(f: P.KeywordValueFrame): A.Statement | undefined {
    const v = f.value as A.Value | undefined;
    if (!real(f.keyword) || v === undefined) return undefined;
    const kind = SCALAR_KINDS[f.keyword.tokenType.name];
    if (kind === undefined) return undefined;
    const start = f.keyword.startOffset;
    const keywordEnd = start + f.keyword.image.length;
    const end = this.endPast(keywordEnd, v.end);
    return kind === "Run" ? { kind, keywordEnd, command: v, file: this.file_, start, end } : { kind, keywordEnd, value: v, file: this.file_, start, end };
  }

  /** A statement made of a keyword and a `{ }` block of items. */
  blockStatement<I extends Span>(f: BlockFrame, rule: string): { start: number; keywordEnd: number; items: I[]; end: number } | undefined {
    if (!real(f.keyword)) return undefined;
    if (f.junk.length > 0) this.statementJunk.push([f.junk, rule]);
    const start = f.keyword.startOffset;
    const keywordEnd = start + f.keyword.image.length;
    const items = defined(f.items as (I | undefined)[]);
    return { start, keywordEnd, items, end: this.endPast(keywordEnd, this.blockEnd(f.open, f.close, lastEnd(items, 0))) };
  }

  pip(f: BlockFrame): A.PipStatement | undefined {
    const b = this.blockStatement<A.PipItem>(f, "pip");
    return b && { kind: "Pip", keywordEnd: b.keywordEnd, items: b.items, file: this.file_, start: b.start, end: b.end };
  }

  pipItem(f: P.PipItemFrame): A.PipItem | undefined {
    const v = f.value as A.Value | undefined;
    if (v === undefined) return undefined;
    if (real(f.index)) {
      const start = f.index.startOffset;
      const keywordEnd = start + f.index.image.length;
      const kind = f.index.tokenType.name === "Kw_index" ? "PipIndex" : "PipExtraIndex";
      return { kind, keywordEnd, url: v, file: this.file_, start, end: this.endPast(keywordEnd, v.end) };
    }
    const hashes = defined(f.hashes as (A.Value | undefined)[]);
    return { kind: "PipRequirement", requirement: v, hashes, file: this.file_, start: v.start, end: this.endAfter(v, lastEnd(hashes, 0)) };
  }

  apt(f: BlockFrame): A.AptStatement | undefined {
    const b = this.blockStatement<A.Value>(f, "apt");
    return b && { kind: "Apt", keywordEnd: b.keywordEnd, packages: b.items, file: this.file_, start: b.start, end: b.end };
  }

  copy(f: P.CopyFrame): A.CopyStatement | undefined {
    const source = f.source as A.Value | undefined;
    const dest = f.dest as A.Value | undefined;
    if (!real(f.keyword) || source === undefined || dest === undefined) return undefined;
    const start = f.keyword.startOffset;
    const keywordEnd = start + f.keyword.image.length;
    return { kind: "Copy", keywordEnd, source, dest, file: this.file_, start, end: this.endPast(keywordEnd, dest.end) };
  }

  env(f: BlockFrame): A.EnvStatement | undefined {
    const b = this.blockStatement<A.EnvEntry>(f, "env");
    return b && { kind: "Env", keywordEnd: b.keywordEnd, entries: b.items, file: this.file_, start: b.start, end: b.end };
  }

  envEntry(f: P.NameValueFrame): A.EnvEntry | undefined {
    return this.named("EnvEntry", f);
  }

  secret(f: P.SecretFrame): A.SecretStatement | undefined {
    const name = this.ident(f.name);
    if (!real(f.keyword) || name === undefined) return undefined;
    const start = f.keyword.startOffset;
    const keywordEnd = start + f.keyword.image.length;
    const path = f.file as A.Value | undefined;
    const end = this.endPast(keywordEnd, (path ?? name).end);
    return path === undefined ? { kind: "Secret", keywordEnd, name, file: this.file_, start, end } : { kind: "Secret", keywordEnd, name, path, file: this.file_, start, end };
  }

  expose(f: P.ExposeFrame): A.ExposeStatement | undefined {
    const port = f.port as A.Value | undefined;
    if (!real(f.keyword) || port === undefined) return undefined;
    const start = f.keyword.startOffset;
    const keywordEnd = start + f.keyword.image.length;
    const protocol = this.ident(f.protocol);
    const end = this.endPast(keywordEnd, (protocol ?? port).end);
    return protocol === undefined ? { kind: "Expose", keywordEnd, port, file: this.file_, start, end } : { kind: "Expose", keywordEnd, port, protocol, file: this.file_, start, end };
  }

  health(f: BlockFrame): A.HealthStatement | undefined {
    const b = this.blockStatement<A.HealthEntry>(f, "health");
    return b && { kind: "Health", keywordEnd: b.keywordEnd, entries: b.items, file: this.file_, start: b.start, end: b.end };
  }

  healthEntry(f: P.HealthEntryFrame): A.HealthEntry | undefined {
    const key = this.ident(f.key);
    const v = f.value as A.Value | undefined;
    if (key === undefined || v === undefined) return undefined;
    const port = f.port as A.Value | undefined;
    const start = key.start;
    const end = this.endAfter(key, (port ?? v).end);
    return port === undefined ? { kind: "HealthEntry", key, value: v, file: this.file_, start, end } : { kind: "HealthEntry", key, value: v, port, file: this.file_, start, end };
  }

  resources(f: BlockFrame): A.ResourcesStatement | undefined {
    const b = this.blockStatement<A.ResourceEntry>(f, "resources");
    return b && { kind: "Resources", keywordEnd: b.keywordEnd, entries: b.items, file: this.file_, start: b.start, end: b.end };
  }

  resourceEntry(f: P.NameValueFrame): A.ResourceEntry | undefined {
    const key = this.ident(f.name);
    const v = f.value as A.Value | undefined;
    if (key === undefined || v === undefined) return undefined;
    return { kind: "ResourceEntry", key, value: v, file: this.file_, start: key.start, end: this.endAfter(key, v.end) };
  }

  connect(f: P.ConnectFrame): A.ConnectStatement | undefined {
    const box = this.ident(f.box);
    if (!real(f.keyword) || box === undefined) return undefined;
    const start = f.keyword.startOffset;
    const keywordEnd = start + f.keyword.image.length;
    const port = f.port as A.Value | undefined;
    const end = this.endPast(keywordEnd, (port ?? box).end);
    return port === undefined ? { kind: "Connect", keywordEnd, box, file: this.file_, start, end } : { kind: "Connect", keywordEnd, box, port, file: this.file_, start, end };
  }

  volume(f: P.VolumeFrame): A.VolumeStatement | undefined {
    const name = f.name as A.Value | undefined;
    const path = f.path as A.Value | undefined;
    if (!real(f.keyword) || name === undefined || path === undefined) return undefined;
    const start = f.keyword.startOffset;
    const keywordEnd = start + f.keyword.image.length;
    const size = f.size as A.Value | undefined;
    const end = this.endPast(keywordEnd, (size ?? path).end);
    return size === undefined
      ? { kind: "Volume", keywordEnd, name, path, file: this.file_, start, end }
      : { kind: "Volume", keywordEnd, name, path, size, file: this.file_, start, end };
  }

  publish(f: P.PublishFrame): A.PublishStatement | undefined {
    const port = f.port as A.Value | undefined;
    if (!real(f.keyword) || port === undefined) return undefined;
    const start = f.keyword.startOffset;
    const keywordEnd = start + f.keyword.image.length;
    const hostPort = f.hostPort as A.Value | undefined;
    const end = this.endPast(keywordEnd, (hostPort ?? port).end);
    return hostPort === undefined ? { kind: "Publish", keywordEnd, port, file: this.file_, start, end } : { kind: "Publish", keywordEnd, port, hostPort, file: this.file_, start, end };
  }

  /** The span runs over everything skipped, so the formatter can keep that text as written. */
  unknown(f: P.UnknownFrame): A.UnknownStatement | undefined {
    const name = this.ident(f.name);
    if (name === undefined) return undefined;
    return { kind: "Unknown", keywordEnd: name.end, name, file: this.file_, start: name.start, end: this.endAfter(name, f.end) };
  }
}

/**
 * The parts that were built (recovery leaves `undefined` for the others), in an array of
 * exactly their number: an array grown by `push` keeps room for 16 or more, and the AST keeps
 * every list (that slack was 7 % of an AST's memory).
 */
function defined<T>(xs: readonly (T | undefined)[]): T[] {
  if (!xs.includes(undefined)) return xs.slice() as T[];
  const out: T[] = [];
  for (const x of xs) if (x !== undefined) out.push(x);
  return out;
}

let builder: AstBuilder | undefined;
let parser: BoxParser | undefined;

/** The shared parser (its construction runs the grammar analysis: build it once). */
function getParser(): BoxParser {
  builder ??= new AstBuilder();
  parser ??= new BoxParser(builder);
  return parser;
}

/** Parses a file's tokens (literal payloads decoded) into its AST, with the syntax errors. */
export function buildAst(file: string, tokens: IToken[], textLength: number, comments: readonly IToken[]): BuildOutput {
  const p = getParser();
  const b = builder!;
  b.start(file);
  const { result, errors } = p.parseFile(tokens);
  const statements = (result as A.TopStatement[] | undefined) ?? [];
  const commentNodes: A.Comment[] = comments.map((t) => ({ kind: "Comment", text: t.image, file, start: t.startOffset, end: t.startOffset + t.image.length }));
  const junk = b.junk;
  b.start("");
  return {
    ast: { kind: "File", statements, comments: commentNodes, file, start: 0, end: textLength },
    junk,
    errors,
  };
}
