/**
 * Reads the part of the output folder a plan needs: the manifest, every path it asks about,
 * and the generated files under the folders targets write to. Never follows a symlink.
 */
import { lstatSync, readdirSync, readFileSync, type Stats } from "node:fs";
import { join } from "node:path";
import type { EmittedFile } from "../../targets/_shared/api.ts";
import { hasGeneratedMarker, MANIFEST_PATH } from "./manifest.ts";
import { oldManifest, pathsOfInterest, SCANNED_ROOTS, type DiskEntry, type DiskSnapshot } from "./plan.ts";

function lstat(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
    throw e;
  }
}

/**
 * Files with the generated marker under `rel` (a file or folder), not following symlinks.
 * The bytes read are kept in `read`: the plan needs them again, and reading twice doubles I/O.
 */
function scan(dir: string, rel: string, out: string[], read: Map<string, Uint8Array>): void {
  const st = lstat(join(dir, rel));
  if (!st) return;
  if (st.isFile()) scanFile(dir, rel, out, read);
  else if (st.isDirectory()) scanDir(dir, rel, out, read);
}

function scanFile(dir: string, rel: string, out: string[], read: Map<string, Uint8Array>): void {
  const bytes = readFileSync(join(dir, rel));
  read.set(rel, bytes);
  if (hasGeneratedMarker(bytes)) out.push(rel);
}

// Dirent types come from readdir itself (never following symlinks): no lstat per entry.
function scanDir(dir: string, rel: string, out: string[], read: Map<string, Uint8Array>): void {
  const entries = readdirSync(join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.includes(".boxc-tmp-")) continue;
    const r = `${rel}/${e.name}`;
    if (e.isFile()) scanFile(dir, r, out, read);
    else if (e.isDirectory()) scanDir(dir, r, out, read);
  }
}

export function readSnapshot(dir: string, files: readonly EmittedFile[]): DiskSnapshot {
  const rootStat = lstat(dir);
  const root = !rootStat ? "missing" : rootStat.isSymbolicLink() ? "symlink" : rootStat.isDirectory() ? "dir" : "other";
  const entries = new Map<string, DiskEntry>();
  if (root !== "dir") return { root, entries, scanned: [] };

  const cache = new Map<string, Stats | undefined>();
  const read = new Map<string, Uint8Array>();
  const cachedLstat = (rel: string) => {
    if (!cache.has(rel)) cache.set(rel, lstat(join(dir, rel)));
    return cache.get(rel);
  };
  const entryOf = (rel: string): DiskEntry => {
    const segs = rel.split("/");
    for (let i = 1; i < segs.length; i++) {
      const parent = segs.slice(0, i).join("/");
      const st = cachedLstat(parent);
      if (!st) return { kind: "missing" };
      if (st.isSymbolicLink()) return { kind: "missing", blockedBy: parent };
      if (!st.isDirectory()) return { kind: "other" };
    }
    const st = cachedLstat(rel);
    if (!st) return { kind: "missing" };
    if (st.isSymbolicLink()) return { kind: "symlink" };
    if (st.isDirectory()) return { kind: "dir" };
    if (!st.isFile()) return { kind: "other" };
    return { kind: "file", bytes: read.get(rel) ?? readFileSync(join(dir, rel)) };
  };

  entries.set(MANIFEST_PATH, entryOf(MANIFEST_PATH));
  const scanned: string[] = [];
  for (const r of SCANNED_ROOTS) scan(dir, r, scanned, read);
  const { manifest } = oldManifest({ root, entries, scanned });
  for (const p of pathsOfInterest(files, manifest, scanned)) if (!entries.has(p)) entries.set(p, entryOf(p));
  return { root, entries, scanned };
}
