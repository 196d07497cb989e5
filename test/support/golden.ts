/**
 * Golden files: `expectGolden(dir, files)` compares generated files with the snapshot folder
 * `dir` (every file there must be produced, and nothing else). `UPDATE_SNAPSHOTS=1` rewrites
 * the folder instead, removing stale files.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import * as assert from "uvu/assert";

export interface GoldenFile {
  readonly path: string;
  readonly content: string;
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split("\\").join("/"));
    }
  };
  walk(dir);
  return out;
}

export function expectGolden(dir: string, files: readonly GoldenFile[]): void {
  const produced = new Map(files.map((f) => [f.path, f.content]));
  if (process.env.UPDATE_SNAPSHOTS === "1") {
    for (const stale of listFiles(dir)) if (!produced.has(stale)) rmSync(join(dir, stale));
    for (const [path, content] of produced) {
      const p = join(dir, path);
      mkdirSync(dirname(p), { recursive: true });
      if (!existsSync(p) || readFileSync(p, "utf8") !== content) writeFileSync(p, content);
    }
    return;
  }
  const expected = listFiles(dir);
  assert.ok(expected.length > 0, `no golden files in ${dir}: run with UPDATE_SNAPSHOTS=1 to record them`);
  assert.equal([...produced.keys()].sort(), expected, `the set of files differs from ${dir}`);
  for (const path of expected) {
    assert.fixture(produced.get(path)!, readFileSync(join(dir, path), "utf8"), `${path} differs from the golden file`);
  }
}
