/**
 * Bytes → SourceFile: strict UTF-8, a leading BOM removed, size and NUL checks. The text
 * checks (size, NUL) are shared with callers that already hold a string (`checkText`).
 */
import { diag } from "../diagnostics/make.ts";
import type { Diagnostic, Result } from "../diagnostics/types.ts";
import { SourceFile, span } from "./span.ts";

export const MAX_FILE_BYTES = 16 * 1024 * 1024;
/** Each NUL gets a diagnostic up to this many; a binary file would otherwise flood the output. */
const MAX_NUL_REPORTS = 10;

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lossy = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

function hasBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

export function decodeSource(path: string, bytes: Uint8Array): Result<SourceFile | null> {
  if (bytes.length > MAX_FILE_BYTES) {
    return [null, [tooLarge(path, bytes.length)]];
  }
  const body = hasBom(bytes) ? bytes.subarray(3) : bytes;
  let text: string;
  try {
    text = strict.decode(body);
  } catch {
    return [null, [invalidUtf8(path, body)]];
  }
  const file = new SourceFile(path, text);
  return [file, checkText(path, text)];
}

/**
 * A SourceFile over the lossy decoding (U+FFFD for bad bytes, BOM removed), for rendering the
 * code frame of an invalid-UTF-8 diagnostic: its offsets are the ones that diagnostic uses.
 */
export function lossySourceFile(path: string, bytes: Uint8Array): SourceFile {
  return new SourceFile(path, lossy.decode(hasBom(bytes) ? bytes.subarray(3) : bytes));
}

/** Checks every source text needs whatever its origin: size and NUL characters. */
export function checkText(path: string, text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  // A string of N UTF-16 units is at least N bytes in UTF-8; exact length only when near the limit.
  if (text.length > MAX_FILE_BYTES / 3) {
    const size = Buffer.byteLength(text, "utf8");
    if (size > MAX_FILE_BYTES) out.push(tooLarge(path, size));
  }
  let at = text.indexOf("\0");
  let reported = 0;
  while (at >= 0 && reported < MAX_NUL_REPORTS) {
    out.push(diag("BOX1002", {}, { span: span(path, at, at + 1) }));
    reported++;
    at = text.indexOf("\0", at + 1);
  }
  return out;
}

function tooLarge(path: string, size: number): Diagnostic {
  return diag("BOX1003", { size, limit: MAX_FILE_BYTES }, { span: span(path, 0, 0) });
}

function invalidUtf8(path: string, bytes: Uint8Array): Diagnostic {
  const bad = firstInvalidUtf8(bytes);
  // Offsets of the lossy text: the valid prefix decodes identically in both decoders.
  const prefix = lossy.decode(bytes.subarray(0, bad));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < prefix.length; i++) {
    if (prefix.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const byte = `0x${(bytes[bad] ?? 0).toString(16).toUpperCase().padStart(2, "0")}`;
  return diag(
    "BOX1001",
    { byte, line, col: prefix.length - lineStart + 1 },
    { span: span(path, prefix.length, prefix.length + 1) },
  );
}

/** Index of the first byte that starts an invalid or truncated UTF-8 sequence. */
export function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0; // overlong
      if (c === 0xed) hi = 0x9f; // surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90; // overlong
      if (c === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    const b1 = b[i + 1];
    if (b1 === undefined || b1 < lo || b1 > hi) return i;
    for (let k = 2; k <= need; k++) {
      const bk = b[i + k];
      if (bk === undefined || bk < 0x80 || bk > 0xbf) return i;
    }
    i += need + 1;
  }
  return n;
}
