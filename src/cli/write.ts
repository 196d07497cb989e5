/**
 * Writes the output folder all-or-nothing. Each changed file is written, as soon as it is
 * produced, to a temporary file beside its destination (`stage`); only when the whole build is
 * known good are they renamed into place (`commit`; rename is atomic), otherwise every
 * temporary and every folder made for them is removed (`abort`), leaving the old files intact.
 * Folders are created once each; folders emptied by pruning are removed.
 */
import { closeSync, fchmodSync, fstatSync, mkdirSync, openSync, renameSync, rmdirSync, unlinkSync, writeSync } from "node:fs";
import { sep } from "node:path";
import type { Diagnostic } from "../diagnostics/types.ts";
import { diag } from "../diagnostics/make.ts";
import type { Plan } from "./plan.ts";

export interface WriteReport {
  readonly written: readonly string[];
  readonly deleted: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Shell scripts are meant to be run directly. */
const modeOf = (path: string) => (path.endsWith(".sh") ? 0o755 : 0o644);

const parentOf = (rel: string) => rel.slice(0, Math.max(0, rel.lastIndexOf("/")));

/** Every folder on the way to `rel`, outermost first. */
function parents(rel: string): string[] {
  const out: string[] = [];
  for (let i = rel.indexOf("/"); i > 0; i = rel.indexOf("/", i + 1)) out.push(rel.slice(0, i));
  return out;
}

/**
 * What a staged file looked like when its bytes were complete: inode, size and mtime (ns). A
 * rename keeps all three (it moves the inode, and changes only its ctime), so a file that still
 * shows them after the commit still holds those bytes, unless it was rewritten within the same
 * clock tick (see `stillAsWritten` in cache.ts for why that case cannot go unseen).
 */
export interface Stamp {
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
}

const reasonOf = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

export class StagedWriter {
  private readonly dir: string;
  private readonly prefix: string;
  private readonly dirLabel: string;
  /** Output-relative paths staged so far (their temporaries are named by `tempOf`). */
  private readonly staged: string[] = [];
  /** The stamp of each staged file, taken once its bytes and mode were written. */
  private readonly stampOf = new Map<string, Stamp>();
  /** Folders known to exist ("" is the output folder). */
  private readonly folders = new Set<string>();
  /** Folders this build created, removed again by `abort`. */
  private readonly made: string[] = [];
  private failed: Diagnostic | undefined;

  constructor(dir: string, dirLabel: string) {
    this.dir = dir;
    this.prefix = dir.endsWith(sep) ? dir : `${dir}${sep}`;
    this.dirLabel = dirLabel;
  }

  /** `rel` (a checked output path, see isSafeRelativePath) in the folder: a join without normalizing, for every file. */
  private abs(rel: string): string {
    return `${this.prefix}${rel}`;
  }

  /** The first failure of `stage`: after it, nothing more is staged and `commit` is refused. */
  get failure(): Diagnostic | undefined {
    return this.failed;
  }

  private fail(rel: string, e: unknown): void {
    this.failed ??= diag("BOX5006", { path: `${this.dirLabel}/${rel}`, reason: reasonOf(e) });
  }

  /** Creates `rel` and the folders on its way, once each; false (and the failure kept) when one cannot be. */
  private ensureFolder(rel: string): boolean {
    if (this.folders.has(rel)) return true;
    try {
      if (rel === "") mkdirSync(this.dir, { recursive: true });
      else {
        if (!this.ensureFolder(parentOf(rel))) return false;
        try {
          mkdirSync(this.abs(rel));
          this.made.push(rel);
        } catch (e) {
          // The plan has checked that nothing but a folder is on the way.
          if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        }
      }
    } catch (e) {
      this.fail(rel, e);
      return false;
    }
    this.folders.add(rel);
    return true;
  }

  /** Writes `bytes` to the temporary of `rel` (created with its final mode). False once anything failed. */
  stage(rel: string, bytes: Uint8Array): boolean {
    if (this.failed) return false;
    const parent = parentOf(rel);
    if (!this.ensureFolder(parent)) return false;
    const mode = modeOf(rel);
    try {
      const fd = openSync(this.tempOf(rel), "w", mode);
      this.staged.push(rel);
      try {
        for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
        const st = fstatSync(fd, { bigint: true });
        // The umask may have taken bits off `mode`: artifacts get exactly theirs. (A chmod
        // moves the ctime only, so the stamp, taken before it, still holds.)
        if ((Number(st.mode) & 0o7777) !== mode) fchmodSync(fd, mode);
        this.stampOf.set(rel, { ino: st.ino, size: st.size, mtimeNs: st.mtimeNs });
      } finally {
        closeSync(fd);
      }
      return true;
    } catch (e) {
      this.fail(rel, e);
      return false;
    }
  }

  /** The stamps of the files staged (after `commit`: of the files written). */
  get stamps(): ReadonlyMap<string, Stamp> {
    return this.stampOf;
  }

  /** The temporary beside `rel`: hidden, and named so the folder scan skips it (disk.ts). */
  private tempOf(rel: string): string {
    const slash = rel.lastIndexOf("/");
    return this.abs(`${rel.slice(0, slash + 1)}.${rel.slice(slash + 1)}.boxc-tmp-${process.pid}`);
  }

  /** Removes every temporary, then the folders made for them (deepest first, only if empty). */
  abort(): void {
    for (const rel of this.staged) {
      try {
        unlinkSync(this.tempOf(rel));
      } catch {
        // already renamed
      }
    }
    this.staged.length = 0;
    this.stampOf.clear();
    for (const f of this.made.reverse()) {
      try {
        rmdirSync(this.abs(f));
      } catch {
        // holds something else now: keep it
      }
    }
    this.made.length = 0;
  }

  /**
   * Renames the staged files into place in the order of `writes` (the manifest last, so an
   * interrupted commit leaves a manifest that still describes the old files), then prunes.
   */
  commit(writes: readonly string[], deletes: readonly string[]): WriteReport {
    if (this.failed) {
      this.abort();
      return { written: [], deleted: [], diagnostics: [this.failed] };
    }
    const written: string[] = [];
    for (const rel of writes) {
      try {
        renameSync(this.tempOf(rel), this.abs(rel));
        written.push(rel);
      } catch (e) {
        this.abort();
        return { written, deleted: [], diagnostics: [diag("BOX5006", { path: `${this.dirLabel}/${rel}`, reason: reasonOf(e) })] };
      }
    }
    this.staged.length = 0;
    const deleted: string[] = [];
    const emptied = new Set<string>();
    for (const p of deletes) {
      try {
        unlinkSync(this.abs(p));
        deleted.push(p);
        for (const f of parents(p)) emptied.add(f);
      } catch (e) {
        return { written, deleted, diagnostics: [diag("BOX5006", { path: `${this.dirLabel}/${p}`, reason: reasonOf(e) })] };
      }
    }
    // Deepest first; a folder that still holds anything (a user's file) stays.
    for (const f of [...emptied].sort((a, b) => b.length - a.length)) {
      try {
        rmdirSync(this.abs(f));
      } catch {
        // not empty: keep it
      }
    }
    return { written, deleted, diagnostics: [] };
  }
}

/** Applies a whole plan (tests, small callers): stage every write, then commit. */
export function applyPlan(dir: string, plan: Plan, dirLabel: string): WriteReport {
  const writer = new StagedWriter(dir, dirLabel);
  for (const w of plan.writes) if (!writer.stage(w.path, Buffer.from(w.content, "utf8"))) break;
  return writer.commit(
    plan.writes.map((w) => w.path),
    plan.deletes,
  );
}
