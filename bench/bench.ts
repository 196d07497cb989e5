/**
 * `npm run bench` (issue 9): generated projects of 10 … 10,000 boxes, each built by spawning
 * the `bin/boxc` launcher directly, as a user's hook or CI step runs the bin (it starts Node
 * from the start-up snapshot, with the Node binary that built it). Per size:
 *   fresh      `boxc build` into an empty folder (median of several runs)
 *   unchanged  `boxc build` over an up-to-date folder; asserts that no file is touched
 *   check      `boxc build --check` over an up-to-date folder; asserts exit 0
 *   one-box    `boxc build` after editing one box; asserts that only that box's artifacts
 *              and the project-wide files it feeds are rewritten
 * and, from the same runs (BOXC_TIMINGS=1), in-process phase times, parse MB/s, peak RSS.
 * `node -e 0` is timed in the same run, with the binary the launcher runs, so ratios hold on
 * a busy machine; CPU seconds (user + system, from /usr/bin/time) are reported beside wall
 * times for the same reason. It is also timed with the malloc settings (GLIBC_TUNABLES) the
 * launcher gives Node, to show that they speed up boxc's start, not Node's.
 * Every timed run starts on a settled disk (`sync` first): the megabytes a fresh build writes
 * are otherwise still being flushed while the next run is timed, and that run pays for them.
 * Old output folders are moved aside, and deleted only at the end (`TRASH`), for a like
 * reason. (The no-op runs right after the fresh ones are still slower than the same runs
 * minutes later: docs/performance.md, "Results".)
 * Not a test: it asserts only what must hold (no stray writes), never a time.
 *
 * Options (env): BENCH_SIZES=10,100 (default 10,100,1000,10000), BENCH_RUNS=N (scales runs).
 * Prints a table; writes bench/results.json.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { generateProject, type GeneratedProject } from "./generate.ts";

const ROOT = join(import.meta.dirname, "..");
const WORK = join(import.meta.dirname, "work");
/**
 * The launchers, bundle and snapshot are copied here first: the run measures one build of boxc
 * even if `dist/` is rebuilt meanwhile (other work in the same tree runs `npm test`, which rebuilds).
 */
const APP = join(WORK, "app");
const APP_FILES = ["bin/boxc", "bin/boxc.js", "dist/cli.js", "dist/boxc.blob", "dist/snapshot.env"];
const BIN = join(APP, "bin", "boxc");
/** The Node binary bin/boxc starts the snapshot with (dist/snapshot.env), read the way the launcher reads it. */
function launcherNode(): string {
  const r = spawnSync("sh", ["-c", '. "$1" && printf %s "$boxc_node"', "sh", join(APP, "dist", "snapshot.env")], { encoding: "utf8" });
  if (r.status !== 0 || !r.stdout) throw new Error(`cannot read the launcher's Node from dist/snapshot.env: ${r.stderr}`);
  return r.stdout;
}
let NODE = process.execPath;
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

const SIZES = (process.env.BENCH_SIZES ?? "10,100,1000,10000").split(",").map(Number);
const SCALE = Number(process.env.BENCH_RUNS ?? "1");
/** Runs per measurement: enough for a median on a noisy machine, few for the big sizes. */
const runsFor = (n: number) => Math.max(1, Math.round(SCALE * (n <= 10 ? 11 : n <= 100 ? 7 : n <= 1000 ? 3 : 1)));
/** Runs of the modes answered by the build cache: cheap at every size, so at least 7 for a steadier median. */
const cacheRunsFor = (n: number) => Math.max(runsFor(n), Math.round(SCALE * 7));

interface Run {
  readonly wallMs: number;
  /** user + system CPU of the child, ms (null without /usr/bin/time). */
  readonly cpuMs: number | null;
  readonly maxRssKB: number | null;
  readonly status: number;
  readonly timings: Timings | null;
  readonly stderr: string;
}

