/** Traversal of AST subtrees: finds and replaces parameter references. */
import type { Span } from "../source/span.ts";
import type {
  Arg,
  Body,
  BoxFile,
  ExtendsClause,
  EnvEntry,
  HealthEntry,
  Param,
  PipItem,
  Ref,
  ResourceEntry,
  Statement,
  TargetOption,
  TopStatement,
  Value,
} from "../ast/types.ts";

/** Nodes that can hold other nodes (the leaves below hold none; a `Ref` is what is looked for). */
type Branch = BoxFile | TopStatement | Param | Arg | ExtendsClause | TargetOption | Body | Statement | PipItem | EnvEntry | HealthEntry | ResourceEntry | Extract<Value, { kind: "List" }>;

/**
 * Per node kind, the fields that may hold a `Ref` (directly or below). Every project walks
 * every box body, and reading these few fields is much cheaper than enumerating each node's
 * keys. The type makes the table name every kind and only real fields; test/check/walk.test.ts
 * checks that the fields left out hold no value nodes. A kind missing here (a new node) is
 * walked key by key.
 */
export const REF_FIELDS: { readonly [N in Branch as N["kind"]]: readonly Exclude<keyof N, "kind" | "keywordEnd" | keyof Span>[] } = {
  File: ["statements"],
  Project: ["name"],
  Import: ["path"],
  Param: ["default"],
  Template: ["params", "body"],
  Arg: ["value"],
  Extends: ["args"],
  Box: ["extends", "body"],
  TargetOption: ["value"],
  Target: ["name", "options"],
  Body: ["statements"],
  List: ["items"],
  Os: ["value"],
  Python: ["value"],
  Workdir: ["value"],
  User: ["value"],
  AllowRoot: ["value"],
  Image: ["value"],
  Restart: ["value"],
  StopSignal: ["value"],
  Build: ["value"],
  PipRequirement: ["requirement", "hashes"],
  PipIndex: ["url"],
  PipExtraIndex: ["url"],
  Pip: ["items"],
  Apt: ["packages"],
  Copy: ["source", "dest"],
  EnvEntry: ["value"],
  Env: ["entries"],
  Secret: ["path"],
  Run: ["command"],
  Expose: ["port"],
  HealthEntry: ["value", "port"],
  Health: ["entries"],
  ResourceEntry: ["value"],
  Resources: ["entries"],
  Connect: ["port"],
  Volume: ["name", "path", "size"],
  Publish: ["port", "hostPort"],
  Unknown: [],
};

/** The fields of `node` to descend into. */
function fieldsOf(node: { kind: string }): readonly string[] {
  const known = (REF_FIELDS as Readonly<Record<string, readonly string[] | undefined>>)[node.kind];
  if (known !== undefined) return known;
  const keys: string[] = [];
  for (const k in node) if (!isSpanKey(k)) keys.push(k);
  return keys;
}

/** Keys that hold positions, never values: not worth descending into. */
const isSpanKey = (k: string): boolean => k === "keywordEnd" || k === "file" || k === "start" || k === "end";

/**
 * Node kinds that hold no other node (literals, names, comments): most of a tree, and every
 * box body is walked, so they are answered without looking inside.
 */
const LEAVES: ReadonlySet<string> = new Set(["Ident", "String", "Number", "Size", "Duration", "Bool", "Comment"]);

function isNode(x: unknown): x is { kind: string } {
  return typeof x === "object" && x !== null && typeof (x as { kind?: unknown }).kind === "string";
}

/** Calls `fn` for every `Ref` value under `node`. */
export function forEachRef(node: unknown, fn: (r: Ref) => void): void {
  if (Array.isArray(node)) {
    for (const x of node) forEachRef(x, fn);
    return;
  }
  if (!isNode(node) || LEAVES.has(node.kind)) return;
  if (node.kind === "Ref") {
    fn(node as Ref);
    return;
  }
  for (const k of fieldsOf(node)) {
    const v = (node as Record<string, unknown>)[k];
    if (typeof v === "object" && v !== null) forEachRef(v, fn);
  }
}

/**
 * A copy of `node` where each `Ref` is replaced by `sub(ref)` (or kept when it returns
 * undefined). Untouched subtrees are shared: they stay the same objects.
 */
export function replaceRefs<T>(node: T, sub: (r: Ref) => Value | undefined): T {
  if (Array.isArray(node)) {
    let changed = false;
    const out = node.map((x) => {
      const y = replaceRefs(x, sub);
      if (y !== x) changed = true;
      return y;
    });
    return (changed ? out : node) as T;
  }
  if (!isNode(node) || LEAVES.has(node.kind)) return node;
  if (node.kind === "Ref") return (sub(node as unknown as Ref) ?? node) as T;
  let copy: Record<string, unknown> | undefined;
  const src = node as unknown as Record<string, unknown>;
  for (const k of fieldsOf(node)) {
    const v = src[k];
    if (typeof v !== "object" || v === null) continue;
    const w = replaceRefs(v, sub);
    if (w !== v) (copy ??= { ...src })[k] = w;
  }
  return (copy ?? node) as T;
}
