/**
 * The output folder as the plan sees it (a DiskView), read lazily so a build never holds it in
 * memory: one scan lists what is under the folders targets write to (names and kinds only,
 * never following a symlink), and a file's bytes are read when the plan asks about its path,
 * into a buffer the next read reuses.
 */
import { lstatSync, readdirSync, type Stats } from "node:fs";
import { join, sep } from "node:path";
import { SCANNED_ROOTS, type DiskEntry, type DiskView } from "./plan.ts";
import { ScratchReader } from "./scratch-reader.ts";

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

/** A file's bytes through the shared scratch buffer; MISSING when it vanished since the scan. */
function readEntry(reader: ScratchReader, abs: string): DiskEntry {
  try {
    return { kind: "file", bytes: reader.read(abs) };
  } catch (e) {
    // Gone since the scan (another tool): it is missing now.
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return MISSING;
    throw e;
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

  const reader = new ScratchReader();
  // Paths asked about are checked relative paths: joined without normalizing, once per file.
  const prefix = dir.endsWith(sep) ? dir : `${dir}${sep}`;
  const entry = (rel: string): DiskEntry => {
    const kind = kindAt(rel);
    if (kind === "file") return readEntry(reader, `${prefix}${rel}`);
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
