/**
 * `boxc build`: compile; on any error write nothing. Then render target by target, box by box,
 * planning each file against the output folder as it is produced and (under the folder's lock)
 * staging the changed ones beside their destinations; only a build without errors renames them
 * into place (output.ts). With `--check`, the same stream only reports drift.
 */
import { lstatSync, mkdirSync, rmdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { diag, hasErrors } from "../diagnostics/make.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import type { TargetKind } from "../ir/types.ts";
import { openCache } from "./cache.ts";
import { applyAllowDeny, compileProject, dirLabelOf, EXIT, exitCodeFor, reporter, slash, UsageError, type ExitCode, type GlobalOptions, type Io } from "./context.ts";
import { unifiedDiff } from "./diff.ts";
import { acquireLock, LOCK_NAME } from "./lock.ts";
import { OutputSession } from "./output.ts";
import { driftDiagnostics, type OutputPlan, type PlanContext, type Zone } from "./plan.ts";
import { count, timed } from "../perf/timings.ts";
import { Lowered } from "./lowered.ts";
import { releaseMemory } from "../perf/memory.ts";

export const TARGET_KINDS: readonly TargetKind[] = ["compose", "docker", "kubernetes", "venv", "vm"];

export interface BuildOptions {
  readonly files: readonly string[];
  readonly out: string;
  readonly targets?: readonly TargetKind[];
  readonly root?: string;
  readonly check: boolean;
  readonly diff: boolean;
  /** Print the one-line result (off under --watch, which prints its own). Default true. */
  readonly status?: boolean;
  /** Use the build cache (cache.ts); false with --no-cache. Default true. */
  readonly cache?: boolean;
}

export function parseTargets(list: string | undefined): TargetKind[] | undefined {
  if (list === undefined) return undefined;
  const kinds = list.split(",").map((s) => s.trim()).filter((s) => s !== "");
  for (const k of kinds) {
    if (!TARGET_KINDS.includes(k as TargetKind)) throw new UsageError(`--target: unknown target '${k}' (choose from ${TARGET_KINDS.join(", ")})`);
  }
  if (kinds.length === 0) throw new UsageError("--target: name at least one target");
  return [...new Set(kinds as TargetKind[])].sort();
}

export interface BuildOutcome {
  readonly code: ExitCode;
  /** Every file read by the compiler (absolute paths), for `--watch`. */
  readonly watched: readonly string[];
  readonly summary: string;
}


function lockTimeoutMs(io: Io): number {
  const v = Number(io.env.BOXC_LOCK_TIMEOUT_MS);
  return Number.isFinite(v) && v >= 0 ? v : 30_000;
}

export async function runBuild(io: Io, g: GlobalOptions, o: BuildOptions): Promise<BuildOutcome> {
  const rep = reporter(io, g);
  const cache = openCache(io, g, o);
  const hit = cache.replay(rep);
  if (hit) return hit;
  const compiled = await compileProject(io, g, o.files, o.root, cache.host);
  if ("failed" in compiled) {
    rep.report(compiled.failed);
    return { code: exitCodeFor(compiled.failed), watched: [], summary: "failed" };
  }
  const { project, sources, compiler } = compiled;
  const watched = [...new Set([...project.entries, ...[...sources.keys()].map((p) => resolve(project.root, p))])];
  const diagnostics: Diagnostic[] = [...compiled.diagnostics];
  const finish = (code: ExitCode, summary: string, extra: readonly Diagnostic[] = [], status?: string): BuildOutcome => {
    rep.report([...diagnostics, ...extra], sources, project.displayPath);
    if (status !== undefined && !g.quiet && g.format === "text") io.stderr(`${status}\n`);
    return { code: code === EXIT.ok ? exitCodeFor([...diagnostics, ...extra]) : code, watched, summary };
  };
  const lowered = Lowered.take(compiled);
  if (!lowered || hasErrors(diagnostics)) return finish(exitCodeFor(diagnostics), "failed");
  releaseMemory(); // the front end's ASTs are garbage, and rendering is long

  const outAbs = resolve(io.cwd, o.out);
  // Artifacts that point back at the project (compose build contexts, Packer's project_dir)
  // need the output folder relative to the project root — never to the working directory.
  const outDir = slash(relative(project.root, outAbs)) || ".";
  const rootFromOut = slash(relative(outAbs, project.root)) || ".";
  const dirLabel = dirLabelOf(io, o.out, outAbs);
  const planContext: PlanContext = {
    irVersion: lowered.ir.irVersion,
    boxes: new Map(lowered.ir.boxes.map((b) => [b.name, b.fingerprint])),
    dirLabel,
    ...(o.targets ? { only: o.targets as Zone[] } : {}),
    keepTexts: o.check && o.diff && g.format === "text",
  };
  /**
   * Renders every target into `out` file by file; false when the build must stop (errors
   * reported by `finish`). Called once per build: it takes the IR, which is garbage after it.
   */
  const render = (out: OutputSession): boolean => {
    const [ir, origins] = lowered.release();
    const emitOptions = { ...(o.targets ? { only: o.targets } : {}), origins, outDir, rootFromOut };
    const emitted = timed("render", () => compiler.emitEach(ir, emitOptions, (f) => out.add(f)));
    diagnostics.push(...applyAllowDeny(emitted, g));
    return !hasErrors(diagnostics);
  };

  if (o.check) {
    const out = new OutputSession({ dir: outAbs, plan: planContext, write: false });
    if (!render(out)) return finish(exitCodeFor(diagnostics), "failed");
    const plan = out.finish();
    if (o.diff && g.format === "text") io.stdout(diffs(plan));
    const locate = (p: string) => slash(relative(project.root, join(outAbs, p)));
    const problems = [...plan.diagnostics, ...driftDiagnostics(plan.drift, dirLabel, locate)];
    const ok = !hasErrors(problems);
    return finish(ok ? EXIT.ok : EXIT.problems, ok ? "up to date" : "drift", problems, ok ? `${dirLabel} is up to date (${plan.unchanged.length} files)` : undefined);
  }

  // Never create the folder through a symlink or over a file: the plan reports those.
  const pre = lstatOrUndefined(outAbs);
  if (pre && (pre.isSymbolicLink() || !pre.isDirectory())) {
    const out = new OutputSession({ dir: outAbs, plan: planContext, write: false });
    if (!render(out)) return finish(exitCodeFor(diagnostics), "failed");
    return finish(EXIT.problems, "failed", out.finish().diagnostics);
  }
  let created: string | undefined;
  try {
    created = mkdirSync(outAbs, { recursive: true });
  } catch (e) {
    return finish(EXIT.problems, "failed", [diag("BOX5006", { path: dirLabel, reason: (e as NodeJS.ErrnoException).code ?? String(e) })]);
  }
  // Held from before the first file is staged until the last rename.
  const lock = acquireLock(outAbs, lockTimeoutMs(io));
  if (!lock.ok) return finish(EXIT.problems, "locked", [diag("BOX5005", { dir: dirLabel, pid: lock.pid, lock: `${dirLabel}/${LOCK_NAME}` })]);
  let out: OutputSession | undefined;
  let committed = false;
  try {
    out = new OutputSession({ dir: outAbs, plan: planContext, write: true });
    if (!render(out)) return finish(exitCodeFor(diagnostics), "failed");
    releaseMemory(); // the IR and the rendering's garbage, before the commit and the build record
    const plan = out.finish();
    if (hasErrors(plan.diagnostics)) return finish(EXIT.problems, "failed", plan.diagnostics);
    const report = out.commit(plan);
    committed = report.diagnostics.length === 0;
    count("filesWritten", report.written.length);
    // A plan with anything to say about the folder (a hand-edited file kept, BOX5012) left it
    // in a state a `--check` would not call up to date: a record would make it say so.
    if (plan.diagnostics.length === 0) {
      cache.save({ project, outAbs, produced: plan.produced, stamps: out.stamps, watched, diagnostics: [...diagnostics, ...report.diagnostics] });
    }
    const summary = `${report.written.length} written, ${plan.unchanged.length} unchanged, ${report.deleted.length} removed`;
    const status = o.status !== false && report.diagnostics.length === 0 ? `${dirLabel}: ${summary}` : undefined;
    return finish(EXIT.ok, summary, [...plan.diagnostics, ...report.diagnostics], status);
  } finally {
    if (!committed) out?.abort();
    lock.release();
    // All or nothing: a failed first build leaves no empty output folder behind either.
    if (!committed && created !== undefined) removeCreated(outAbs, created);
  }
}

/** Removes `dir` and its parents up to `first` (what `mkdir -p` created), while they are empty. */
function removeCreated(dir: string, first: string): void {
  for (let d = dir; ; d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
    if (d === first || dirname(d) === d) return;
  }
}

function lstatOrUndefined(p: string) {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

function diffs(plan: OutputPlan): string {
  return plan.drift.map((d) => unifiedDiff(d.path, d.before, d.after)).join("");
}
