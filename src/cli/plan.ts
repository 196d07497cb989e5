/**
 * The output plan: what a build would do to the output folder, decided from the files the
 * compiler produced and a view of the folder (see disk.ts). Decided file by file as the
 * targets produce them (OutputPlanner.file), then once for what was not produced and the
 * manifest (OutputPlanner.finish). Pure apart from the view, so every rule is unit-tested
 * with fakes. Rules:
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
  /** What is at the paths the plan asks about (absent: missing). */
  readonly entries: ReadonlyMap<string, DiskEntry>;
  /** Files found under the scanned roots: the candidates for pruning (only generated ones are pruned). */
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

/** What the plan is told about the build, besides the files. */
export interface PlanContext {
  readonly irVersion: string;
  readonly boxes: ReadonlyMap<string, string>;
  /** `--target` kinds; undefined: the whole folder is managed. */
  readonly only?: readonly Zone[];
  /** How the output folder is named in messages (`out`). */
  readonly dirLabel: string;
  /** Keep the before/after texts of drifted files (`--diff`, tests). Default false: paths only. */
  readonly keepTexts?: boolean;
}

export interface PlanInput extends PlanContext {
  readonly files: readonly EmittedFile[];
}

/**
 * The output folder as the planner sees it, one path at a time, so a streaming build never
 * holds the folder in memory. disk.ts reads the real folder; tests wrap a DiskSnapshot.
 */
export interface DiskView {
  readonly root: DiskSnapshot["root"];
  /** What is at a path now. A file's bytes are valid only until the next call: use them, never keep them. */
  entry(path: string): DiskEntry;
  /** Files under the scanned roots: the candidates for pruning (only generated ones are pruned). */
  candidates(): Iterable<string>;
}

const MISSING: DiskEntry = { kind: "missing" };

export function snapshotView(snap: DiskSnapshot): DiskView {
  return { root: snap.root, entry: (p) => snap.entries.get(p) ?? MISSING, candidates: () => snap.scanned };
}

/** What to do with one produced file. */
export type FileDecision =
  /** Another target's zone under `--target`: not managed, not written. */
  | "ignore"
  /** The bytes on disk are the ones produced. */
  | "keep"
  /** Missing, or a generated file with other bytes: write the new bytes. */
  | "write"
  /** A conflict (reported in the plan's diagnostics): the build must write nothing. */
  | "refuse";

/** The plan of a streaming build: paths and hashes only, never the files' texts. */
export interface OutputPlan {
  /** Paths to write, sorted, the manifest last. */
  readonly writes: readonly string[];
  /** The new manifest's text, when it is among the writes. */
  readonly manifest: string | null;
  readonly unchanged: readonly string[];
  readonly deletes: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
  /** Sorted by path; texts only with `keepTexts`. */
  readonly drift: readonly Drift[];
  /** `sha256:…` of every managed file the folder holds once the plan is applied (produced files and the manifest). */
  readonly produced: ReadonlyMap<string, string>;
}

const decoder = new TextDecoder("utf-8", { fatal: false });
const text = (b: Uint8Array) => decoder.decode(b);
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;
const byPath = <T extends { path: string }>(a: T, b: T) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** The previous manifest, if the entry is a file holding a valid one. */
function manifestIn(e: DiskEntry): { manifest: Manifest | null; invalid: boolean } {
  if (e.kind !== "file") return { manifest: null, invalid: false };
  const m = parseManifest(text(e.bytes));
  return { manifest: m, invalid: m === null };
}

/**
 * The planner, cut in two: `file()` decides each produced file as it arrives (in any order),
 * `finish()` then decides what was not produced (prune or keep) and the manifest. Pure apart
 * from reading through the DiskView; every rule of the header applies.
 */
