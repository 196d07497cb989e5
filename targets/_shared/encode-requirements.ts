/**
 * pip requirements-file encoding. pip does not read a requirements file as "one requirement a
 * line": it decodes it by a `coding:` comment in the first two lines, splits lines with
 * Python's `str.splitlines()` (which also breaks at U+2028, U+0085, \v, \f, \x1c–\x1e), joins
 * lines ending in `\`, strips `#` comments that follow whitespace, expands `${UPPER_CASE}`
 * environment variables, and turns the first space-separated token starting with `-` — and
 * everything after it — into options parsed with `shlex`. None of this has an escape, so a
 * value that would trip any step is refused (the caller reports a diagnostic) rather than
 * altered: what pip reads is always exactly the value.
 */
import { shQuote } from "./encode-shell.ts";

/** First line of every requirements file: pins pip's decoding to UTF-8 whatever the locale. */
export const REQUIREMENTS_CODING_LINE = "# -*- coding: utf-8 -*-";

export type Encoded = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

/** Characters at which Python's `str.splitlines()` ends a line. */
const LINE_BREAK = /[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;
/** Python's `\s` (str.isspace) and JavaScript's, together. */
const WHITESPACE = /[\s\x1c-\x1f\x85]/;
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;
/** What pip's ENV_VAR_RE replaces with the variable's value. */
const PIP_ENV_VAR = /\$\{[A-Z0-9_]+\}/;
const COMMENT_START = /[\s\x1c-\x1f\x85]#/;
const ARCHIVE_SUFFIX = /\.(zip|whl|tar\.gz|tgz|tar|tar\.bz2|tbz|tar\.xz|txz|tar\.lz|tlz)$/i;
/** The part before the marker: normalized name, extras, PEP 508 version specifiers, no spaces. */
const REQ_HEAD = /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?(\[[a-z0-9._-]+(,[a-z0-9._-]+)*\])?([<>=!~]{1,3}[A-Za-z0-9_.*+!-]+(,[<>=!~]{1,3}[A-Za-z0-9_.*+!-]+)*)?$/;
const HASH = /^sha256:[0-9a-f]{64}$/;

function commonProblem(s: string): string | null {
  if (LINE_BREAK.test(s)) return "it contains a line break, which would start a new line";
  if (CONTROL.test(s)) return "it contains a control character";
  if (PIP_ENV_VAR.test(s)) return "pip would replace `${...}` with an environment variable";
  if (s.endsWith("\\")) return "it ends with `\\`, which pip reads as a line continuation";
  return null;
}

/**
 * One requirement: its canonical PEP 508 line, then one `--hash` continuation line per hash.
 * `line` is `Requirement.line` of the IR.
 */
export function encodeRequirement(line: string, hashes: readonly string[]): Encoded {
  const common = commonProblem(line);
  if (common) return { ok: false, reason: common };
  if (COMMENT_START.test(line) || line.startsWith("#")) return { ok: false, reason: "pip would read the `#` after a space as the start of a comment" };
  const semi = line.indexOf(";");
  const head = semi < 0 ? line : line.slice(0, semi);
  if (!REQ_HEAD.test(head)) return { ok: false, reason: "it is not a plain `name[extras]specifier` requirement" };
  if (ARCHIVE_SUFFIX.test(head)) return { ok: false, reason: "pip would read it as the name of an archive file" };
  if (line.split(" ").some((token) => token.startsWith("-")))
    return { ok: false, reason: "a word of it starts with `-`, which pip would read as an option" };
  if (line !== line.trim()) return { ok: false, reason: "it begins or ends with white space" };
  for (const h of hashes) if (!HASH.test(h)) return { ok: false, reason: `\`${h}\` is not a \`sha256:\` hash of 64 hex digits` };
  if (hashes.length === 0) return { ok: true, text: line };
  return { ok: true, text: [line, ...hashes.map((h) => `    --hash=${h}`)].join(" \\\n") };
}

/** `--index-url=URL` / `--extra-index-url=URL`; pip splits option text with POSIX `shlex`. */
export function encodeIndexOption(option: "--index-url" | "--extra-index-url", url: string): Encoded {
  const common = commonProblem(url);
  if (common) return { ok: false, reason: common };
  if (url === "") return { ok: false, reason: "it is empty" };
  if (WHITESPACE.test(url)) return { ok: false, reason: "it contains white space" };
  const word = /['"\\]/.test(url) ? shQuote(url) : url;
  return { ok: true, text: `${option}=${word}` };
}

/** A `# ` comment line that stays one comment line for pip whatever the text holds. */
export function requirementsComment(text: string): string {
  // Header lines rarely hold such characters: skip the per-character pass when none is there.
  const clean = !LINE_BREAK.test(text) && !CONTROL.test(text);
  const safe = clean
    ? text
    : [...text].map((ch) => (LINE_BREAK.test(ch) || CONTROL.test(ch) ? `\\u{${ch.codePointAt(0)!.toString(16)}}` : ch)).join("");
  return safe === "" ? "#" : `# ${safe}`;
}
