/** Building the origins map: IR JSON pointer → source span. */
import type { Span } from "../source/span.ts";

export function escapePointer(segment: string | number): string {
  return String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
}

export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => `/${escapePointer(s)}`).join("");
}

/** Origins of one IR subtree, relative to its root (pointer "" is the subtree itself). */
export class OriginList {
  readonly entries: [string, Span][] = [];

  add(ptr: string, span: Span | undefined): void {
    if (span) this.entries.push([ptr, span]);
  }

  /** Adds a sorted list's items: each item's own origins land under `/<path>/<index>` (path: `/`-separated names). */
  addList<T>(path: string, items: readonly Tracked<T>[]): T[] {
    return items.map((it, i) => {
      for (const [p, s] of it.origins) this.add(`${pointer(...path.split("/"), i)}${p}`, s);
      return it.value;
    });
  }

  /** Copies the entries under `prefix` into `into`. */
  mountInto(into: Map<string, Span>, prefix: string): void {
    for (const [p, s] of this.entries) if (!into.has(prefix + p)) into.set(prefix + p, s);
  }
}

/** An IR value with its origins relative to itself. */
export interface Tracked<T> {
  readonly value: T;
  readonly origins: readonly [string, Span][];
}

export function tracked<T>(value: T, ...origins: [string, Span | undefined][]): Tracked<T> {
  return { value, origins: origins.filter((o): o is [string, Span] => o[1] !== undefined) };
}

/** Sorts by a string key, stable, by UTF-16 code units (locale-independent). */
export function sortBy<T>(items: readonly T[], key: (t: T) => string): T[] {
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
