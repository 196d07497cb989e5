/**
 * Opt-in phase timings for the benchmark (`BOXC_TIMINGS=1`, see bench/bench.ts). Off by
 * default, and then `timed` costs one null check: no clock is read, nothing is kept.
 * Phases may nest (`parse` runs inside `load`); each name accumulates over its calls.
 */
let phases: Record<string, number> | null = null;
/** CPU (user + system) per phase: on a busy machine it varies far less than wall time. */
let cpu: Record<string, number> = {};
let counters: Record<string, number> | null = null;

export function startTimings(): void {
  phases = {};
  cpu = {};
  counters = {};
}

export function timingsOn(): boolean {
  return phases !== null;
}

/** Wall and CPU time of a phase run a few times per build (load, check, render…). */
export function timed<T>(phase: string, fn: () => T): T {
  if (phases === null) return fn();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  try {
    return fn();
  } finally {
    phases[phase] = (phases[phase] ?? 0) + performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpu[phase] = (cpu[phase] ?? 0) + (c.user + c.system) / 1000;
  }
}

/**
 * Wall time only, for phases entered once per file (parse, plan, write). Reading the CPU clock
 * is a system call (~5 µs here): twice per file for 4,600 files it cost ~100 ms, more than
 * some of the phases it measured, and it made every timed build slower than an untimed one.
 * These phases therefore have no CPU figure.
 */
export function timedWall<T>(phase: string, fn: () => T): T {
  if (phases === null) return fn();
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    phases[phase] = (phases[phase] ?? 0) + performance.now() - t0;
  }
}

/** Adds to a counter (bytes parsed, files written) when timings are on. */
export function count(name: string, n: number): void {
  if (counters !== null) counters[name] = (counters[name] ?? 0) + n;
}

const rounded = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v * 1000) / 1000]));

/** Wall and CPU milliseconds per phase (rounded to µs) and the counters, or null when off. */
export function takeTimings(): { phases: Record<string, number>; cpu: Record<string, number>; counters: Record<string, number> } | null {
  if (phases === null || counters === null) return null;
  return { phases: rounded(phases), cpu: rounded(cpu), counters: { ...counters } };
}
