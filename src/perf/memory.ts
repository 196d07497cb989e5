/**
 * Gives a large build's freed memory back between its phases. V8 lets the heap grow to a
 * multiple of its live size before a full collection (1.5 × under the launcher's flags), and a
 * collection frees only the pages nothing survives on: in a 10,000-box build the front end's ASTs (~110 MB) die when the IR is
 * lowered, but the IR (~40 MB) lies scattered over the same pages, so rendering started on a
 * heap of ~130 MB of mostly empty pages. A "last resort" collection (V8's name for the one it
 * runs before giving up on memory) moves the survivors together and returns the emptied pages.
 * Only `boxc build` calls it, where a phase's data has just died and a long phase follows:
 * before rendering and before the commit (src/cli/build.ts). Never the library: after the
 * front end `validate` or `ir` only exit, with the peak already behind them, and a program
 * using `compile()` may run with `gc` exposed (test runners do) and a large heap of its own.
 * docs/performance.md, "Seventh round", has the numbers.
 *
 * `gc` exists only when Node runs with `--expose-gc`, which the launcher (bin/boxc) passes;
 * without it (`node bin/boxc.js`) this does nothing.
 */
import { getHeapStatistics } from "node:v8";
import { timed } from "./timings.ts";

/**
 * Below this heap size a compaction returns too little to be worth its pause (~250 ms per call
 * at 10,000 boxes): a 1,000-box build's heap stays at 32-44 MB, a 10,000-box one's is at
 * 120-165 MB at both calls.
 */
const MIN_HEAP_BYTES = 96 * 1024 * 1024;

type Collect = (options: { type: "major"; execution: "sync"; flavor: "last-resort" }) => void;

/** Compacts the heap when it has grown large; a no-op in small builds and without `--expose-gc`. */
export function releaseMemory(): void {
  const gc = (globalThis as { gc?: Collect }).gc;
  if (typeof gc !== "function" || getHeapStatistics().total_heap_size < MIN_HEAP_BYTES) return;
  timed("gc", () => gc({ type: "major", execution: "sync", flavor: "last-resort" }));
}
