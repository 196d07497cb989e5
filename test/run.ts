/**
 * Test driver: runs every `test/**\/*.test.ts` file (or those matching the arguments) in its
 * own Node process, two at a time, shows the output of failing files, and ends with the line
 * CI reads: `N passed, N failed` (uvu's own summary is per file).
 *   node test/run.ts [substring ...]     UPDATE_SNAPSHOTS=1 rewrites golden files
 */
import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { cpus } from "node:os";
import { join, relative } from "node:path";

const root = join(import.meta.dirname, "..");
const suffix = process.env.BOXC_TEST_SUFFIX ?? ".test.ts";
const filters = process.argv.slice(2);

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith(suffix)) out.push(p);
  }
  return out;
}

const files = walk(join(root, "test")).filter(
  (f) => filters.length === 0 || filters.some((s) => relative(root, f).includes(s)),
);

interface FileResult { file: string; passed: number; failed: number; skipped: number; output: string; ms: number }

const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");
/** `SKIP …` lines a test printed; uvu's progress marks (`• `) may stand before them. */
const skipLines = (text: string) => [...text.matchAll(/(?:^|[•✘]\s*)(SKIP\b[^\n]*)/gm)].map((m) => m[1]!);
const TIMEOUT_MS = 15 * 60 * 1000;

function runFile(file: string): Promise<FileResult> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => {
      output += `\n[test/run] ${relative(root, file)} timed out after ${TIMEOUT_MS / 1000}s\n`;
      child.kill("SIGKILL");
    }, TIMEOUT_MS);
    child.on("close", (code) => {
      clearTimeout(timer);
      const text = strip(output);
      const num = (label: string) => {
        const m = new RegExp(`${label}:\\s+(\\d+)`).exec(text);
        return m ? Number(m[1]) : undefined;
      };
      const total = num("Total");
      const passed = num("Passed");
      // uvu's Total leaves out test.skip'ped tests, and its Skipped counts them: failed = Total - Passed.
      let failed = total !== undefined && passed !== undefined ? total - passed : 1;
      // A file that crashed, exited non-zero after its summary, or registered no test fails.
      if ((code !== 0 || total === 0) && failed <= 0) failed = 1;
      // Tests that print `SKIP reason` (a missing tool) count as skipped, not passed.
      const printedSkips = skipLines(text).length;
      const skipped = (num("Skipped") ?? 0) + printedSkips;
      const shownPassed = Math.max(0, (passed ?? 0) - printedSkips);
      resolve({ file, passed: shownPassed, failed, skipped, output: text, ms: Date.now() - t0 });
    });
  });
}

const results: FileResult[] = [];
const queue = [...files];
const workers = Array.from({ length: Math.max(1, Math.min(Number(process.env.BOXC_TEST_JOBS) || cpus().length, 4)) }, async () => {
  for (let f = queue.shift(); f !== undefined; f = queue.shift()) {
    const r = await runFile(f);
    results.push(r);
    const mark = r.failed ? "FAIL" : "ok  ";
    console.log(`${mark} ${relative(root, r.file)}  (${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ""}; ${(r.ms / 1000).toFixed(1)}s)`);
    if (r.failed) console.log(r.output.replace(/^/gm, "     | "));
    else {
      // Skips must be loud: surface the reasons tests print.
      for (const line of skipLines(r.output)) console.log(`     ${line}`);
    }
  }
});
await Promise.all(workers);

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const skipped = results.reduce((n, r) => n + r.skipped, 0);
if (files.length === 0) console.log("no test files matched");
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exitCode = failed > 0 || files.length === 0 ? 1 : 0;
