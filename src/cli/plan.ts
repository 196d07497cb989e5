/**
 * The output plan: what a build would do to the output folder, decided from the files the
 * compiler produced and a snapshot of the folder (see disk.ts). Pure, so every rule is
 * unit-tested with fakes. Rules:
 *  - a file is generated when its first lines carry the marker, or the manifest lists it
 *    with the hash of its current bytes; boxc replaces or prunes only generated files;
 *  - unchanged bytes are not rewritten (mtimes stay, caches stay warm);
 *  - an existing path boxc did not generate, or a symlink on the way, stops the whole build;
 *  - a generated file no longer produced is pruned, unless it was edited by hand (kept, warned);
 *  - with `--target`, only those targets' parts of the folder are managed.
 */
import type { Diagnostic } from "../diagnostics/types.ts";
import { diag } from "../diagnostics/make.ts";
import type { EmittedFile } from "../../targets/_shared/api.ts";
import { hasGeneratedMarker, isSafeRelativePath, MANIFEST_PATH, parseManifest, serializeManifest, sha256, type Manifest } from "./manifest.ts";

/** What is at an output path. `blockedBy`: a symlink or non-folder among its parents (relative path). */
export type DiskEntry =
  | { readonly kind: "missing"; readonly blockedBy?: string }
  | { readonly kind: "file"; readonly bytes: Uint8Array }
  | { readonly kind: "symlink" | "dir" | "other"; readonly blockedBy?: string };

export interface DiskSnapshot {
  /** The output folder itself. */
  readonly root: "missing" | "dir" | "symlink" | "other";
  /** Every path the plan asks about (see `pathsOfInterest`) that the reader looked at. */
  readonly entries: ReadonlyMap<string, DiskEntry>;
  /** Files carrying the generated marker found by scanning the managed folders. */
  readonly scanned: readonly string[];
}

export type Zone = "docker" | "compose" | "venv" | "vm" | "kubernetes";

/** Which target owns a path of the output layout (CLI.md), or null for anything else. */
export function zoneOf(path: string): Zone | null {
  if (path === "compose.yaml") return "compose";
  const top = path.split("/")[0];
  return top === "docker" || top === "venv" || top === "vm" || top === "kubernetes" ? top : null;
}

/** Folders (and top-level files) scanned for generated files that are no longer produced. */
export const SCANNED_ROOTS: readonly string[] = ["compose.yaml", "docker", "kubernetes", "venv", "vm"];

export type DriftKind = "stale" | "missing" | "extra" | "hand-edited";

export interface PlannedWrite {
  readonly path: string;
  readonly content: string;
  readonly before: string | null;
}

export interface Drift {
  readonly path: string;
  readonly kind: DriftKind;
  /** Current text on disk (null: missing). */
  readonly before: string | null;
  /** Text a build would write (null: would delete or keep). */
  readonly after: string | null;
}

export interface Plan {
  /** Sorted by path, the manifest last. */
  readonly writes: readonly PlannedWrite[];
  readonly unchanged: readonly string[];
  readonly deletes: readonly string[];
  /** Errors (nothing may be written when any) and warnings. */
  readonly diagnostics: readonly Diagnostic[];
  /** What `--check` reports, sorted by path. */
  readonly drift: readonly Drift[];
}

export interface PlanInput {
  readonly files: readonly EmittedFile[];
  readonly irVersion: string;
  readonly boxes: ReadonlyMap<string, string>;
  /** `--target` kinds; undefined: the whole folder is managed. */
  readonly only?: readonly Zone[];
  /** How the output folder is named in messages (`out`). */
  readonly dirLabel: string;
}

const decoder = new TextDecoder("utf-8", { fatal: false });
const text = (b: Uint8Array) => decoder.decode(b);
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

/** The previous manifest, if the folder holds a valid one. */
export function oldManifest(snap: DiskSnapshot): { manifest: Manifest | null; invalid: boolean } {
  const e = snap.entries.get(MANIFEST_PATH);
  if (!e || e.kind !== "file") return { manifest: null, invalid: false };
  const m = parseManifest(text(e.bytes));
  return { manifest: m, invalid: m === null };
}

/** Every output-relative path whose state the plan needs. */
export function pathsOfInterest(files: readonly EmittedFile[], manifest: Manifest | null, scanned: readonly string[]): string[] {
  const set = new Set<string>([MANIFEST_PATH, ...files.map((f) => f.path), ...scanned]);
  for (const p of manifest?.files.keys() ?? []) set.add(p);
  return [...set].sort();
}

