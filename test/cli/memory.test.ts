import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CompileResult } from "../../src/compile.ts";
import type { Compiled } from "../../src/cli/context.ts";
import { Lowered } from "../../src/cli/lowered.ts";
import { releaseMemory } from "../../src/perf/memory.ts";
import type { ProjectIR } from "../../src/ir/types.ts";

const MEMORY_TS = fileURLToPath(new URL("../../src/perf/memory.ts", import.meta.url));

/**
 * A heap like a large build's after its front end: ~180 MB of small objects of which one in
 * sixteen survives, scattered over every page. Prints the heap's size before and after
 * `releaseMemory`, in MiB.
 */
const FRAGMENTED_HEAP = `
const { releaseMemory } = await import(${JSON.stringify(MEMORY_TS)});
const { getHeapStatistics } = await import("node:v8");
const kept = [];
let all = [];
for (let i = 0; i < 1_000_000; i++) {
  const o = { i, a: i + 1, b: i + 2, c: [i] };
  all.push(o);
  if (i % 16 === 0) kept.push(o);
}
all = null;
const size = () => Math.round(getHeapStatistics().total_heap_size / 2 ** 20);
const before = size();
releaseMemory();
console.log(JSON.stringify({ before, after: size(), kept: kept.length }));
`;

function heapAround(flags: readonly string[]): { before: number; after: number; kept: number } {
  const r = spawnSync(process.execPath, [...flags, "--input-type=module", "-e", FRAGMENTED_HEAP], { encoding: "utf8" });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test("releaseMemory compacts a large, sparse heap when Node exposes gc, as the launcher makes it", () => {
  const { before, after, kept } = heapAround(["--expose-gc"]);
  assert.is(kept, 62_500);
  assert.ok(before >= 120, `the heap grew large (${before} MiB)`);
  assert.ok(after * 3 < before, `${before} -> ${after} MiB`);
});

test("releaseMemory does nothing without gc (node bin/boxc.js)", () => {
  const { before, after } = heapAround([]);
  assert.ok(before >= 120, `the heap grew large (${before} MiB)`);
  assert.ok(after >= before, `${before} -> ${after} MiB`);
});

test("only boxc build compacts: the library never does, as a program using it may expose gc itself", () => {
  const src = fileURLToPath(new URL("../../src/", import.meta.url));
  const importers = readdirSync(src, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && /from "[./]*\/?(perf\/)?memory\.ts"/.test(readFileSync(join(src, f), "utf8")))
    .sort();
  assert.equal(importers, ["cli/build.ts"]);
});

test("releaseMemory leaves a small heap alone: a small build pays no collection", () => {
  const g = globalThis as { gc?: unknown };
  const had = Object.getOwnPropertyDescriptor(g, "gc");
  const calls: unknown[] = [];
  g.gc = (o: unknown) => calls.push(o);
  try {
    releaseMemory();
  } finally {
    if (had) Object.defineProperty(g, "gc", had);
    else delete g.gc;
  }
  assert.equal(calls, []);
});

test("Lowered takes the IR out of the compile result, and rendering releases it", () => {
  const ir = { irVersion: "1", boxes: [] } as unknown as ProjectIR;
  const origins = new Map();
  const compiled = { result: { ir, origins, diagnostics: [], sources: new Map() } as CompileResult } as unknown as Compiled;
  const lowered = Lowered.take(compiled);
  assert.ok(lowered);
  assert.is(compiled.result, null, "the compile result no longer holds the IR");
  assert.is(lowered.ir, ir);
  const [taken, takenOrigins] = lowered.release();
  assert.is(taken, ir);
  assert.is(takenOrigins, origins);
  assert.throws(() => lowered.ir, /after rendering released it/);
  assert.throws(() => lowered.release(), /after rendering released it/);
  assert.is(Lowered.take(compiled), null, "nothing left to take");
  const failed = { result: { ir: null, origins, diagnostics: [], sources: new Map() } } as unknown as Compiled;
  assert.is(Lowered.take(failed), null);
});

test.run();