export class OutputPlanner {
  private readonly ctx: PlanContext;
  private readonly disk: DiskView;
  private readonly prev: Manifest | null;
  /** The manifest on disk, reduced to what `finish` needs (its bytes can be megabytes). */
  private readonly oldManifest: { readonly kind: DiskEntry["kind"]; readonly blockedBy?: string; readonly hash?: string; readonly marker?: boolean; readonly text?: string };
  private readonly head: Diagnostic[] = [];
  /** Diagnostics about single paths: sorted by path at the end, as one sorted pass would give. */
  private readonly found: { path: string; d: Diagnostic }[] = [];
  private readonly produced = new Set<string>();
  private readonly nextFiles = new Map<string, string>();
  private readonly writes: string[] = [];
  private readonly unchanged: string[] = [];
  private readonly drift: Drift[] = [];

  constructor(ctx: PlanContext, disk: DiskView) {
    this.ctx = ctx;
    this.disk = disk;
    if (disk.root === "symlink") this.head.push(diag("BOX5004", { path: ctx.dirLabel }));
    if (disk.root === "other") this.head.push(diag("BOX5013", { path: ctx.dirLabel }));
    const me = disk.entry(MANIFEST_PATH);
    const { manifest, invalid } = manifestIn(me);
    this.oldManifest =
      me.kind !== "file"
        ? me
        : { kind: "file", hash: sha256(me.bytes), marker: hasGeneratedMarker(me.bytes), ...(ctx.keepTexts ? { text: text(me.bytes) } : {}) };
    if (invalid) this.head.push(diag("BOX5014", { path: this.show(MANIFEST_PATH) }));
    this.prev = manifest;
    // Entries of unmanaged zones (other targets) carry over untouched.
    for (const [p, h] of manifest?.files ?? []) if (!this.managed(p)) this.nextFiles.set(p, h);
  }

  private show(p: string): string {
    return `${this.ctx.dirLabel}/${p}`;
  }

  private managed(p: string): boolean {
    return this.ctx.only === undefined || this.ctx.only.includes(zoneOf(p) as Zone);
  }

  private refuse(path: string, d: Diagnostic): "refuse" {
    this.found.push({ path, d });
    return "refuse";
  }

  private drifted(path: string, kind: DriftKind, before: Uint8Array | null, after: string | null): void {
    const keep = this.ctx.keepTexts === true;
    this.drift.push({ path, kind, before: keep && before !== null ? text(before) : null, after: keep ? after : null });
  }

  /** Decides one produced file. `bytes`: its content in UTF-8 (callers with a buffer at hand pass it). */
  file(path: string, content: string, bytes: Uint8Array = Buffer.from(content, "utf8")): FileDecision {
    // Targets name paths from checked names; anything else is a bug, never a write outside DIR.
    if (!isSafeRelativePath(path) || path === MANIFEST_PATH) throw new Error(`a target produced the invalid output path ${JSON.stringify(path)}`);
    if (!this.managed(path)) return "ignore";
    this.produced.add(path);
    const entry = this.disk.entry(path);
    if (entry.kind !== "file" && entry.blockedBy !== undefined) return this.refuse(path, diag("BOX5004", { path: this.show(entry.blockedBy) }));
    if (entry.kind === "symlink") return this.refuse(path, diag("BOX5004", { path: this.show(path) }));
    if (entry.kind === "missing") {
      this.writes.push(path);
      this.drifted(path, "missing", null, content);
      this.nextFiles.set(path, sha256(bytes));
      return "write";
    }
    // A folder or something else that is not a file where the file should go.
    if (entry.kind !== "file") return this.refuse(path, diag("BOX5003", { path: this.show(path) }));
    const old = entry.bytes;
    if (sameBytes(old, bytes)) {
      this.unchanged.push(path);
      this.nextFiles.set(path, sha256(bytes));
      return "keep";
    }
    const listed = this.prev?.files.get(path);
    // Hashing the old bytes only matters when the manifest lists the path.
    const asListed = listed !== undefined && listed === sha256(old);
    if (!hasGeneratedMarker(old) && !asListed) return this.refuse(path, diag("BOX5003", { path: this.show(path) }));
    this.writes.push(path);
    this.drifted(path, listed !== undefined && !asListed ? "hand-edited" : "stale", old, content);
    this.nextFiles.set(path, sha256(bytes));
    return "write";
  }