/** The BOXC_TIMINGS=1 line: wall ms per phase, CPU ms per phase, counters. */
interface Timings {
  readonly wall: Record<string, number>;
  readonly cpu: Record<string, number>;
  readonly maxRssKB?: number;
  /** The run started from the start-up snapshot. */
  readonly snapshot: boolean;
}

function parseTimings(line: string): Timings {
  const raw = JSON.parse(line) as Record<string, unknown>;
  const wall: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === "number") wall[k] = v;
  const maxRssKB = typeof raw.maxRssKB === "number" ? raw.maxRssKB : undefined;
  return { wall, cpu: (raw.cpu ?? {}) as Record<string, number>, ...(maxRssKB !== undefined ? { maxRssKB } : {}), snapshot: raw.snapshot === true };
}

const MARK = "BENCH-TIME";

/** Runs `program args` (under /usr/bin/time when there is one), once the disk has settled. */
function spawnTimed(program: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Run {
  spawnSync("sync");
  const cmd = TIME ?? program;
  const argv = TIME ? ["-f", `${MARK} %U %S %M`, program, ...args] : [...args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd, env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 1 << 28 });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  let cpuMs: number | null = null;
  let maxRssKB: number | null = null;
  let timings: Timings | null = null;
  const rest: string[] = [];
  for (const line of (r.stderr ?? "").split("\n")) {
    if (line.startsWith(MARK)) {
      const [, u, s, m] = line.split(" ");
      cpuMs = (Number(u) + Number(s)) * 1000;
      maxRssKB = Number(m);
    } else if (line.startsWith('{"boxcTimings"')) timings = parseTimings(line);
    else if (line !== "") rest.push(line);
  }
  return { wallMs, cpuMs, maxRssKB, status: r.status ?? -1, timings, stderr: rest.join("\n") };
}

function boxc(project: GeneratedProject, args: readonly string[]): Run {
  const r = spawnTimed(BIN, args, project.dir, { BOXC_TIMINGS: "1", NO_COLOR: "1" });
  // A bench of the fallback would measure the wrong thing without saying so.
  if (r.timings && r.timings.snapshot !== true) throw new Error(`bin/boxc did not start from the snapshot (dist/boxc.blob):\n${r.stderr}`);
  return r;
}

const median = (xs: readonly number[]) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const medianOf = (runs: readonly Run[], f: (r: Run) => number | null | undefined) =>
  median(runs.map(f).filter((x): x is number => typeof x === "number"));

/** Every file under `dir` with what changes when it is rewritten (rename gives a new inode). */
function fileStates(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const r = rel === "" ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else {
        const st = lstatSync(join(dir, r), { bigint: true });
        out.set(r, `${st.ino}:${st.mtimeNs}:${st.size}`);
      }
    }
  };
  walk("");
  return out;
}

function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed = new Set<string>();
  for (const [p, s] of after) if (before.get(p) !== s) changed.add(p);
  for (const p of before.keys()) if (!after.has(p)) changed.add(p);
  return [...changed].sort();
}