export function makePlan(input: PlanInput, snap: DiskSnapshot): Plan {
  const diagnostics: Diagnostic[] = [];
  const writes: PlannedWrite[] = [];
  const unchanged: string[] = [];
  const deletes: string[] = [];
  const drift: Drift[] = [];
  const show = (p: string) => `${input.dirLabel}/${p}`;

  if (snap.root === "symlink") diagnostics.push(diag("BOX5004", { path: input.dirLabel }));
  if (snap.root === "other") diagnostics.push(diag("BOX5013", { path: input.dirLabel }));

  const { manifest: prev, invalid } = oldManifest(snap);
  if (invalid) diagnostics.push(diag("BOX5014", { path: show(MANIFEST_PATH) }));
  const managed = (p: string) => input.only === undefined || input.only.includes(zoneOf(p) as Zone);

  for (const f of input.files) {
    // Targets name paths from checked names; anything else is a bug, never a write outside DIR.
    if (!isSafeRelativePath(f.path) || f.path === MANIFEST_PATH) throw new Error(`a target produced the invalid output path ${JSON.stringify(f.path)}`);
  }
  const produced = new Map(input.files.map((f) => [f.path, f.content]));
  const nextFiles = new Map<string, string>();
  // Entries of unmanaged zones (other targets) carry over untouched.
  for (const [p, h] of prev?.files ?? []) if (!managed(p)) nextFiles.set(p, h);

  const candidates = pathsOfInterest(input.files, prev, snap.scanned).filter((p) => p !== MANIFEST_PATH && managed(p));
  for (const p of candidates) {
    const want = produced.get(p);
    const entry: DiskEntry = snap.entries.get(p) ?? { kind: "missing" };
    const listed = prev?.files.get(p);
    if (entry.kind !== "file" && entry.blockedBy !== undefined) {
      if (want !== undefined) diagnostics.push(diag("BOX5004", { path: show(entry.blockedBy) }));
      continue;
    }
    if (entry.kind === "symlink") {
      if (want !== undefined || listed !== undefined) diagnostics.push(diag("BOX5004", { path: show(p) }));
      continue;
    }
    if (entry.kind === "dir" || entry.kind === "other") {
      if (want !== undefined) diagnostics.push(diag("BOX5003", { path: show(p) }));
      continue;
    }
    if (entry.kind === "missing") {
      if (want === undefined) continue;
      writes.push({ path: p, content: want, before: null });
      drift.push({ path: p, kind: "missing", before: null, after: want });
      nextFiles.set(p, sha256(want));
      continue;
    }
    if (entry.kind !== "file") continue;
    const bytes = entry.bytes;
    const hash = sha256(bytes);
    const marker = hasGeneratedMarker(bytes);
    const generated = marker || listed === hash;
    const handEdited = listed !== undefined && listed !== hash;
    if (want !== undefined) {
      if (sameBytes(bytes, Buffer.from(want, "utf8"))) {
        unchanged.push(p);
        nextFiles.set(p, hash);
      } else if (generated) {
        writes.push({ path: p, content: want, before: text(bytes) });
        drift.push({ path: p, kind: handEdited ? "hand-edited" : "stale", before: text(bytes), after: want });
        nextFiles.set(p, sha256(want));
      } else {
        diagnostics.push(diag("BOX5003", { path: show(p) }));
      }
      continue;
    }
    if (!generated) continue;
    if (handEdited) {
      // Keep the user's edits, and keep listing the file so the next build still recognises it.
      diagnostics.push(diag("BOX5012", { path: show(p) }));
      drift.push({ path: p, kind: "hand-edited", before: text(bytes), after: null });
      nextFiles.set(p, listed);
      continue;
    }
    deletes.push(p);
    drift.push({ path: p, kind: "extra", before: text(bytes), after: null });
  }

  const manifestText = serializeManifest({ irVersion: input.irVersion, boxes: input.boxes, files: nextFiles });
  const me: DiskEntry = snap.entries.get(MANIFEST_PATH) ?? { kind: "missing" };
  if (me.kind === "file") {
    const before = text(me.bytes);
    if (before === manifestText) unchanged.push(MANIFEST_PATH);
    else if (hasGeneratedMarker(me.bytes)) {
      writes.push({ path: MANIFEST_PATH, content: manifestText, before });
      drift.push({ path: MANIFEST_PATH, kind: "stale", before, after: manifestText });
    } else diagnostics.push(diag("BOX5003", { path: show(MANIFEST_PATH) }));
  } else if (me.kind === "missing" && me.blockedBy === undefined) {
    writes.push({ path: MANIFEST_PATH, content: manifestText, before: null });
    drift.push({ path: MANIFEST_PATH, kind: "missing", before: null, after: manifestText });
  } else if (me.kind === "symlink") diagnostics.push(diag("BOX5004", { path: show(MANIFEST_PATH) }));
  else if (me.kind !== "missing") diagnostics.push(diag("BOX5003", { path: show(MANIFEST_PATH) }));

  const byPath = <T extends { path: string }>(a: T, b: T) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const last = (a: PlannedWrite, b: PlannedWrite) =>
    Number(a.path === MANIFEST_PATH) - Number(b.path === MANIFEST_PATH) || byPath(a, b);
  return {
    writes: writes.sort(last),
    unchanged: unchanged.sort(),
    deletes: deletes.sort(),
    diagnostics: dedupe(diagnostics),
    drift: drift.sort(byPath),
  };
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.code}\0${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const DRIFT_CODE = { stale: "BOX5007", missing: "BOX5008", extra: "BOX5009", "hand-edited": "BOX5010" } as const;

/**
 * `--check` findings as diagnostics, one per drifted file. With `locate` (output path → path
 * relative to the project root), each points at its file, so CI annotations land on it.
 */
export function driftDiagnostics(drift: readonly Drift[], dirLabel: string, locate?: (path: string) => string): Diagnostic[] {
  return drift.map((d) =>
    diag(DRIFT_CODE[d.kind], { path: `${dirLabel}/${d.path}` }, locate ? { span: { file: locate(d.path), start: 0, end: 0 } } : {}),
  );
}
