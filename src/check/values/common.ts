/**
 * Shared pieces of the value validators: precise spans inside string literals, the "expected a
 * string, found …" checks every statement needs, and the control-character scan.
 */
import type { Ident, NumberLit, StringLit, Value } from "../../ast/types.ts";
import type { Span } from "../../source/span.ts";
import type { Diagnostic, Result } from "../../diagnostics/types.ts";
import { diag } from "../../diagnostics/make.ts";
import { describeValue } from "../describe.ts";

export type { Result };

/** A failed check: no value, the diagnostics. */
export function fail<T>(...ds: Diagnostic[]): Result<T | null> {
  return [null, ds];
}

/**
 * The span of `length` characters at `index` of a string's decoded value. Exact only when the
 * literal holds no escapes (then the decoded value is the source text between the quotes);
 * otherwise the whole literal, since decoded offsets no longer map to source offsets.
 */
export function innerSpan(node: StringLit | Ident, index: number, length = 1): Span {
  if (node.kind === "Ident") {
    return { file: node.file, start: node.start + index, end: node.start + index + length };
  }
  const quotes = node.triple ? 3 : 1;
  // Escapes never decode to more code units than they are written with, so equal lengths
  // mean there were none.
  if (node.end - node.start !== node.value.length + 2 * quotes) return node;
  const start = node.start + quotes + index;
  return { file: node.file, start, end: start + Math.max(0, length) };
}

export function wrongKind(node: Value, expected: string, help?: string): Diagnostic {
  return diag("BOX2100", { expected, found: describeValue(node) }, { span: node, ...(help ? { help } : {}) });
}

/** The node as a string literal, or a diagnostic naming what was found instead. */
export function expectString(node: Value, what: string): Result<StringLit | null> {
  if (node.kind === "String") return [node, []];
  return fail(wrongKind(node, `a string for ${what}`));
}

/** The node as a number literal, or a diagnostic naming what was found instead. */
export function expectNumber(node: Value, what: string): Result<NumberLit | null> {
  if (node.kind === "Number") return [node, []];
  return fail(wrongKind(node, `a number for ${what}`));
}

/**
 * Characters no single-line context can carry: C0 controls (tab included), DEL, C1 controls
 * (U+0085 is a line break for YAML 1.1), and U+2028/U+2029 (line breaks for YAML 1.1 and
 * JavaScript).
 */
export function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
}

const CHAR_NAMES: Readonly<Record<number, string>> = {
  0x00: "a NUL character",
  0x09: "a tab",
  0x0a: "a newline",
  0x0d: "a carriage return",
  0x1b: "an escape character",
  0x7f: "a DEL character",
  0x85: "a next-line character",
  0x2028: "a line separator",
  0x2029: "a paragraph separator",
};

/** `a newline (U+000A)` */
export function describeChar(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return `${CHAR_NAMES[code] ?? "a control character"} (${hex})`;
}

/** Index of the first control character of `s`, or -1. */
export function findControl(s: string): number {
  for (let i = 0; i < s.length; i++) if (isControl(s.charCodeAt(i))) return i;
  return -1;
}

/**
 * A string that ends up in a single-line context (a command, a path, a URL): refuses control
 * characters, pointing at the first one. Returns the value unchanged.
 */
export function checkNoControl(node: Value, what: string, help?: string): Result<string | null> {
  const [s, ds] = expectString(node, what);
  if (s === null) return [null, ds];
  const i = findControl(s.value);
  if (i < 0) return [s.value, []];
  const char = describeChar(s.value.charCodeAt(i));
  return fail(diag("BOX2101", { what, char }, { span: innerSpan(s, i), ...(help ? { help } : {}) }));
}

/** A string that must not be empty nor hold control characters. */
export function checkText(node: Value, what: string): Result<{ lit: StringLit; value: string } | null> {
  const [v, ds] = checkNoControl(node, what);
  if (v === null) return [null, ds];
  const lit = node as StringLit;
  if (v === "") return fail(diag("BOX2102", { what }, { span: lit }));
  return [{ lit, value: v }, []];
}