function mustSucceed(r: Run, what: string): void {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}:\n${r.stderr}`);
}

interface Mode {
  readonly runs: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssKB: number;
  /** Medians of the in-process phase times, wall and CPU. */
  readonly phases: Record<string, number>;
  readonly phasesCpu: Record<string, number>;
}

const PHASES = ["startup", "load", "parse", "check", "lower", "validate", "render", "plan", "write", "gc", "cache", "total"] as const;

function summarize(runs: readonly Run[]): Mode {
  const phases: Record<string, number> = {};
  const phasesCpu: Record<string, number> = {};
  for (const p of PHASES) {
    const m = medianOf(runs, (r) => r.timings?.wall[p]);
    if (!Number.isNaN(m)) phases[p] = round(m);
    const c = medianOf(runs, (r) => r.timings?.cpu[p]);
    if (!Number.isNaN(c)) phasesCpu[p] = round(c);
  }
  return {
    runs: runs.length,
    wallMs: round(medianOf(runs, (r) => r.wallMs)),
    cpuMs: round(medianOf(runs, (r) => r.cpuMs)),
    maxRssKB: Math.max(...runs.map((r) => r.maxRssKB ?? r.timings?.maxRssKB ?? 0)),
    phases,
    phasesCpu,
  };
}

const round = (x: number) => Math.round(x * 10) / 10;

interface SizeResult {
  readonly boxes: number;
  readonly sourceBytes: number;
  readonly files: number;
  readonly fresh: Mode;
  readonly unchanged: Mode & { readonly filesTouched: number };
  readonly check: Mode;
  readonly oneBox: Mode & { readonly box: string; readonly rewritten: readonly string[]; readonly onlyThatBox: boolean };
  /** Source bytes / median in-process parse time (wall) of the fresh builds. */
  readonly parseMBps: number;
}

const baselineRuns: Run[] = [];
/** `node -e 0` with the malloc settings bin/boxc gives Node: shows they speed up boxc, not Node. */
const tunedBaselineRuns: Run[] = [];
let TUNABLES = "";
function baseline(n: number): void {
  for (let i = 0; i < n; i++) {
    baselineRuns.push(spawnTimed(NODE, ["-e", "0"], ROOT));
    tunedBaselineRuns.push(spawnTimed(NODE, ["-e", "0"], ROOT, { GLIBC_TUNABLES: TUNABLES }));
  }
}

/** The GLIBC_TUNABLES value bin/boxc exports (its own assignment line, run by sh). */
function launcherTunables(): string {
  const line = readFileSync(BIN, "utf8").split("\n").find((l) => l.startsWith("GLIBC_TUNABLES="));
  if (line === undefined) throw new Error("bin/boxc sets no GLIBC_TUNABLES");
  const r = spawnSync("sh", ["-c", `${line}\nprintf %s "$GLIBC_TUNABLES"`], { encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
  if (r.status !== 0 || !r.stdout) throw new Error(`cannot evaluate bin/boxc's GLIBC_TUNABLES: ${r.stderr}`);
  return r.stdout;
}

/** Paths a change of `box` may rewrite: its own artifacts, the project-wide files and the build cache's record. */
function allowedFor(box: string, vmBoxes: readonly string[]): (p: string) => boolean {
  return (p) =>
    p === "boxc-manifest.json" ||
    p === ".boxc-cache.json" ||
    p === "compose.yaml" ||
    p === "kubernetes/kustomization.yaml" ||
    p === `kubernetes/${box}.yaml` ||
    p.startsWith(`docker/${box}/`) ||
    p.startsWith(`venv/${box}/`) ||
    (vmBoxes.includes(box) && p.startsWith("vm/"));
}

/**
 * Old output folders are moved here, and deleted only when the bench ends. Deleting a
 * 4,600-file folder right before a fresh build made that build 0.4-0.6 s slower at 1,000 boxes
 * (its `write` phase 820-920 → 320-360 ms, paired runs): on an ext4 file system without a
 * journal, as here, the kernel skips recently deleted inodes when it allocates new ones
 * (`recently_deleted()` in ext4's ialloc.c, for 30 s), which it checks one by one in the
 * inode table. A user's fresh build (a new clone, a new folder) does not follow such a delete.
 */
const TRASH = join(WORK, "trash");
let trashed = 0;
function setAside(dir: string): void {
  if (!existsSync(dir)) return;
  mkdirSync(TRASH, { recursive: true });
  renameSync(dir, join(TRASH, `${process.pid}-${trashed++}`));
}

