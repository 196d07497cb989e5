/**
 * Project-wide resource limits (issue 10, docs/security.md). The loader and `extends`
 * resolution recurse once per level, so their depth is capped well below Node's stack; the
 * box count bounds the work every later pass does per box.
 */
import { diag } from "../diagnostics/make.ts";
import type { Diagnostic } from "../diagnostics/types.ts";

/** Import chain depth (entry file = 0). Node's stack overflowed near 8,000 before this limit. */
export const MAX_IMPORT_DEPTH = 128;
/** Boxes in one `extends` chain. Resolving a chain costs its length for each box in it. */
export const MAX_EXTENDS_DEPTH = 64;
/** Boxes in one project (a compile takes about a millisecond per box). */
export const MAX_BOXES = 10_000;

/**
 * Diagnostics one compile returns. A 16 MiB file can hold millions of small mistakes; past
 * this many, the rest are counted in one BOX2093 instead of being built into a report no one
 * reads (and JSON output stays bounded).
 */
export const MAX_DIAGNOSTICS = 10_000;

/** `into.push(...items)` without spreading: a spread of ~100,000 items overflows the call stack. */
export function appendAll<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
}

/**
 * The first MAX_DIAGNOSTICS of sorted diagnostics, then one diagnostic counting the rest: an
 * error (BOX2093) when errors are among them, else a warning (BOX2094), so the cap never turns
 * a project that compiles (say 10,000 boxes, each warned about) into one that does not.
 */
export function capDiagnostics(sorted: readonly Diagnostic[]): Diagnostic[] {
  if (sorted.length <= MAX_DIAGNOSTICS) return [...sorted];
  const rest = sorted.slice(MAX_DIAGNOSTICS);
  const errors = rest.filter((d) => d.severity === "error").length;
  const summary = errors > 0
    ? diag("BOX2093", { count: rest.length, errors, limit: MAX_DIAGNOSTICS })
    : diag("BOX2094", { count: rest.length, limit: MAX_DIAGNOSTICS });
  return [...sorted.slice(0, MAX_DIAGNOSTICS), summary];
}
