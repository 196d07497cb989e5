/**
 * CST → typed AST. Literal tokens already carry their decoded value in `payload` (set by
 * src/ast/parse.ts, which also reported their errors), so building is a walk over labelled
 * children. Recovery can leave any child missing and inserts tokens with NaN offsets: a node
 * whose essential parts are missing is dropped (the file has a syntax error anyway), and a
 * span never uses an inserted token.
 */
import type { CstNode, IToken } from "chevrotain";
import type { Span } from "../source/span.ts";
import type * as A from "./types.ts";

type Children = Record<string, (CstNode | IToken)[] | undefined>;

/** What parse.ts stores in a literal token's `payload`: a Value without its span. */
export type LiteralPayload =
  | Omit<A.StringLit, "span">
  | Omit<A.NumberLit, "span">
  | Omit<A.SizeLit, "span">
  | Omit<A.DurationLit, "span">;

export interface BuildOutput {
  readonly ast: A.BoxFile;
  /** Tokens consumed by recovery rules (`stray` at top level, `junk` in blocks), with the rule. */
  readonly junk: Map<IToken, string>;
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

export function buildAst(file: string, cst: CstNode, textLength: number, comments: readonly IToken[]): BuildOutput {
  const junk = new Map<IToken, string>();

  const tok = (c: Children, key: string): IToken | undefined => {
    const t = c[key]?.[0] as IToken | undefined;
    return t !== undefined && real(t) ? t : undefined;
  };
  const node = (c: Children, key: string): CstNode | undefined => c[key]?.[0] as CstNode | undefined;
  const nodes = (c: Children, key: string): CstNode[] => (c[key] as CstNode[] | undefined) ?? [];
  const tspan = (t: IToken): Span => ({ file, start: t.startOffset, end: t.startOffset + t.image.length });
  const from = (a: Span, end: number): Span => ({ file, start: a.start, end: Math.max(a.end, end) });
  const collectJunk = (c: Children, rule: string) => {
    for (const t of (c.junk as IToken[] | undefined) ?? []) if (real(t)) junk.set(t, rule);
  };

  const ident = (t: IToken | undefined): A.Ident | undefined =>
    t === undefined ? undefined : { kind: "Ident", name: t.image, span: tspan(t) };

  function value(n: CstNode | undefined): A.Value | undefined {
    if (n === undefined) return undefined;
    const c = n.children as Children;
    const lit = tok(c, "string") ?? tok(c, "number");
    if (lit !== undefined) return { ...(lit.payload as LiteralPayload), span: tspan(lit) } as A.Value;
    const b = tok(c, "bool");
    if (b !== undefined) return { kind: "Bool", value: b.image === "true", span: tspan(b) };
    const r = tok(c, "ref");
    if (r !== undefined) return { kind: "Ref", name: r.image, span: tspan(r) };
    const l = node(c, "list");
    return l === undefined ? undefined : list(l);
  }

  function list(n: CstNode): A.ListLit | undefined {
    const c = n.children as Children;
    const open = tok(c, "open");
    if (open === undefined) return undefined;
    const items: A.Value[] = [];
    for (const i of nodes(c, "item")) {
      const v = value(i);
      if (v !== undefined) items.push(v);
    }
    const close = tok(c, "close");
    const end = close ? close.startOffset + 1 : (items.at(-1)?.span.end ?? open.startOffset + 1);
    return { kind: "List", items, span: from(tspan(open), end) };
  }

  /** `{` ... `}` of a block: the end of the block, tolerant of an inserted `}`. */
  const blockEnd = (c: Children, last: number): number => {
    const close = tok(c, "close");
    if (close !== undefined) return close.startOffset + 1;
    const open = tok(c, "open");
    return Math.max(last, open ? open.startOffset + 1 : last);
  };

  function body(n: CstNode | undefined): A.Body | undefined {
    if (n === undefined) return undefined;
    const c = n.children as Children;
    const open = tok(c, "open");
    if (open === undefined) return undefined;
    collectJunk(c, "body");
    const statements: A.Statement[] = [];
    for (const s of nodes(c, "statement")) {
      const st = statement(s);
      if (st !== undefined) statements.push(st);
    }
    const end = blockEnd(c, statements.at(-1)?.span.end ?? 0);
    return { kind: "Body", statements, span: from(tspan(open), end) };
  }

  function statement(sub: CstNode): A.Statement | undefined {
    const key = sub.name;
    const sc = sub.children as Children;
    if (key === "unknownStatement") return unknownStatement(sc);
    const kwTok = tok(sc, "keyword");
    if (kwTok === undefined) return undefined;
    const keyword = tspan(kwTok);
    switch (key) {
      case "scalarStatement": {
        const v = value(node(sc, "value"));
        if (v === undefined) return undefined;
        const kind = SCALAR_KINDS[kwTok.tokenType.name];
        if (kind === undefined) return undefined;
        const span = from(keyword, v.span.end);
        return kind === "Run" ? { kind, keyword, command: v, span } : { kind, keyword, value: v, span };
      }
      case "pipStatement": {
        collectJunk(sc, "pip");
        const items: A.PipItem[] = [];
        for (const it of nodes(sc, "item")) {
          const p = pipItem(it);
          if (p !== undefined) items.push(p);
        }
        return { kind: "Pip", keyword, items, span: from(keyword, blockEnd(sc, items.at(-1)?.span.end ?? 0)) };
      }
      case "aptStatement": {
        collectJunk(sc, "apt");
        const packages = valuesOf(sc, "value");
        return { kind: "Apt", keyword, packages, span: from(keyword, blockEnd(sc, packages.at(-1)?.span.end ?? 0)) };
      }
      case "copyStatement": {
        const source = value(node(sc, "source"));
        const dest = value(node(sc, "dest"));
        if (source === undefined || dest === undefined) return undefined;
        return { kind: "Copy", keyword, source, dest, span: from(keyword, dest.span.end) };
      }
      case "envStatement": {
        collectJunk(sc, "env");
        const entries: A.EnvEntry[] = [];
        for (const e of nodes(sc, "entry")) {
          const ec = e.children as Children;
          const name = ident(tok(ec, "name"));
          const v = value(node(ec, "value"));
          if (name !== undefined && v !== undefined) {
            entries.push({ kind: "EnvEntry", name, value: v, span: from(name.span, v.span.end) });
          }
        }
        return { kind: "Env", keyword, entries, span: from(keyword, blockEnd(sc, entries.at(-1)?.span.end ?? 0)) };
      }
      case "secretStatement": {
        const name = ident(tok(sc, "name"));
        if (name === undefined) return undefined;
        const file = value(node(sc, "file"));
        const end = (file ?? name).span.end;
        return file === undefined
          ? { kind: "Secret", keyword, name, span: from(keyword, end) }
          : { kind: "Secret", keyword, name, file, span: from(keyword, end) };
      }
      case "exposeStatement": {
        const port = value(node(sc, "port"));
        if (port === undefined) return undefined;
        const protocol = ident(tok(sc, "protocol"));
        const end = (protocol ?? port).span.end;
        return protocol === undefined
          ? { kind: "Expose", keyword, port, span: from(keyword, end) }
          : { kind: "Expose", keyword, port, protocol, span: from(keyword, end) };
      }
      case "healthStatement": {
        collectJunk(sc, "health");
        const entries: A.HealthEntry[] = [];
        for (const e of nodes(sc, "entry")) {
          const ec = e.children as Children;
          const key = ident(tok(ec, "key"));
          const v = value(node(ec, "value"));
          if (key === undefined || v === undefined) continue;
          const port = value(node(ec, "port"));
          const span = from(key.span, (port ?? v).span.end);
          entries.push(
            port === undefined
              ? { kind: "HealthEntry", key, value: v, span }
              : { kind: "HealthEntry", key, value: v, port, span },
          );
        }
        return { kind: "Health", keyword, entries, span: from(keyword, blockEnd(sc, entries.at(-1)?.span.end ?? 0)) };
      }
      case "resourcesStatement": {
        collectJunk(sc, "resources");
        const entries: A.ResourceEntry[] = [];
        for (const e of nodes(sc, "entry")) {
          const ec = e.children as Children;
          const key = ident(tok(ec, "key"));
          const v = value(node(ec, "value"));
          if (key !== undefined && v !== undefined) {
            entries.push({ kind: "ResourceEntry", key, value: v, span: from(key.span, v.span.end) });
          }
        }
        return {
          kind: "Resources",
          keyword,
          entries,
          span: from(keyword, blockEnd(sc, entries.at(-1)?.span.end ?? 0)),
        };
      }
      case "connectStatement": {
        const box = ident(tok(sc, "box"));
        if (box === undefined) return undefined;
        const port = value(node(sc, "port"));
        const end = (port ?? box).span.end;
        return port === undefined
          ? { kind: "Connect", keyword, box, span: from(keyword, end) }
          : { kind: "Connect", keyword, box, port, span: from(keyword, end) };
      }
      case "volumeStatement": {
        const name = value(node(sc, "name"));
        const path = value(node(sc, "path"));
        if (name === undefined || path === undefined) return undefined;
        const size = value(node(sc, "size"));
        const end = (size ?? path).span.end;
        return size === undefined
          ? { kind: "Volume", keyword, name, path, span: from(keyword, end) }
          : { kind: "Volume", keyword, name, path, size, span: from(keyword, end) };
      }
      case "publishStatement": {
        const port = value(node(sc, "port"));
        if (port === undefined) return undefined;
        const hostPort = value(node(sc, "hostPort"));
        const end = (hostPort ?? port).span.end;
        return hostPort === undefined
          ? { kind: "Publish", keyword, port, span: from(keyword, end) }
          : { kind: "Publish", keyword, port, hostPort, span: from(keyword, end) };
      }
    }
    return undefined;
  }

  function valuesOf(c: Children, key: string): A.Value[] {
    const out: A.Value[] = [];
    for (const n of nodes(c, key)) {
      const v = value(n);
      if (v !== undefined) out.push(v);
    }
    return out;
  }

  function pipItem(n: CstNode): A.PipItem | undefined {
    const c = n.children as Children;
    const v = value(node(c, "value"));
    if (v === undefined) return undefined;
    const index = tok(c, "index") ?? tok(c, "extraIndex");
    if (index !== undefined) {
      const keyword = tspan(index);
      const kind = index.tokenType.name === "Kw_index" ? "PipIndex" : "PipExtraIndex";
      return { kind, keyword, url: v, span: from(keyword, v.span.end) };
    }
    const hashes = valuesOf(c, "hash");
    return { kind: "PipRequirement", requirement: v, hashes, span: from(v.span, hashes.at(-1)?.span.end ?? 0) };
  }

  /** The span runs over everything skipped, so the formatter can keep that text as written. */
  function unknownStatement(c: Children): A.UnknownStatement | undefined {
    const nameTok = tok(c, "name");
    if (nameTok === undefined) return undefined;
    const name = ident(nameTok)!;
    const end = Math.max(name.span.end, ...nodes(c, "arg").map(lastEnd), ...nodes(c, "block").map(lastEnd));
    return { kind: "Unknown", keyword: name.span, name, span: from(name.span, end) };
  }

  function template(c: Children): A.TemplateDecl | undefined {
    const name = ident(tok(c, "name"));
    const b = body(node(c, "body"));
    if (name === undefined || b === undefined) return undefined;
    const params: A.Param[] = [];
    for (const p of nodes(c, "param")) {
      const pc = p.children as Children;
      const pname = ident(tok(pc, "name"));
      if (pname === undefined) continue;
      const def = value(node(pc, "value"));
      params.push(
        def === undefined
          ? { kind: "Param", name: pname, span: pname.span }
          : { kind: "Param", name: pname, default: def, span: from(pname.span, def.span.end) },
      );
    }
    return { kind: "Template", name, params, body: b, span: from(tspan(tok(c, "keyword")!), b.span.end) };
  }

  function extendsClause(n: CstNode | undefined): A.ExtendsClause | undefined {
    if (n === undefined) return undefined;
    const c = n.children as Children;
    const kw = tok(c, "keyword");
    const name = ident(tok(c, "name"));
    if (kw === undefined || name === undefined) return undefined;
    if (c.open === undefined) return { kind: "Extends", name, span: from(tspan(kw), name.span.end) };
    const args: A.Arg[] = [];
    for (const a of nodes(c, "arg")) {
      const ac = a.children as Children;
      const aname = ident(tok(ac, "name"));
      const v = value(node(ac, "value"));
      if (aname !== undefined && v !== undefined) {
        args.push({ kind: "Arg", name: aname, value: v, span: from(aname.span, v.span.end) });
      }
    }
    const close = tok(c, "close");
    const end = close ? close.startOffset + 1 : (args.at(-1)?.span.end ?? name.span.end);
    return { kind: "Extends", name, args, span: from(tspan(kw), end) };
  }

  function boxDecl(c: Children): A.BoxDecl | undefined {
    const name = ident(tok(c, "name"));
    const b = body(node(c, "body"));
    if (name === undefined || b === undefined) return undefined;
    const ext = extendsClause(node(c, "extends"));
    const span = from(tspan(tok(c, "keyword")!), b.span.end);
    return ext === undefined
      ? { kind: "Box", name, body: b, span }
      : { kind: "Box", name, extends: ext, body: b, span };
  }

  function targetDecl(c: Children): A.TargetDecl | undefined {
    const kind = ident(tok(c, "kind"));
    if (kind === undefined) return undefined;
    collectJunk(c, "target");
    const nameTok = tok(c, "name");
    const name: A.Value | undefined =
      nameTok === undefined ? undefined : ({ ...(nameTok.payload as LiteralPayload), span: tspan(nameTok) } as A.Value);
    const options: A.TargetOption[] = [];
    for (const o of nodes(c, "option")) {
      const oc = o.children as Children;
      const oname = ident(tok(oc, "name"));
      const v = value(node(oc, "value"));
      if (oname !== undefined && v !== undefined) {
        options.push({ kind: "TargetOption", name: oname, value: v, span: from(oname.span, v.span.end) });
      }
    }
    const last = options.at(-1)?.span.end ?? (name ?? kind).span.end;
    const end = c.open === undefined ? last : blockEnd(c, last);
    const span = from(tspan(tok(c, "keyword")!), end);
    return name === undefined
      ? { kind: "Target", targetKind: kind, options, span }
      : { kind: "Target", targetKind: kind, name, options, span };
  }

  function topStatement(sub: CstNode): A.TopStatement | undefined {
    const key = sub.name;
    const sc = sub.children as Children;
    if (tok(sc, "keyword") === undefined) return undefined;
    switch (key) {
      case "projectDecl":
      case "importDecl": {
        const v = value(node(sc, "value"));
        if (v === undefined) return undefined;
        const span = from(tspan(tok(sc, "keyword")!), v.span.end);
        return key === "projectDecl" ? { kind: "Project", name: v, span } : { kind: "Import", path: v, span };
      }
      case "templateDecl":
        return template(sc);
      case "boxDecl":
        return boxDecl(sc);
      case "targetDecl":
        return targetDecl(sc);
    }
    return undefined;
  }

  const fc = cst.children as Children;
  for (const t of (fc.stray as IToken[] | undefined) ?? []) if (real(t)) junk.set(t, "file");
  const statements: A.TopStatement[] = [];
  for (const s of nodes(fc, "statement")) {
    const st = topStatement(s);
    if (st !== undefined) statements.push(st);
  }
  const commentNodes: A.Comment[] = comments.map((t) => ({ kind: "Comment", text: t.image, span: tspan(t) }));
  return {
    ast: { kind: "File", statements, comments: commentNodes, span: { file, start: 0, end: textLength } },
    junk,
  };
}

/** End offset of the last real token under a CST node (0 when there is none). */
function lastEnd(n: CstNode): number {
  let end = 0;
  const c = n.children as Children;
  for (const key in c) {
    for (const x of c[key] ?? []) {
      if ("image" in x) {
        const t = x as IToken;
        if (real(t)) end = Math.max(end, t.startOffset + t.image.length);
      } else end = Math.max(end, lastEnd(x as CstNode));
    }
  }
  return end;
}

/** False for the tokens recovery inserts: their offsets are NaN or -1, never a position. */
function real(t: IToken): boolean {
  return t.startOffset >= 0;
}