  /** After the last produced file: pruning, hand-edited leftovers, the manifest. */
  finish(): OutputPlan {
    const deletes: string[] = [];
    const leftovers = new Set<string>(this.disk.candidates());
    for (const p of this.prev?.files.keys() ?? []) leftovers.add(p);
    for (const p of leftovers) {
      if (p === MANIFEST_PATH || this.produced.has(p) || !this.managed(p)) continue;
      const entry = this.disk.entry(p);
      const listed = this.prev?.files.get(p);
      if (entry.kind === "symlink" && entry.blockedBy === undefined && listed !== undefined) this.found.push({ path: p, d: diag("BOX5004", { path: this.show(p) }) });
      if (entry.kind !== "file") continue;
      const hash = sha256(entry.bytes);
      if (!(hasGeneratedMarker(entry.bytes) || listed === hash)) continue;
      if (listed !== undefined && listed !== hash) {
        // Keep the user's edits, and keep listing the file so the next build still recognises it.
        this.found.push({ path: p, d: diag("BOX5012", { path: this.show(p) }) });
        this.drifted(p, "hand-edited", entry.bytes, null);
        this.nextFiles.set(p, listed);
        continue;
      }
      deletes.push(p);
      this.drifted(p, "extra", entry.bytes, null);
    }

    const tail: Diagnostic[] = [];
    const manifestText = serializeManifest({ irVersion: this.ctx.irVersion, boxes: this.ctx.boxes, files: this.nextFiles });
    let manifest: string | null = null;
    const me = this.oldManifest;
    if (me.kind === "file") {
      if (me.hash === sha256(manifestText)) this.unchanged.push(MANIFEST_PATH);
      else if (me.marker) {
        manifest = manifestText;
        this.drift.push({ path: MANIFEST_PATH, kind: "stale", before: me.text ?? null, after: this.ctx.keepTexts ? manifestText : null });
      } else tail.push(diag("BOX5003", { path: this.show(MANIFEST_PATH) }));
    } else if (me.kind === "missing" && me.blockedBy === undefined) {
      manifest = manifestText;
      this.drifted(MANIFEST_PATH, "missing", null, manifestText);
    } else if (me.kind === "symlink") tail.push(diag("BOX5004", { path: this.show(MANIFEST_PATH) }));
    else if (me.kind !== "missing") tail.push(diag("BOX5003", { path: this.show(MANIFEST_PATH) }));

    const writes = this.writes.sort();
    if (manifest !== null) writes.push(MANIFEST_PATH);
    const produced = new Map<string, string>();
    for (const p of this.produced) {
      const h = this.nextFiles.get(p);
      if (h !== undefined) produced.set(p, h);
    }
    produced.set(MANIFEST_PATH, sha256(manifestText));
    return {
      writes,
      manifest,
      unchanged: this.unchanged.sort(),
      deletes: deletes.sort(),
      diagnostics: dedupe([...this.head, ...this.found.sort(byPath).map((f) => f.d), ...tail]),
      drift: this.drift.sort(byPath),
      produced,
    };
  }
}

/** The whole plan at once, from every file and a snapshot of the folder (tests, small callers). */
export function makePlan(input: PlanInput, disk: DiskSnapshot | DiskView): Plan {
  const view = "entries" in disk ? snapshotView(disk) : disk;
  const planner = new OutputPlanner({ ...input, keepTexts: true }, view);
  const contents = new Map<string, string>();
  for (const f of input.files) {
    if (planner.file(f.path, f.content) === "write") contents.set(f.path, f.content);
  }
  const plan = planner.finish();
  const before = new Map(plan.drift.map((d) => [d.path, d.before]));
  return {
    writes: plan.writes.map((path) => ({
      path,
      content: path === MANIFEST_PATH ? plan.manifest! : contents.get(path)!,
      before: before.get(path) ?? null,
    })),
    unchanged: plan.unchanged,
    deletes: plan.deletes,
    diagnostics: plan.diagnostics,
    drift: plan.drift,
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
