/**
 * Hostile strings for the end-to-end property tests, and how to write them in a `.box` file.
 */
import fc from "fast-check";

/** Iterations per class: enough to matter (issue 10), bounded so the file stays under a minute or two. */
export const RUNS = Number(process.env.BOXC_HOSTILE_RUNS) || 200;

/** Pieces each consumer treats specially somewhere (shell, Docker, YAML 1.1/1.2, HCL, Go templates, systemd, pip, Jinja). */
export const ATOMS: readonly string[] = [
  "$", "$$", "${x}", "$(x)", "$x", "$HOME", "$(", "${", "%{x}", "%{", "%%{", "$${", "{{x}}", "{{", "}}", "{{\"{{\"}}",
  "%h", "%%", "%", "`id`", "`", "'", '"', "\\", "\\\\", "\\n", "\\$", "#", " #", "# c", "-", "--", "-r x", "--index-url=x",
  "\t", " ", "\u2028", "\u2029", "\u0085", "\u00a0", "\ufeff", "😀", "é", "e\u0301", "日本", "no", "on", "yes", "off", "~",
  "null", "<<", "=", "0777", "0x1F", "1e3", "2001-01-01", "12:30:00", "1_000", ".inf", "!tag", "&a", "*a", "? ", ": ",
  "- ", "[", "]", "{", "}", ",", "|", ">", "@", ";", "&&", "|", "*", "?", "..", "/", "./", "## template: jinja", "\n", "\r",
  "BOXC_ENV", "BOXC_VERIFY_EOF", "EOF", "\u0000", "\u001b[31m", "\u202e", "\u200b",
];

const SPECIAL_CHARS = [..."$%{}()`'\"\\#-;&|<>*?[]~!=:,@ \t\u2028\u0085\u00a0\u200b\u202e\u00e9\u65e5"].concat(["😀"]);

export const hostileString: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...ATOMS) },
      { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...SPECIAL_CHARS, "a", "b", "Z", "0", "/", "."), maxLength: 6 }) },
      { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 4 }) },
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((parts) => parts.join(""))
  .filter((s) => s.isWellFormed());

/**
 * A `.box` string literal for `value`. `raw` keeps every character as itself except the four
 * the lexer needs escaped (so raw control or invisible characters reach the lexer, which must
 * refuse them at the value); otherwise everything outside printable ASCII is a `\u{…}` escape.
 */
export function boxLiteral(value: string, raw: boolean): string {
  let out = '"';
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (raw || (c >= 0x20 && c < 0x7f)) out += ch;
    else out += `\\u{${c.toString(16).toUpperCase()}}`;
  }
  return `${out}"`;
}
