import type { CodeInfo } from "../types.ts";

/** BOX1001–BOX1099: decoding, lexing and parsing. */
export const SYNTAX_CODES = {
  // ─── decoding ──────────────────────────────────────────────────────────────
  BOX1001: {
    name: "invalid-utf8",
    severity: "error",
    message: "invalid UTF-8 byte `{byte}` at line {line}, column {col}",
    help: "`.box` files must be encoded in UTF-8; re-save the file as UTF-8",
  },
  BOX1002: {
    name: "nul-character",
    severity: "error",
    message: "NUL character in the source",
    help: "a `.box` file is text; remove the NUL byte (is this a binary file or a UTF-16 file?)",
  },
  BOX1003: {
    name: "file-too-large",
    severity: "error",
    message: "file is too large ({size} bytes, the limit is {limit})",
    help: "split the project into several files joined with `import`",
  },
  BOX1004: {
    name: "invisible-character",
    severity: "error",
    message: "invisible character {char} in the source",
    help: "bidirectional controls and invisible format characters can make code read differently from how it compiles (Trojan Source); remove it, or write it in a string as `\\u{{hex}}`",
  },
  BOX1005: {
    name: "invisible-character-in-comment",
    severity: "warning",
    message: "invisible character {char} in a comment",
    help: "bidirectional controls and invisible format characters can make the code around a comment read differently from how it compiles (Trojan Source); remove it",
  },

  // ─── lexing ────────────────────────────────────────────────────────────────
  BOX1010: {
    name: "unexpected-character",
    severity: "error",
    message: "unexpected character `{char}`",
    help: "names are written `[a-zA-Z_][a-zA-Z0-9_-]*`, text goes in double quotes, and comments start with `#` or `//`",
  },
  BOX1011: {
    name: "unterminated-string",
    severity: "error",
    message: "unterminated string",
    help: "close the string with `\"` on the same line; for text over several lines use a triple-quoted string `\"\"\"...\"\"\"`",
  },
  BOX1012: {
    name: "invalid-escape",
    severity: "error",
    message: "invalid escape `{escape}` in a string",
    help: "the escapes are `\\\"` `\\\\` `\\n` `\\t` `\\r` and `\\u{...}`; write a backslash as `\\\\`",
  },
  BOX1013: {
    name: "invalid-unicode-escape",
    severity: "error",
    message: "invalid unicode escape `{escape}`: {reason}",
    help: "write `\\u{` followed by 1 to 6 hexadecimal digits of a code point up to `10FFFF` (not a surrogate) and `}`, e.g. `\\u{e9}`",
  },
  BOX1014: {
    name: "unterminated-triple-string",
    severity: "error",
    message: "unterminated triple-quoted string",
    help: "close it with `\"\"\"`",
  },
  BOX1015: {
    name: "string-too-long",
    severity: "error",
    message: "string is too long ({length} characters, the limit is {limit})",
    help: "keep large content in a project file and `copy` it into the box",
  },
  BOX1016: {
    name: "invalid-unit",
    severity: "error",
    message: "invalid unit `{unit}` in `{text}`",
    help: "sizes take `B`, `KB`, `MB`, `GB`, `TB`, `KiB`, `MiB`, `GiB` or `TiB` (`512MiB`); durations take `ms`, `s`, `m` or `h` (`10s`)",
  },
  BOX1017: {
    name: "malformed-number",
    severity: "error",
    message: "malformed number `{text}`",
    help: "a number has at most one decimal point; write a version such as `3.12.1` as a string: `\"3.12.1\"`",
  },
  BOX1018: {
    name: "number-too-large",
    severity: "error",
    message: "number `{text}` is too large",
    help: "numbers must be finite; write an identifier or a version as a string",
  },

  // ─── parsing ───────────────────────────────────────────────────────────────
  BOX1030: {
    name: "unexpected-token",
    severity: "error",
    message: "expected {expected}, found {found}",
  },
  BOX1031: {
    name: "unclosed-delimiter",
    severity: "error",
    message: "expected `{close}` to close the {what} opened here, found {found}",
    help: "add `{close}`",
  },
  BOX1032: {
    name: "missing-value",
    severity: "error",
    message: "expected a value, found {found}",
    help: "a value is a string (`\"text\"`), a number, a size (`1GiB`), a duration (`10s`), `true` or `false`, a list (`[a, b]`) or a name",
  },
  BOX1033: {
    name: "expected-declaration",
    severity: "error",
    message: "expected a declaration, found {found}",
    help: "a file holds `project`, `import`, `template`, `box` and `target` declarations",
  },
  BOX1034: {
    name: "unexpected-closing",
    severity: "error",
    message: "unexpected {found} with nothing to close",
    help: "remove it, or add the opening delimiter it belongs to",
  },

  // ─── limits ────────────────────────────────────────────────────────────────
  BOX1050: {
    name: "nesting-too-deep",
    severity: "error",
    message: "nesting is too deep (more than {limit} levels)",
    help: "flatten the value; the content at this depth was skipped",
  },
  BOX1051: {
    name: "too-many-tokens",
    severity: "error",
    message: "file has too many tokens ({count}, the limit is {limit})",
    help: "split the project into several files joined with `import`",
  },
  BOX1052: {
    name: "too-many-syntax-errors",
    severity: "error",
    message: "too many syntax errors; {count} more not shown",
    help: "fix the errors above first",
  },
} as const satisfies Record<string, CodeInfo>;
