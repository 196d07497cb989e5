/**
 * The end-to-end suite's own small runner. Its steps build on each other (an image before its
 * report, three reports before their comparison), so it is a sequence of timed steps rather
 * than independent uvu tests: a step whose prerequisite failed is counted as failed and says
 * which one, so the summary line never hides work that did not happen.
 */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { appendFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";

export interface StepRecord {
  readonly name: string;
  readonly ok: boolean;
  readonly ms: number;
}

/** A failed step's value: later steps that need it do not run. */
export const FAILED: unique symbol = Symbol("failed");
export type Outcome<T> = T | typeof FAILED;

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export class Suite {
  readonly records: StepRecord[] = [];
  readonly logDir: string;
  private readonly started = Date.now();

  /** Empties `logDir`: its logs are those of this run only. */
  constructor(logDir: string) {
    this.logDir = logDir;
    rmSync(logDir, { recursive: true, force: true });
    mkdirSync(logDir, { recursive: true });
  }

  /**
   * Runs `fn` as one step unless a value in `needs` is FAILED. Errors are printed with their
   * message (which the step makes specific); the step's value is returned, or FAILED.
   */
  async step<T>(name: string, needs: readonly Outcome<unknown>[], fn: () => T | Promise<T>): Promise<Outcome<T>> {
    const missing = needs.indexOf(FAILED);
    if (missing >= 0) {
      this.records.push({ name, ok: false, ms: 0 });
      console.log(`✘ ${name} — not run: a step it needs failed`);
      return FAILED;
    }
    console.log(`▶ ${name}`);
    const t0 = Date.now();
    try {
      const value = await fn();
      const ms = Date.now() - t0;
      this.records.push({ name, ok: true, ms });
      console.log(`✔ ${name} (${seconds(ms)})`);
      return value;
    } catch (e) {
      const ms = Date.now() - t0;
      this.records.push({ name, ok: false, ms });
      const text = e instanceof Error ? e.message : String(e);
      console.log(`✘ ${name} (${seconds(ms)})\n${indent(text)}`);
      return FAILED;
    }
  }

  /** Prints every step's time and the `N passed, N failed` line; returns the exit code. */
  summary(): number {
    const passed = this.records.filter((r) => r.ok).length;
    const failed = this.records.length - passed;
    console.log("\nstep timings:");
    for (const r of this.records) console.log(`  ${r.ok ? "ok  " : "FAIL"} ${seconds(r.ms).padStart(8)}  ${r.name}`);
    console.log(`  total ${seconds(Date.now() - this.started)}`);
    console.log(`${passed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  }

  /** Writes a command's whole output to the log folder; errors quote only its end. */
  log(name: string, text: string): string {
    const path = join(this.logDir, `${name.replace(/[^A-Za-z0-9_.-]+/g, "-")}.log`);
    appendFileSync(path, text);
    return path;
  }
}

export function indent(text: string, by = "    "): string {
  return text
    .split("\n")
    .map((l) => (l === "" ? l : by + l))
    .join("\n");
}

export interface CommandResult {
  readonly status: number | null;
  readonly output: string;
  readonly stdout: string;
}

/**
 * Runs a command to completion (the index server and the podman service run in their own
 * processes, so blocking here is fine). Never throws: callers decide what a failure means.
 */
export function command(cmd: string, args: readonly string[], opts: SpawnSyncOptions & { timeoutMs?: number } = {}): CommandResult {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 512 * 1024 * 1024, timeout: opts.timeoutMs ?? 600_000, ...opts });
  const stdout = String(r.stdout ?? "");
  const output = `${stdout}${String(r.stderr ?? "")}${r.error ? `\n${cmd}: ${r.error.message}\n` : ""}`;
  return { status: r.status, output, stdout };
}

/** The last `lines` lines of a text, for error messages. */
export function tail(text: string, lines = 40): string {
  const all = text.trimEnd().split("\n");
  return (all.length > lines ? ["…", ...all.slice(-lines)] : all).join("\n");
}

/** Runs a command, logs its output under `logName`, and throws with its tail when it fails. */
export function mustRun(suite: Suite, logName: string, cmd: string, args: readonly string[], opts: SpawnSyncOptions & { timeoutMs?: number } = {}): CommandResult {
  const r = command(cmd, args, opts);
  const path = suite.log(logName, `$ ${cmd} ${args.join(" ")}\n${r.output}\n[exit ${r.status}]\n`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 3).join(" ")} … exited ${r.status} (full log: ${path}):\n${tail(r.output)}`);
  return r;
}
