/**
 * Canonical spelling of string values. A regular string escapes exactly what the lexer cannot
 * take literally or what would hide in an editor; a triple-quoted string is kept triple-quoted
 * when its value survives the round trip through indentation removal.
 */
import { leadingWs } from "../ast/literals.ts";

/** Characters written as `\u{..}`: controls, and invisible format characters (Trojan Source). */
const NEEDS_ESCAPE = /[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\p{Cf}]/u;
const NEEDS_ESCAPE_G = /[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\p{Cf}]/gu;

export function quoteString(value: string): string {
  let s = value.replace(/[\\"\n\t\r]/g, (c) => ESCAPES[c]!);
  if (NEEDS_ESCAPE.test(s)) s = s.replace(NEEDS_ESCAPE_G, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
  return `"${s}"`;
}

const ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r" };


/**
 * `"""` + newline + the value's lines indented by `indent` + `"""`, or undefined when the
 * value would not read back identically (it holds `"""` or a `\r`, ends with `"`, needs an
 * escape, or all its lines share indentation that the reader would remove).
 */
export function tripleString(value: string, indent: string): string | undefined {
  if (value.includes('"""') || value.endsWith('"') || value.includes("\r") || NEEDS_ESCAPE.test(value)) return undefined;
  const lines = value.split("\n");
  let common = Infinity;
  for (const l of lines) {
    const ws = leadingWs(l);
    if (ws < l.length) common = Math.min(common, ws);
  }
  if (common !== 0) return undefined;
  const last = lines.length - 1;
  const body = lines.map((l, i) => (l === "" ? (i === last ? indent : "") : indent + l)).join("\n");
  return `"""\n${body}"""`;
}
