/**
 * POSIX `sh` quoting. Single quotes are the only sh quoting with no special characters inside
 * (no `$`, backquote, backslash or history expansion), so wrapping a value in them and spelling
 * each embedded quote as `'\''` carries every byte literally — in sh, dash, bash, zsh and
 * Python's `shlex.split`. The one thing no shell word can hold is NUL: callers reject it first
 * (`shellCarries`).
 */

/** `it's` → `'it'\''s'`. The empty string becomes `''`. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Quotes only when needed, for readable generated scripts: plain words stay bare. */
export function shWord(s: string): string {
  return /^[A-Za-z0-9_@%+:,./-]+$/.test(s) ? s : shQuote(s);
}

/** False when a shell script cannot carry the value at all (a NUL byte). */
export function shellCarries(s: string): boolean {
  return !s.includes("\0");
}

/** A `# ` comment line: a line break in the text would end the comment, so control characters are shown escaped. */
export function shComment(text: string): string {
  const safe = text.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, (ch) => `\\u{${ch.codePointAt(0)!.toString(16)}}`);
  return safe === "" ? "#" : `# ${safe}`;
}

/** A here-document delimiter (`base`, `base_1`, …) that equals no line of the given text. */
export function heredocDelimiter(texts: readonly string[], base: string): string {
  const taken = new Set(texts.flatMap((t) => t.split("\n")));
  let word = base;
  for (let i = 1; taken.has(word); i++) word = `${base}_${i}`;
  return word;
}
