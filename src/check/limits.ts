/**
 * Project-wide resource limits (issue 10, docs/security.md). The loader and `extends`
 * resolution recurse once per level, so their depth is capped well below Node's stack; the
 * box count bounds the work every later pass does per box.
 */
/** Import chain depth (entry file = 0). Node's stack overflowed near 8,000 before this limit. */
export const MAX_IMPORT_DEPTH = 128;
/** Boxes in one `extends` chain. Resolving a chain costs its length for each box in it. */
export const MAX_EXTENDS_DEPTH = 64;
/** Boxes in one project (a compile takes about a millisecond per box). */
export const MAX_BOXES = 10_000;