function benchSize(n: number): SizeResult {
  const runs = runsFor(n);
  setAside(join(WORK, `p${n}`, "out"));
  const project = generateProject(join(WORK, `p${n}`), n);
  const say = (s: string) => process.stderr.write(`[bench ${n}] ${s}\n`);
  say(`${project.boxes} boxes, ${(project.sourceBytes / 1e6).toFixed(2)} MB of source, ${runs} runs per mode (${cacheRunsFor(n)} unchanged and --check)`);
  baseline(3);

  const fresh: Run[] = [];
  for (let i = 0; i < runs; i++) {
    setAside(join(project.dir, "out"));
    const r = boxc(project, ["build", project.entry, "-o", "out"]);
    mustSucceed(r, "fresh build");
    fresh.push(r);
  }
  const out = join(project.dir, "out");
  const files = fileStates(out).size;
  say(`fresh ${round(medianOf(fresh, (r) => r.wallMs))} ms, ${files} files`);

  const unchanged: Run[] = [];
  let touched = 0;
  for (let i = 0; i < cacheRunsFor(n); i++) {
    const before = fileStates(out);
    const r = boxc(project, ["build", project.entry, "-o", "out"]);
    mustSucceed(r, "unchanged rebuild");
    touched += changedFiles(before, fileStates(out)).length;
    unchanged.push(r);
  }
  if (touched !== 0) throw new Error(`a rebuild with nothing changed touched ${touched} files`);
  say(`unchanged ${round(medianOf(unchanged, (r) => r.wallMs))} ms`);

  const check: Run[] = [];
  for (let i = 0; i < cacheRunsFor(n); i++) {
    const r = boxc(project, ["build", project.entry, "-o", "out", "--check"]);
    mustSucceed(r, "--check of an up-to-date folder");
    check.push(r);
  }
  say(`check ${round(medianOf(check, (r) => r.wallMs))} ms`);

  // Edit one box and back again (an even number of edits leaves the project as generated).
  const file = join(project.dir, project.probe.file);
  const original = readFileSync(file, "utf8");
  const edited = original.replace(project.probe.from, project.probe.to);
  if (edited === original) throw new Error(`probe text not found in ${project.probe.file}`);
  const vmBoxes = /boxes \[([^\]]*)\]/.exec(readFileSync(join(project.dir, project.entry), "utf8"))?.[1]?.split(/,\s*/) ?? [];
  const allowed = allowedFor(project.probe.box, vmBoxes);
  const oneBox: Run[] = [];
  const rewritten = new Set<string>();
  const edits = Math.max(2, runs - (runs % 2));
  for (let i = 0; i < edits; i++) {
    writeFileSync(file, i % 2 === 0 ? edited : original);
    const before = fileStates(out);
    const r = boxc(project, ["build", project.entry, "-o", "out"]);
    mustSucceed(r, "one-box rebuild");
    const changed = changedFiles(before, fileStates(out));
    for (const p of changed) rewritten.add(p);
    if (!changed.some((p) => p.startsWith(`docker/${project.probe.box}/`))) throw new Error(`editing ${project.probe.box} did not rewrite its Dockerfile: ${changed.join(", ")}`);
    oneBox.push(r);
  }
  writeFileSync(file, original);
  const stray = [...rewritten].filter((p) => !allowed(p));
  if (stray.length > 0) throw new Error(`editing ${project.probe.box} rewrote other boxes' files: ${stray.join(", ")}`);
  say(`one-box ${round(medianOf(oneBox, (r) => r.wallMs))} ms, rewrote ${[...rewritten].join(", ")}`);

  const parseMs = medianOf(fresh, (r) => r.timings?.wall.parse);
  return {
    boxes: project.boxes,
    sourceBytes: project.sourceBytes,
    files,
    fresh: summarize(fresh),
    unchanged: { ...summarize(unchanged), filesTouched: touched },
    check: summarize(check),
    oneBox: { ...summarize(oneBox), box: project.probe.box, rewritten: [...rewritten].sort(), onlyThatBox: stray.length === 0 },
    parseMBps: round(project.sourceBytes / 1e6 / (parseMs / 1000)),
  };
}

function sh(cmd: string, args: readonly string[]): string {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return (r.stdout ?? "").trim();
}

function machine() {
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? "unknown",
    memGiB: round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    uptime: sh("uptime", []),
    loadavg: loadavg().map(round),
  };
}

