/** Generic traversal of AST subtrees: finds and replaces parameter references. */
import type { Ref, Value } from "../ast/types.ts";

/** Keys that hold spans, never values: not worth descending into. */
const SPAN_KEYS: ReadonlySet<string> = new Set(["span", "keyword"]);

function isNode(x: unknown): x is { kind: string } {
  return typeof x === "object" && x !== null && typeof (x as { kind?: unknown }).kind === "string";
}

/** Calls `fn` for every `Ref` value under `node`. */
export function forEachRef(node: unknown, fn: (r: Ref) => void): void {
  if (Array.isArray(node)) {
    for (const x of node) forEachRef(x, fn);
    return;
  }
  if (!isNode(node)) return;
  if (node.kind === "Ref") {
    fn(node as Ref);
    return;
  }
  for (const k in node) {
    if (SPAN_KEYS.has(k)) continue;
    const v = (node as Record<string, unknown>)[k];
    if (typeof v === "object" && v !== null) forEachRef(v, fn);
  }
}

/**
 * A copy of `node` where each `Ref` is replaced by `sub(ref)` (or kept when it returns
 * undefined). Untouched subtrees are shared, so spans stay the same objects.
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
  if (!isNode(node)) return node;
  if (node.kind === "Ref") return (sub(node as unknown as Ref) ?? node) as T;
  let copy: Record<string, unknown> | undefined;
  const src = node as unknown as Record<string, unknown>;
  for (const k in src) {
    if (SPAN_KEYS.has(k)) continue;
    const v = src[k];
    if (typeof v !== "object" || v === null) continue;
    const w = replaceRefs(v, sub);
    if (w !== v) (copy ??= { ...src })[k] = w;
  }
  return (copy ?? node) as T;
}
