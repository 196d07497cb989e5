/**
 * Encoders for systemd unit files (systemd.syntax, systemd.service "Command lines",
 * systemd.unit "Specifiers") and for the files `EnvironmentFile=` reads (systemd.exec).
 * Unit settings expand `%` specifiers; command lines also substitute `$NAME`/`${NAME}` at
 * exec time and split words on whitespace; a line ending in `\` continues on the next one.
 */

function cEscapeControl(ch: string): string | null {
  const c = ch.codePointAt(0)!;
  if (ch === "\n") return "\\n";
  if (ch === "\t") return "\\t";
  if (ch === "\r") return "\\r";
  if (c < 0x20 || c === 0x7f) return `\\x${c.toString(16).padStart(2, "0")}`;
  // C1 controls and line/paragraph separators as code points (systemd reads UTF-8 `\u`).
  if ((c >= 0x80 && c <= 0x9f) || c === 0x2028 || c === 0x2029) return `\\u${c.toString(16).padStart(4, "0")}`;
  return null;
}

/**
 * One word of a command line (`ExecStart=`, `ExecStartPre=`): always double-quoted, so it
 * stays one argument, a leading `-`, `@`, `+`, `!`, `:` or a lone `;` is never a prefix or a
 * separator; `\` and `"` are C-escaped, `%` → `%%` (specifiers), `$` → `$$` (no variable
 * substitution).
 */
export function systemdExecWord(s: string): string {
  let out = '"';
  for (const ch of s) {
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "%") out += "%%";
    else if (ch === "$") out += "$$";
    else out += cEscapeControl(ch) ?? ch;
  }
  return `${out}"`;
}

/** A whole command line from an argv: each word encoded by `systemdExecWord`. */
export function systemdExecLine(argv: readonly string[]): string {
  return argv.map(systemdExecWord).join(" ");
}

/**
 * One `Environment=` assignment, quoted as a single word: specifiers are expanded there, but
 * `$` is not (so it stays as is).
 */
export function systemdEnvironmentAssignment(name: string, value: string): string {
  let out = `"${name}=`;
  for (const ch of value) {
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "%") out += "%%";
    else out += cEscapeControl(ch) ?? ch;
  }
  return `${out}"`;
}

/**
 * A setting value taken verbatim to the end of the line with specifier expansion only
 * (`WorkingDirectory=`, `User=`, `Description=`). Returns null when systemd cannot carry the
 * value exactly: surrounding whitespace is trimmed, a final `\` continues the line, and
 * control characters would end or corrupt it.
 */
export function systemdPlainValue(s: string): string | null {
  if (s !== s.trim() || s.endsWith("\\") || [...s].some((ch) => cEscapeControl(ch) !== null)) return null;
  return s.replace(/%/g, "%%");
}

/**
 * One `NAME="value"` line of an environment file read by `EnvironmentFile=`. systemd reads a
 * double-quoted value like POSIX sh does: a backslash escapes only `"`, `\`, `` ` `` and `$`,
 * and nothing is expanded. Returns null for values such a file cannot hold (a newline would
 * need a line continuation that drops it; other control characters are kept out as well).
 */
export function envFileLine(name: string, value: string): string | null {
  if ([...value].some((ch) => cEscapeControl(ch) !== null)) return null;
  return `${name}="${value.replace(/["\\`$]/g, (c) => `\\${c}`)}"`;
}
