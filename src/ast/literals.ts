/**
 * Decoding of literal tokens (strings, triple-quoted strings, numbers with units) into the
 * values the AST holds, with a diagnostic at the exact offending characters. Linear time.
 */
import { diag } from "../diagnostics/make.ts";
import type { DiagSink } from "./sink.ts";
import type { DurationUnit, SizeUnit } from "./types.ts";
import type { LiteralValue } from "./build.ts";

export const MAX_STRING_LENGTH = 1024 * 1024;

export const SIZE_UNITS: Readonly<Record<SizeUnit, number>> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
};

export const DURATION_UNITS: Readonly<Record<DurationUnit, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

const HEX = /^[0-9a-fA-F]+$/;

/** `"..."`: `start` is the offset of the opening quote. */
export function decodeString(
  file: string,
  image: string,
  start: number,
  unterminated: boolean,
  out: DiagSink,
): LiteralValue {
  const end = start + image.length;
  const content = image.slice(1, unterminated ? image.length : image.length - 1);
  if (unterminated) out.add(() => diag("BOX1011", {}, { span: { file, start, end: start + 1 } }));
  checkLength(file, content.length, start, out);
  if (!content.includes("\\")) return { kind: "String", value: content, triple: false, file, start, end };
  let value = "";
  let i = 0;
  const n = content.length;
  while (i < n) {
    const bs = content.indexOf("\\", i);
    if (bs < 0) {
      value += content.slice(i);
      break;
    }
    value += content.slice(i, bs);
    const at = start + 1 + bs;
    const e = content[bs + 1];
    i = bs + 2;
    switch (e) {
      case '"':
        value += '"';
        break;
      case "\\":
        value += "\\";
        break;
      case "n":
        value += "\n";
        break;
      case "t":
        value += "\t";
        break;
      case "r":
        value += "\r";
        break;
      case "u": {
        const r = unicodeEscape(content, bs);
        i = r.next;
        const reason = r.error;
        if (reason !== undefined) {
          out.add(() =>
            diag("BOX1013", { escape: content.slice(bs, r.next), reason }, { span: { file, start: at, end: start + 1 + r.next } }),
          );
          value += content.slice(bs, r.next);
        } else value += String.fromCodePoint(r.cp!);
        break;
      }
      default: {
        // A lone backslash at the end of an unterminated string has no escape character.
        const esc = e === undefined ? "\\" : String.fromCodePoint(content.codePointAt(bs + 1)!);
        const len = e === undefined ? 1 : 1 + esc.length;
        i = bs + len;
        out.add(() => diag("BOX1012", { escape: `\\${esc === "\\" ? "" : printable(esc)}` }, { span: { file, start: at, end: at + len } }));
        value += content.slice(bs, i);
      }
    }
  }
  return { kind: "String", value, triple: false, file, start, end };
}

function printable(ch: string): string {
  const cp = ch.codePointAt(0)!;
  return cp < 0x20 || cp === 0x7f || ch === "`" ? `u{${cp.toString(16)}}` : ch;
}

/** `\u{...}` starting at `bs` (the backslash) in `s`. */
function unicodeEscape(s: string, bs: number): { next: number; cp?: number; error?: string } {
  if (s[bs + 2] !== "{") return { next: bs + 2, error: "expected `{` after `\\u`" };
  // Look no further than 6 digits and a few more for the message: searching the whole rest
  // of the string would be quadratic on `\u{\u{\u{...`.
  let close = -1;
  for (let j = bs + 3; j < s.length && j <= bs + 11; j++) {
    if (s.charCodeAt(j) === 125) {
      close = j;
      break;
    }
  }
  if (close < 0) {
    let j = bs + 3;
    while (j < s.length && j < bs + 11 && /[0-9a-fA-F]/.test(s[j]!)) j++;
    return { next: j, error: "missing `}`" };
  }
  const digits = s.slice(bs + 3, close);
  const next = close + 1;
  if (digits.length === 0) return { next, error: "no hexadecimal digits" };
  if (!HEX.test(digits)) return { next, error: "expected hexadecimal digits" };
  if (digits.length > 6) return { next, error: "more than 6 hexadecimal digits" };
  const cp = parseInt(digits, 16);
  if (cp > 0x10ffff) return { next, error: "above `10FFFF`" };
  if (cp >= 0xd800 && cp <= 0xdfff) return { next, error: "a surrogate is not a character" };
  return { next, cp };
}

