/**
 * Applies a plan to the output folder. Every changed file is first written to a temporary
 * file beside its destination; only when all of them are written are they renamed into
 * place (rename is atomic), so a failed write leaves the old files intact. Folders are
 * created once each; folders emptied by pruning are removed.
 */
import { chmodSync, mkdirSync, renameSync, rmdirSync, unlinkSync, writeFileSync, lstatSync } from "node:fs";
import { dirname, join } from "node:path";
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

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function parents(rel: string): string[] {
  const segs = rel.split("/").slice(0, -1);
  return segs.map((_, i) => segs.slice(0, i + 1).join("/"));
}

export function applyPlan(dir: string, plan: Plan, dirLabel: string): WriteReport {
  const temps: { tmp: string; dest: string; rel: string }[] = [];
  const fail = (rel: string, e: unknown): WriteReport => {
    for (const t of temps) {
      try {
        unlinkSync(t.tmp);
      } catch {
        // never created or already renamed
      }
    }
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return { written: [], deleted: [], diagnostics: [diag("BOX5006", { path: `${dirLabel}/${rel}`, reason })] };
  };

  const folders = [...new Set(plan.writes.flatMap((w) => parents(w.path)))].sort();
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    return fail("", e);
  }
  for (const f of folders) {
    const abs = join(dir, f);
    try {
      if (!exists(abs)) mkdirSync(abs);
    } catch (e) {
      return fail(f, e);
    }
  }
  for (const w of plan.writes) {
    const dest = join(dir, w.path);
    const tmp = join(dirname(dest), `.${w.path.split("/").at(-1)}.boxc-tmp-${process.pid}`);
    try {
      writeFileSync(tmp, w.content, { flag: "w", mode: modeOf(w.path) });
      chmodSync(tmp, modeOf(w.path));
      temps.push({ tmp, dest, rel: w.path });
    } catch (e) {
      return fail(w.path, e);
    }
  }
  const written: string[] = [];
  for (const t of temps) {
    try {
      renameSync(t.tmp, t.dest);
      written.push(t.rel);
    } catch (e) {
      return { ...fail(t.rel, e), written };
    }
  }
  const deleted: string[] = [];
  const emptied = new Set<string>();
  for (const p of plan.deletes) {
    try {
      unlinkSync(join(dir, p));
      deleted.push(p);
      for (const f of parents(p)) emptied.add(f);
    } catch (e) {
      return { ...fail(p, e), written, deleted };
    }
  }
  // Deepest first; a folder that still holds anything (a user's file) stays.
  for (const f of [...emptied].sort((a, b) => b.length - a.length)) {
    try {
      rmdirSync(join(dir, f));
    } catch {
      // not empty: keep it
    }
  }
  return { written, deleted, diagnostics: [] };
}
