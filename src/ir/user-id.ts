/**
 * Numeric identity of box users. Every target must create the user with the same uid/gid
 * so files copied by one target and volumes mounted by another agree on ownership; a hash
 * of the name gives that without any shared state. The range 10000–59999 stays clear of
 * Debian's system users (< 1000), regular users (1000–9999) and nobody (65534).
 */
export const USER_ID_MIN = 10000;
export const USER_ID_SPAN = 50000;

/** FNV-1a (32 bit) over the UTF-8 bytes of the name. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(s)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** `root` → 0; any other name → a stable id in 10000–59999 (uid and gid alike). */
export function userIdFor(name: string): number {
  if (name === "root") return 0;
  return USER_ID_MIN + (fnv1a(name) % USER_ID_SPAN);
}
