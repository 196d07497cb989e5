/**
 * The output folder as the plan sees it (a DiskView), read lazily so a build never holds it in
 * memory: one scan lists what is under the folders targets write to (names and kinds only,
 * never following a symlink), and a file's bytes are read when the plan asks about its path,
 * into a buffer the next read reuses.
 */
import { closeSync, lstatSync, openSync, readdirSync, readSync, type Stats } from "node:fs";
import { join, sep } from "node:path";
import { SCANNED_ROOTS, type DiskEntry, type DiskView } from "./plan.ts";

type Kind = "file" | "dir" | "symlink" | "other";

const MISSING: DiskEntry = { kind: "missing" };

function lstat(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
    throw e;
  }
}

const kindOf = (st: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): Kind =>
  st.isSymbolicLink() ? "symlink" : st.isDirectory() ? "dir" : st.isFile() ? "file" : "other";

/** Every entry under `rel` by relative path, recursing into real folders only. Our own temporaries are skipped. */
function scanDir(dir: string, rel: string, index: Map<string, Kind>): void {
  // Dirent types come from readdir itself (never following symlinks): no lstat per entry.
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    if (e.name.includes(".boxc-tmp-")) continue;
    const r = `${rel}/${e.name}`;
    const kind = kindOf(e);
    index.set(r, kind);
    if (kind === "dir") scanDir(dir, r, index);
  }
}

/**
 * Reads whole files into one reused buffer: a build reads every output file once to compare
 * it, and a fresh Buffer per file would leave hundreds of megabytes to the GC at 10,000 boxes.
 */
class FileReader {
  private buf = Buffer.allocUnsafe(256 * 1024);

  /** The file's bytes, valid until the next call; MISSING when it vanished since the scan. */
  read(abs: string): DiskEntry {
    let fd: number;
    try {
      fd = openSync(abs, "r");
    } catch (e) {
      // Gone since the scan (another tool): it is missing now.
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return MISSING;
      throw e;
    }
    try {
      let size = 0;
      for (;;) {
        if (size === this.buf.length) {
          const bigger = Buffer.allocUnsafe(this.buf.length * 2);
          this.buf.copy(bigger, 0, 0, size);
          this.buf = bigger;
        }
        const n = readSync(fd, this.buf, size, this.buf.length - size, null);
        if (n === 0) break;
        size += n;
      }
      return { kind: "file", bytes: this.buf.subarray(0, size) };
    } finally {
      closeSync(fd);
    }
  }
}

export function readSnapshot(dir: string): DiskView {
  const rootStat = lstat(dir);
  const root = !rootStat ? "missing" : rootStat.isSymbolicLink() ? "symlink" : rootStat.isDirectory() ? "dir" : "other";
  if (root !== "dir") return { root, entry: () => MISSING, candidates: () => [] };

  // The scanned roots, completely: any path under them is answered from here without a syscall.
  const index = new Map<string, Kind>();
  for (const r of SCANNED_ROOTS) {
    const st = lstat(join(dir, r));
    if (!st) continue;
    index.set(r, kindOf(st));
    if (st.isDirectory()) scanDir(dir, r, index);
  }
  const scanned = (rel: string) => {
    const slash = rel.indexOf("/");
    return SCANNED_ROOTS.includes(slash < 0 ? rel : rel.slice(0, slash));
  };

  // Elsewhere (the manifest, paths a manifest lists outside the roots): lstat, memoized.
  const stats = new Map<string, Kind | undefined>();
  const kindAt = (rel: string): Kind | undefined => {
    if (scanned(rel)) return index.get(rel);
    if (!stats.has(rel)) {
      const st = lstat(join(dir, rel));
      stats.set(rel, st ? kindOf(st) : undefined);
    }
    return stats.get(rel);
  };

  const reader = new FileReader();
  // Paths asked about are checked relative paths: joined without normalizing, once per file.
  const prefix = dir.endsWith(sep) ? dir : `${dir}${sep}`;
  const entry = (rel: string): DiskEntry => {
    const kind = kindAt(rel);
    if (kind === "file") return reader.read(`${prefix}${rel}`);
    if (kind !== undefined) return { kind };
    // Missing: the nearest existing folder on the way says whether it could be written.
    for (let i = rel.lastIndexOf("/"); i > 0; i = rel.lastIndexOf("/", i - 1)) {
      const parent = rel.slice(0, i);
      const k = kindAt(parent);
      if (k === undefined) continue;
      if (k === "symlink") return { kind: "missing", blockedBy: parent };
      return k === "dir" ? MISSING : { kind: "other" };
    }
    return MISSING;
  };
  const candidates = function* () {
    for (const [rel, kind] of index) if (kind === "file") yield rel;
  };
  return { root, entry, candidates };
}