interface Target {
  readonly name: string;
  readonly bound: string;
  readonly measured: string;
  readonly met: boolean;
}

function targets(sizes: ReadonlyMap<number, SizeResult>, nodeWall: number, nodeCpu: number): Target[] {
  const out: Target[] = [];
  const s10 = sizes.get(10);
  const s1k = sizes.get(1000);
  const s10k = sizes.get(10000);
  const ms = (x: number) => `${Math.round(x)} ms`;
  if (s10) {
    const r = s10.fresh.wallMs / nodeWall;
    out.push({ name: "cold 10-box build ≤ 3 × node -e 0 (aim 2 ×)", bound: "3.0 ×", measured: `${r.toFixed(2)} × (${ms(s10.fresh.wallMs)} / ${ms(nodeWall)}; CPU ${(s10.fresh.cpuMs / nodeCpu).toFixed(2)} ×)`, met: r <= 3 });
  }
  if (s1k) {
    out.push({ name: "1,000 boxes unchanged ≤ 300 ms", bound: "300 ms", measured: ms(s1k.unchanged.wallMs), met: s1k.unchanged.wallMs <= 300 });
    out.push({ name: "1,000 boxes --check ≤ 300 ms", bound: "300 ms", measured: ms(s1k.check.wallMs), met: s1k.check.wallMs <= 300 });
    out.push({ name: "1,000 boxes fresh build ≤ 1 s", bound: "1000 ms", measured: ms(s1k.fresh.wallMs), met: s1k.fresh.wallMs <= 1000 });
  }
  if (s1k && s10k) {
    const r = s10k.fresh.wallMs / s1k.fresh.wallMs;
    out.push({ name: "10,000 boxes ≤ 11 × 1,000 boxes (fresh build)", bound: "11 ×", measured: `${r.toFixed(2)} × (CPU ${(s10k.fresh.cpuMs / s1k.fresh.cpuMs).toFixed(2)} ×)`, met: r <= 11 });
  }
  if (s10k) {
    const mb = s10k.fresh.maxRssKB / 1024;
    out.push({ name: "peak RSS at 10,000 boxes ≤ 250 MB", bound: "250 MB", measured: `${Math.round(mb)} MB`, met: mb <= 250 });
  }
  const largest = [...sizes.values()].at(-1);
  if (largest) out.push({ name: `parsing ≥ 25 MB/s (${largest.boxes} boxes, ${(largest.sourceBytes / 1e6).toFixed(1)} MB)`, bound: "25 MB/s", measured: `${largest.parseMBps} MB/s`, met: largest.parseMBps >= 25 });
  const all = [...sizes.values()];
  out.push({ name: "nothing-changed rebuild writes no file", bound: "0 files", measured: `${all.reduce((a, s) => a + s.unchanged.filesTouched, 0)} files`, met: all.every((s) => s.unchanged.filesTouched === 0) });
  out.push({ name: "one-box change rewrites only that box's artifacts (+ project-wide)", bound: "yes", measured: all.map((s) => `${s.oneBox.rewritten.length} files`).join(", "), met: all.every((s) => s.oneBox.onlyThatBox) });
  return out;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  return [line(rows[0]!), `|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 1) + "-" : "-".repeat(w + 1) + ":")).join("|")}|`, ...rows.slice(1).map(line)].join("\n");
}

