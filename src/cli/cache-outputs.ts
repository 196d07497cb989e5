/**
 * The output side of the build cache: what the output folder looked like right after a
 * build, as `lstat` sees it, and the check that it still does.
 *
 * Each entry is recorded with its kind, size, mtime and ctime (nanoseconds), inode and mode.
 * ctime matters most: nothing can set it back, so an edit that restores size and mtime
 * (`touch -d`) is still seen. A folder's times change when an entry is added, removed or
 * renamed in it, so recording every folder catches files that appear.
 *
 * Racy entries (git's "racy git" problem): an entry changed within the timestamp tick in which
 * the record was taken could change again within that tick and keep its times. Any entry whose
 * times are not strictly older than the record's clock reading carries a content check
 * instead: the sha256 of a file's bytes, the names in a folder.
 */
import { lstatSync, readdirSync, readFileSync, type BigIntStats } from "node:fs";
import { digest } from "../host/recording.ts";

/** f file · d folder · l symlink · o anything else · - missing. */
export type Kind = "f" | "d" | "l" | "o" | "-";

/** One entry as observed while recording. */
export interface Observed {
  readonly path: string;
  readonly kind: Kind;
  readonly stats: BigIntStats | undefined;
  /** A folder's entry names, sorted (as read by the walk). */
  readonly names?: readonly string[];
}

/**
 * The recorded output folder, as parallel arrays (compact, and quick to parse and compare):
 * `paths` relative to the folder, `sigs` each entry's signature, `checks` the content check
 * of racy entries by index: sha256 of a file's bytes, or a folder's names.
 */
export interface OutputRecord {
  readonly paths: readonly string[];
  readonly sigs: readonly string[];
  readonly checks: Readonly<Record<string, string | readonly string[]>>;
}

const kindOf = (st: BigIntStats | undefined): Kind =>
  st === undefined ? "-" : st.isFile() ? "f" : st.isDirectory() ? "d" : st.isSymbolicLink() ? "l" : "o";

/**
 * Kind, size, mtime and ctime (ns), inode and mode in one string: one comparison per entry.
 * Joined, not concatenated: a concatenation is a rope of a dozen pieces until something reads
 * it whole, and the record keeps one per output entry (at 10,000 boxes the ropes held 32 MB
 * for 64,000 entries, against 5 MB as flat strings, and left the rest as garbage).
 */
export function signature(st: BigIntStats | undefined): string {
  return st === undefined ? "-" : [kindOf(st) + st.size, st.mtimeNs, st.ctimeNs, st.ino, st.mode].join(":");
}

export function lstatBig(abs: string): BigIntStats | undefined {
  try {
    return lstatSync(abs, { bigint: true, throwIfNoEntry: false });
  } catch {
    // ENOTDIR and the like: a parent is not a folder any more; treat as missing.
    return undefined;
  }
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * `tops` (output-relative names) and, for folders, everything under them, in path order;
 * never follows symlinks. A generator: each entry's stats are dropped once the caller has
 * looked at them (at 10,000 boxes a list of all 64,000 entries held 46 MB).
 */
export function* walkOutputs(dir: string, tops: readonly string[]): Generator<Observed> {
  const visit = function* (rel: string): Generator<Observed> {
    const stats = lstatBig(`${dir}/${rel}`);
    const kind = kindOf(stats);
    if (kind !== "d") {
      yield { path: rel, kind, stats };
      return;
    }
    const names = readdirSync(`${dir}/${rel}`).sort(byName);
    yield { path: rel, kind, stats, names };
    for (const n of names) yield* visit(`${rel}/${n}`);
  };
  for (const t of [...tops].sort(byName)) yield* visit(t);
}

/** The newest of an entry's times: the one that tells whether it changed at or after a moment. */
export const changedAt = (st: BigIntStats): bigint => (st.ctimeNs > st.mtimeNs ? st.ctimeNs : st.mtimeNs);

/**
 * True when every recorded entry is still exactly as recorded. Stops at the first difference:
 * a miss costs as little as possible. Throws on a malformed record (the caller treats a
 * corrupt record as a miss). Paths are joined with `/`, which every platform accepts.
 */
export function outputsUnchanged(dir: string, rec: OutputRecord): boolean {
  const { paths, sigs, checks } = rec;
  if (!Array.isArray(paths) || !Array.isArray(sigs) || paths.length !== sigs.length || typeof checks !== "object" || checks === null) {
    throw new Error("malformed output record");
  }
  // From inside the folder, with relative paths: the kernel then resolves the two or three
  // components of each entry instead of its whole absolute path (a fifth of this check at
  // 1,000 boxes). Nothing else runs meanwhile, and the working directory is restored. A worker
  // thread cannot change it: there, absolute paths.
  const back = process.cwd();
  let prefix = "";
  try {
    process.chdir(dir);
  } catch {
    prefix = `${dir}/`;
  }
  try {
    for (let i = 0; i < paths.length; i++) {
      if (signature(lstatBig(prefix + paths[i]!)) !== sigs[i]) return false;
    }
  } finally {
    if (prefix === "") process.chdir(back);
  }
  for (const [i, check] of Object.entries(checks)) {
    const abs = `${dir}/${paths[Number(i)]}`;
    if (typeof check === "string") {
      if (digest(readFileSync(abs)) !== check) return false;
    } else {
      const names = readdirSync(abs).sort(byName);
      if (!Array.isArray(check) || names.length !== check.length || names.some((n, j) => n !== check[j])) return false;
    }
  }
  return true;
}
