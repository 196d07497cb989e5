/**
 * The origins map: IR JSON pointer → source span. Large projects have tens of entries per
 * box (hundreds of thousands in all), and the map lives as long as the IR, so it is kept
 * compact: each box holds its own list of box-relative pointers (`/env/0/value`), strings
 * shared by every box, with its spans packed as numbers, and the project-wide map only adds
 * the `/boxes/<i>` prefix on lookup.
 */
import { positionOf, type Span } from "../source/span.ts";

export function escapePointer(segment: string | number): string {
  return String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
}

export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => `/${escapePointer(s)}`).join("");
}

/**
 * One copy of each relative pointer, however many boxes use it. Bounded: the pointers a box
 * can have are few (fields × list positions), but a long-lived process should not grow forever.
 */
const interned = new Map<string, string>();
const INTERN_LIMIT = 100_000;

function intern(s: string): string {
  const known = interned.get(s);
  if (known !== undefined) return known;
  if (interned.size >= INTERN_LIMIT) {
    interned.clear();
    itemPrefixes.clear(); // its strings came from `interned`
  }
  interned.set(s, s);
  return s;
}

/** `/<path>/<index>` for a list path such as `pip/requirements`, built once per path and index. */
const itemPrefixes = new Map<string, string[]>();

function itemPrefix(path: string, index: number): string {
  let byIndex = itemPrefixes.get(path);
  if (byIndex === undefined) {
    byIndex = [];
    itemPrefixes.set(path, byIndex);
  }
  return (byIndex[index] ??= intern(pointer(...path.split("/"), index)));
}

/** Origins of one IR subtree, relative to its root (pointer "" is the subtree itself). */
export class OriginList {
  /** Parallel lists, each pointer once: the first entry wins, as a later one only repeats a coarser span. */
  readonly ptrs: string[] = [];
  readonly spans: Span[] = [];

  add(ptr: string, span: Span | undefined): void {
    // A box has a few dozen entries: a scan is cheaper than a hash table per box.
    if (span && !this.ptrs.includes(ptr)) {
      this.ptrs.push(ptr);
      this.spans.push(span);
    }
  }

  /** Adds a sorted list's items: each item's own origins land under `/<path>/<index>` (path: `/`-separated names). */
  addList<T>(path: string, items: readonly Tracked<T>[]): T[] {
    return items.map((it, i) => {
      if (it.origins.length > 0) {
        const prefix = itemPrefix(path, i);
        for (const [p, s] of it.origins) this.add(p === "" ? prefix : intern(prefix + p), s);
      }
      return it.value;
    });
  }

  /** The span of a relative pointer. */
  get(ptr: string): Span | undefined {
    const i = this.ptrs.indexOf(ptr);
    return i < 0 ? undefined : this.spans[i];
  }
}

const BOXES = "/boxes/";

/**
 * A box's origins once lowering is done: its pointers (shared strings) and, per pointer, the
 * span as three numbers (file index, start, end). A span object per entry cost several times
 * as much, and the map lives as long as the IR; a looked-up span is rebuilt on demand.
 */
class PackedOrigins {
  readonly ptrs: readonly string[];
  readonly nums: Int32Array;

  constructor(list: OriginList, fileIndex: (file: string) => number) {
    this.ptrs = list.ptrs.slice();
    const nums = new Int32Array(list.spans.length * 3);
    for (let i = 0; i < list.spans.length; i++) {
      const s = list.spans[i]!;
      nums[3 * i] = fileIndex(s.file);
      nums[3 * i + 1] = s.start;
      nums[3 * i + 2] = s.end;
    }
    this.nums = nums;
  }
}

/**
 * The project's origins: box `i`'s pointers answer under `/boxes/<i>`, everything else
 * (targets, `/project`) from a plain map. Read-only to its users; iteration (tests, tools)
 * lists box entries first, box by box, then the rest.
 */
export class OriginsMap implements ReadonlyMap<string, Span> {
  readonly #files: string[] = [];
  readonly #boxes: readonly PackedOrigins[];
  readonly #rest = new Map<string, Span>();

  /** Takes each box's finished list (later changes to a list are not seen). */
  constructor(boxes: readonly OriginList[]) {
    const index = new Map<string, number>();
    const fileIndex = (file: string): number => {
      let i = index.get(file);
      if (i === undefined) {
        i = this.#files.push(file) - 1;
        index.set(file, i);
      }
      return i;
    };
    this.#boxes = boxes.map((b) => new PackedOrigins(b, fileIndex));
  }

  /** Adds an entry outside the boxes unless the pointer already has one. */
  addOther(ptr: string, span: Span): void {
    if (ptr.startsWith(BOXES)) throw new Error(`box origins belong to their OriginList: ${ptr}`);
    if (!this.#rest.has(ptr)) this.#rest.set(ptr, positionOf(span));
  }

  get(ptr: string): Span | undefined {
    if (!ptr.startsWith(BOXES)) return this.#rest.get(ptr);
    const slash = ptr.indexOf("/", BOXES.length);
    const digits = slash < 0 ? ptr.slice(BOXES.length) : ptr.slice(BOXES.length, slash);
    // Only the canonical spelling of an index names a box (`/boxes/01` is not `/boxes/1`).
    if (!/^(?:0|[1-9][0-9]*)$/.test(digits)) return undefined;
    const box = this.#boxes[Number(digits)];
    if (box === undefined) return undefined;
    const i = box.ptrs.indexOf(slash < 0 ? "" : ptr.slice(slash));
    return i < 0 ? undefined : this.#span(box, i);
  }

  #span(box: PackedOrigins, i: number): Span {
    return { file: this.#files[box.nums[3 * i]!]!, start: box.nums[3 * i + 1]!, end: box.nums[3 * i + 2]! };
  }

  has(ptr: string): boolean {
    return this.get(ptr) !== undefined;
  }

  /** Every entry as a plain map; iterating is rare, so it is built on demand. */
  #all(): Map<string, Span> {
    const all = new Map<string, Span>();
    this.#boxes.forEach((b, i) => {
      b.ptrs.forEach((p, j) => all.set(`${BOXES}${i}${p}`, this.#span(b, j)));
    });
    for (const [p, s] of this.#rest) all.set(p, s);
    return all;
  }

  get size(): number {
    let n = this.#rest.size;
    for (const b of this.#boxes) n += b.ptrs.length;
    return n;
  }

  forEach(fn: (value: Span, key: string, map: ReadonlyMap<string, Span>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.#all()) fn.call(thisArg, v, k, this);
  }

  entries(): MapIterator<[string, Span]> {
    return this.#all().entries();
  }

  keys(): MapIterator<string> {
    return this.#all().keys();
  }

  values(): MapIterator<Span> {
    return this.#all().values();
  }

  [Symbol.iterator](): MapIterator<[string, Span]> {
    return this.entries();
  }
}

/** An IR value with its origins relative to itself. */
export interface Tracked<T> {
  readonly value: T;
  readonly origins: readonly [string, Span][];
}

export function tracked<T>(value: T, ...origins: [string, Span | undefined][]): Tracked<T> {
  // Usually every span is known: keep the array as given then.
  const known = origins.every((o) => o[1] !== undefined) ? origins : origins.filter((o) => o[1] !== undefined);
  return { value, origins: known as [string, Span][] };
}

/** Sorts by a string key, stable, by UTF-16 code units (locale-independent). */
export function sortBy<T>(items: readonly T[], key: (t: T) => string): T[] {
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