function checkLength(file: string, length: number, start: number, out: DiagSink): void {
  if (length > MAX_STRING_LENGTH) {
    out.add(() => diag("BOX1015", { length, limit: MAX_STRING_LENGTH }, { span: { file, start, end: start + 1 } }));
  }
}

/** `"""..."""`: literal content, leading newline and common indentation removed. */
export function decodeTriple(
  file: string,
  image: string,
  start: number,
  unterminated: boolean,
  out: DiagSink,
): LiteralValue {
  const end = start + image.length;
  if (unterminated) out.add(() => diag("BOX1014", {}, { span: { file, start, end: start + 3 } }));
  const raw = image.slice(3, unterminated ? image.length : image.length - 3);
  checkLength(file, raw.length, start, out);
  return { kind: "String", value: dedent(raw), triple: true, file, start, end };
}

export function dedent(raw: string): string {
  let s = raw.includes("\r\n") ? raw.replace(/\r\n/g, "\n") : raw;
  if (s.startsWith("\n")) s = s.slice(1);
  const lines = s.split("\n");
  let common = Infinity;
  for (const line of lines) {
    const ws = leadingWs(line);
    if (ws < line.length && ws < common) common = ws;
  }
  if (common === Infinity || common === 0) return s;
  return lines.map((l) => l.slice(Math.min(common, leadingWs(l)))).join("\n");
}

/** Width of a line's indentation (spaces and tabs); the formatter must measure it the same way. */
export function leadingWs(line: string): number {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  return i;
}

const NUMBER_PARTS = /^([0-9]+(?:\.[0-9]+)*)(.*)$/s;

/** A number token, possibly with a unit: `8080`, `24.04`, `1.5GiB`, `10s`. */
export function decodeNumber(file: string, text: string, start: number, out: DiagSink): LiteralValue {
  const m = NUMBER_PARTS.exec(text)!;
  const amount = m[1]!;
  const unit = m[2]!;
  const end = start + text.length;
  const dots = amount.split(".").length - 1;
  if (dots > 1) {
    out.add(() => diag("BOX1017", { text: short(text) }, { span: { file, start, end } }));
    return { kind: "Number", text, value: Number.parseFloat(amount), file, start, end };
  }
  const value = exact(amount, 1);
  if (!Number.isFinite(value)) {
    out.add(() => diag("BOX1018", { text: short(text) }, { span: { file, start, end } }));
    return { kind: "Number", text, value: 0, file, start, end };
  }
  if (unit === "") return { kind: "Number", text, value, file, start, end };
  const tooLarge = (n: number) => {
    if (!Number.isFinite(n)) out.add(() => diag("BOX1018", { text: short(text) }, { span: { file, start, end } }));
    return Number.isFinite(n) ? n : 0;
  };
  if (Object.hasOwn(SIZE_UNITS, unit)) {
    const u = unit as SizeUnit;
    return { kind: "Size", text, amount, unit: u, bytes: tooLarge(exact(amount, SIZE_UNITS[u])), file, start, end };
  }
  if (Object.hasOwn(DURATION_UNITS, unit)) {
    const u = unit as DurationUnit;
    return { kind: "Duration", text, amount, unit: u, ms: tooLarge(exact(amount, DURATION_UNITS[u])), file, start, end };
  }
  out.add(() => diag("BOX1016", { unit: short(unit), text: short(text) }, { span: { file, start: start + amount.length, end } }));
  return { kind: "Number", text, value, file, start, end };
}

/** amount × factor with one rounding at most (`1.1` × 1000 is 1100, not 1100.0000000000002). */
function exact(amount: string, factor: number): number {
  const dot = amount.indexOf(".");
  if (dot < 0) return Number(amount) * factor;
  const frac = amount.length - dot - 1;
  return (Number(amount.slice(0, dot) + amount.slice(dot + 1)) * factor) / 10 ** frac;
}

/** A literal quoted in a message: long ones are cut, the span shows the whole. */
function short(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
