/** Shared helpers of the grammar and formatter tests. */
import { parseSource } from "../../src/ast/parse.ts";
import type { BoxFile } from "../../src/ast/types.ts";
import type { Diagnostic } from "../../src/diagnostics/types.ts";

/** The AST without positions (and, with `loose`, without the triple-quote flag). */
export function strip(node: unknown, loose = false): unknown {
  if (Array.isArray(node)) return node.map((n) => strip(n, loose));
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "file" || k === "start" || k === "end" || k === "keywordEnd") continue;
    if (loose && k === "triple") continue;
    if (k === "comments") {
      out[k] = (v as { text: string }[]).map((c) => c.text.trimEnd());
      continue;
    }
    out[k] = strip(v, loose);
  }
  return out;
}

export function parse(text: string | Uint8Array, path = "t.box") {
  return parseSource(path, text);
}

/** Parses text that must be free of diagnostics, or throws with them. */
export function parseOk(text: string): BoxFile {
  const r = parseSource("t.box", text);
  if (r.diagnostics.length > 0 || r.ast === null) {
    throw new Error(`unexpected diagnostics:\n${r.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n")}`);
  }
  return r.ast;
}

/** `line:col CODE message` of each diagnostic, for exact assertions. */
export function where(text: string | Uint8Array): string[] {
  const r = parseSource("t.box", text);
  return r.diagnostics.map((d) => show(r.file, d));
}

function show(file: { lineCol(o: number): { line: number; col: number } } | null, d: Diagnostic): string {
  const lc = file && d.span ? file.lineCol(d.span.start) : undefined;
  return `${lc ? `${lc.line}:${lc.col}` : "-"} ${d.code} ${d.message}`;
}
