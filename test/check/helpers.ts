/** Compiling small in-memory projects in checker tests. */
import { compile, type CompileResult } from "../../src/compile.ts";
import type { Diagnostic } from "../../src/diagnostics/types.ts";
import { memoryHost, type Host } from "../../src/source/host.ts";

export const ROOT = "/p";

/** Files by project-relative path; the entry is `app.box` unless given. */
export function compileFiles(files: Readonly<Record<string, string | Uint8Array>>, entries: readonly string[] = ["app.box"], host?: Host): CompileResult {
  const abs = Object.fromEntries(Object.entries(files).map(([k, v]) => [`${ROOT}/${k}`, v]));
  return compile({ entries: entries.map((e) => `${ROOT}/${e}`), root: ROOT, host: host ?? memoryHost(abs) });
}

/** One box file with a main python box prepended, for statement tests. */
export function compileBox(body: string, extra = ""): CompileResult {
  return compileFiles({ "app.box": `box app {\n${body}\n}\n${extra}` });
}

export function codes(r: { diagnostics: readonly Diagnostic[] }): string[] {
  return r.diagnostics.map((d) => d.code);
}

export function errors(r: { diagnostics: readonly Diagnostic[] }): Diagnostic[] {
  return r.diagnostics.filter((d) => d.severity === "error");
}

/** The source text a diagnostic's span covers. */
export function spanText(files: Readonly<Record<string, string>>, d: Diagnostic): string {
  if (!d.span) return "";
  return files[d.span.file]!.slice(d.span.start, d.span.end);
}

export function show(r: CompileResult): string {
  return r.diagnostics.map((d) => `${d.code} ${d.message}${d.span ? ` @${d.span.file}:${d.span.start}` : ""}`).join("\n");
}

export const OS_BOX = `os "debian:12"\n  run ["app"]`;
