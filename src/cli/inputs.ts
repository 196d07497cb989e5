/**
 * The default input files: every `*.box` in the folder that no other `.box` file there
 * imports (so `boxc build` in a project folder compiles its entry points, not the shared
 * templates they import). Imports are found with a light scan of `import "…"` lines; the
 * compiler does the real resolution later.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const IMPORT = /^[ \t]*import[ \t]+"((?:[^"\\\n]|\\.)*)"/gm;

export function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) out.push(m[1]!.replace(/\\(.)/g, "$1"));
  return out;
}

/** Absolute paths, sorted. */
export function defaultEntries(cwd: string): string[] {
  const boxes = readdirSync(cwd, { withFileTypes: true })
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && e.name.endsWith(".box"))
    .map((e) => join(cwd, e.name))
    .sort();
  const imported = new Set<string>();
  for (const f of boxes) {
    let text: string;
    try {
      text = readFileSync(f, "utf8");
    } catch {
      continue;
    }
    for (const i of importsOf(text)) imported.add(resolve(dirname(f), i));
  }
  return boxes.filter((f) => !imported.has(f));
}