async function main(): Promise<void> {
  for (const f of APP_FILES) if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run \`node scripts/build.ts\` first (npm run bench does)`);
  rmSync(APP, { recursive: true, force: true });
  for (const f of APP_FILES) {
    mkdirSync(join(APP, f, ".."), { recursive: true });
    copyFileSync(join(ROOT, f), join(APP, f));
  }
  chmodSync(BIN, 0o755);
  NODE = launcherNode();
  TUNABLES = launcherTunables();
  const before = machine();
  process.stderr.write(`[bench] ${before.cpu} × ${before.nproc}, Node ${before.node}; ${before.uptime}\n`);
  // Warms the file system cache (the blob, the bundle): "cold" means a new process, as in a hook.
  generateProject(join(WORK, "warm"), 10);
  boxc({ dir: join(WORK, "warm"), entry: "project.box" } as GeneratedProject, ["build", "project.box", "-o", "out"]);
  baseline(9);

  const results = new Map<number, SizeResult>();
  const t0 = performance.now();
  for (const n of SIZES) results.set(n, benchSize(n));
  baseline(5);
  const nodeWall = round(medianOf(baselineRuns, (r) => r.wallMs));
  const nodeCpu = round(medianOf(baselineRuns, (r) => r.cpuMs));
  const tunedWall = round(medianOf(tunedBaselineRuns, (r) => r.wallMs));
  const tunedCpu = round(medianOf(tunedBaselineRuns, (r) => r.cpuMs));
  const after = machine();

  const rows: string[][] = [["boxes", "MB src", "files", "fresh ms", "unchanged ms", "--check ms", "one-box ms", "fresh CPU ms", "× node -e 0", "parse MB/s", "peak RSS MB"]];
  for (const s of results.values()) {
    rows.push([
      String(s.boxes), (s.sourceBytes / 1e6).toFixed(2), String(s.files),
      String(Math.round(s.fresh.wallMs)), String(Math.round(s.unchanged.wallMs)), String(Math.round(s.check.wallMs)), String(Math.round(s.oneBox.wallMs)),
      String(Math.round(s.fresh.cpuMs)), (s.fresh.wallMs / nodeWall).toFixed(2), String(s.parseMBps), String(Math.round(s.fresh.maxRssKB / 1024)),
    ]);
  }
  const phaseRows: string[][] = [["fresh build, ms: wall / CPU (– : timed per file, wall only)", ...PHASES]];
  for (const s of results.values()) {
    phaseRows.push([`${s.boxes} boxes`, ...PHASES.map((p) => (s.fresh.phases[p] === undefined ? "none" : `${Math.round(s.fresh.phases[p])} / ${s.fresh.phasesCpu[p] === undefined ? "–" : Math.round(s.fresh.phasesCpu[p])}`))]);
  }
  const tg = targets(results, nodeWall, nodeCpu);
  const targetRows = [["target", "bound", "measured", "met"], ...tg.map((t) => [t.name, t.bound, t.measured, t.met ? "yes" : "NO"])];

  const text = [
    `node -e 0: ${nodeWall} ms wall, ${nodeCpu} ms CPU (median of ${baselineRuns.length}; ${NODE}, the binary bin/boxc starts the snapshot with)`,
    `node -e 0 with bin/boxc's GLIBC_TUNABLES: ${tunedWall} ms wall, ${tunedCpu} ms CPU (median of ${tunedBaselineRuns.length}, interleaved with the above; ratios use plain node -e 0)`,
    "", table(rows), "", table(phaseRows), "", table(targetRows), "",
    `load: before "${before.uptime}", after "${after.uptime}"; bench took ${Math.round((performance.now() - t0) / 1000)} s`,
  ].join("\n");
  process.stdout.write(`${text}\n`);
  const doc = {
    generatedBy: "npm run bench (bench/bench.ts)",
    machine: { ...before, loadBefore: before.loadavg, loadAfter: after.loadavg, uptimeAfter: after.uptime },
    nodeEmpty: { runs: baselineRuns.length, wallMs: nodeWall, cpuMs: nodeCpu, binary: NODE },
    nodeEmptyTuned: { runs: tunedBaselineRuns.length, wallMs: tunedWall, cpuMs: tunedCpu, glibcTunables: TUNABLES },
    sizes: Object.fromEntries([...results].map(([n, s]) => [n, s])),
    targets: tg,
    table: text,
  };
  writeFileSync(join(import.meta.dirname, "results.json"), `${JSON.stringify(doc, null, 2)}\n`);
  // Also what earlier, interrupted runs left.
  rmSync(TRASH, { recursive: true, force: true });
}

await main();
