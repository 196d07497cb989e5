/**
 * Small, independent models of how the consumers of boxc's artifacts read a value back, for
 * the formats that have no reader on this machine (systemd is not running here, Compose's
 * interpolation lives inside docker-compose). Each one flags anything the consumer would
 * expand instead of keeping — the tests require the flag to stay down — and is written from
 * the consumer's documented rules, not from boxc's encoders:
 *  - systemd: systemd.syntax (line continuation, comments), systemd.unit "Specifiers",
 *    systemd.service "Command lines" (quoting, C escapes, `$` substitution), systemd.exec
 *    `EnvironmentFile=` (shell-like quoting, no expansion);
 *  - Compose: the compose-spec "Interpolation" section (`$$` is a literal `$`, `$NAME` and
 *    `${…}` are substituted, any other `$` is an error).
 */
import { DockerfileParser } from "dockerfile-ast";
import { dockerWordValue } from "../targets/docker/docker-lexer.ts";

export interface Read {
  readonly value: string;
  /** Something in the text would be expanded or substituted by the consumer. */
  readonly expands: boolean;
}

// ---- Dockerfile

export interface DockerInstruction {
  readonly keyword: string;
  /** Arguments after the flags (`--from=…`, `--chown=…`). */
  readonly args: string;
  /** `name=value` of each flag. */
  readonly flags: readonly string[];
}

/** Instructions as BuildKit's parser splits them (through dockerfile-ast), continuation lines joined. */
export function dockerInstructions(text: string): DockerInstruction[] {
  return DockerfileParser.parse(text)
    .getInstructions()
    .map((i) => {
      const withFlags = i as unknown as { getFlags?: () => { getName(): string; getValue(): string | null }[] };
      const flags = (withFlags.getFlags?.() ?? []).map((f) => `${f.getName()}=${f.getValue() ?? ""}`);
      return { keyword: i.getKeyword(), args: i.getRawArgumentsContent() ?? "", flags };
    });
}

/** `ENV NAME=word` values, read with Docker's word rules. */
export function dockerEnv(text: string): Map<string, Read> {
  const out = new Map<string, Read>();
  for (const i of dockerInstructions(text)) {
    if (i.keyword !== "ENV") continue;
    const eq = i.args.indexOf("=");
    if (eq < 0) throw new Error(`ENV without = : ${i.args}`);
    out.set(i.args.slice(0, eq), dockerWordValue(i.args.slice(eq + 1)));
  }
  return out;
}

/** The JSON arrays of exec-form instructions with this keyword (HEALTHCHECK: after `CMD`). */
export function dockerExecForms(text: string, keyword: string): string[][] {
  const out: string[][] = [];
  for (const i of dockerInstructions(text)) {
    if (i.keyword !== keyword) continue;
    const json = keyword === "HEALTHCHECK" ? i.args.slice(i.args.indexOf("CMD ") + 4) : i.args;
    const parsed: unknown = JSON.parse(json);
    if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === "string")) throw new Error(`${keyword} is not exec form: ${i.args}`);
    out.push(parsed as string[]);
  }
  return out;
}

// ---- Compose interpolation

export function composeRead(s: string): Read {
  let value = "";
  let expands = false;
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== "$") value += s[i];
    else if (s[i + 1] === "$") {
      value += "$";
      i++;
    } else {
      // `$NAME`, `${…}` are substituted; any other `$` is "invalid interpolation format".
      expands = true;
      value += "$";
    }
  }
  return { value, expands };
}

// ---- systemd

export interface UnitSetting {
  readonly section: string;
  readonly key: string;
  readonly value: string;
}

/** Settings of a unit file: `[Section]`, `Key=Value`, `#`/`;` comments, `\` continuations. */
export function parseUnit(text: string): UnitSetting[] {
  const out: UnitSetting[] = [];
  let section = "";
  let pending = "";
  for (const raw of text.split("\n")) {
    let line = pending ? `${pending} ${raw.trimStart()}` : raw.trim();
    pending = "";
    if (!line || (line === raw.trim() && (line.startsWith("#") || line.startsWith(";")))) continue;
    if (line.endsWith("\\")) {
      pending = line.slice(0, -1);
      continue;
    }
    line = line.trim();
    if (line.startsWith("[") && line.endsWith("]")) {
      section = line.slice(1, -1);
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0) throw new Error(`unit line without '=': ${line}`);
    out.push({ section, key: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim() });
  }
  if (pending) throw new Error("unit file ends in a continuation");
  return out;
}

/** Specifier expansion: `%%` is `%`, any other `%x` is replaced by systemd. */
export function systemdSpecifiers(s: string): Read {
  let value = "";
  let expands = false;
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== "%") value += s[i];
    else if (s[i + 1] === "%") {
      value += "%";
      i++;
    } else {
      expands = true;
      value += "%";
    }
  }
  return { value, expands };
}

const C_ESCAPES: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", s: " ", "\\": "\\", '"': '"', "'": "'" };

/** Reads one C escape at `chars[i]` (after the backslash); returns [text, characters consumed]. */
function cUnescape(chars: readonly string[], i: number): [string, number] {
  const c = chars[i];
  if (c === undefined) throw new Error("backslash at the end of a word");
  if (c in C_ESCAPES) return [C_ESCAPES[c]!, 1];
  const hex = (n: number) => {
    const h = chars.slice(i + 1, i + 1 + n).join("");
    if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) throw new Error(`bad \\${c} escape`);
    return String.fromCodePoint(parseInt(h, 16));
  };
  if (c === "x") return [hex(2), 3];
  if (c === "u") return [hex(4), 5];
  if (c === "U") return [hex(8), 9];
  throw new Error(`unknown escape \\${c}`);
}

/**
 * A command line (`ExecStart=` value, after specifier expansion) split into words the way
 * systemd does (extract_first_word with EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE), then `$`
 * substitution: `$$` is `$`; `$NAME` and `${NAME}` are substituted. Leading `-@:+!` prefixes
 * of the first word are returned apart.
 */
export function systemdCommandLine(value: string): { prefix: string; words: string[]; expands: boolean } {
  const spec = systemdSpecifiers(value);
  const chars = [...spec.value];
  let i = 0;
  let prefix = "";
  while (i < chars.length && "-@:+!".includes(chars[i]!)) prefix += chars[i++];
  const words: string[] = [];
  let expands = spec.expands;
  for (;;) {
    while (i < chars.length && /\s/.test(chars[i]!)) i++;
    if (i >= chars.length) break;
    let word = "";
    let quote: string | null = null;
    for (; i < chars.length; i++) {
      const c = chars[i]!;
      if (quote) {
        if (c === quote) quote = null;
        else if (c === "\\") {
          const [t, n] = cUnescape(chars, i + 1);
          word += t;
          i += n;
        } else word += c;
      } else if (c === '"' || c === "'") quote = c;
      else if (/\s/.test(c)) break;
      else if (c === "\\") {
        const [t, n] = cUnescape(chars, i + 1);
        word += t;
        i += n;
      } else word += c;
    }
    if (quote) throw new Error("unterminated quote in command line");
    const sub = dollars(word);
    expands ||= sub.expands;
    words.push(sub.value);
  }
  return { prefix, words, expands };
}

function dollars(s: string): Read {
  let value = "";
  let expands = false;
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== "$") value += s[i];
    else if (s[i + 1] === "$") {
      value += "$";
      i++;
    } else {
      if (s[i + 1] === "{" || /[A-Za-z_]/.test(s[i + 1] ?? "")) expands = true;
      value += "$";
    }
  }
  return { value, expands };
}

/**
 * An environment file as `EnvironmentFile=` reads it (systemd's parse_env_file): `KEY=VALUE`
 * lines, `#`/`;` comments; in a value, leading white space is dropped, `'…'` is literal,
 * `"…"` keeps every character except that `\` escapes `"`, `\`, `` ` ``, `$` and a newline,
 * unquoted `\x` is `x`, and unquoted trailing white space is dropped. Nothing is expanded.
 */
export function systemdEnvFile(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const chars = [...text];
  let i = 0;
  while (i < chars.length) {
    while (i < chars.length && /\s/.test(chars[i]!)) i++;
    if (i >= chars.length) break;
    if (chars[i] === "#" || chars[i] === ";") {
      while (i < chars.length && chars[i] !== "\n") i++;
      continue;
    }
    let key = "";
    while (i < chars.length && chars[i] !== "=" && chars[i] !== "\n") key += chars[i++];
    if (chars[i] !== "=") throw new Error(`env file line without '=': ${key}`);
    i++;
    while (i < chars.length && (chars[i] === " " || chars[i] === "\t")) i++;
    let value = "";
    let trailingSpace = 0;
    for (; i < chars.length && chars[i] !== "\n"; i++) {
      const c = chars[i]!;
      if (c === "'") {
        const end = chars.indexOf("'", i + 1);
        if (end < 0) throw new Error("unterminated ' in env file");
        value += chars.slice(i + 1, end).join("");
        i = end;
        trailingSpace = 0;
      } else if (c === '"') {
        for (i++; ; i++) {
          if (i >= chars.length) throw new Error('unterminated " in env file');
          const d = chars[i]!;
          if (d === '"') break;
          if (d === "\\" && i + 1 < chars.length && '"\\`$\n'.includes(chars[i + 1]!)) {
            if (chars[i + 1] !== "\n") value += chars[i + 1];
            i++;
          } else value += d;
        }
        trailingSpace = 0;
      } else if (c === "\\") {
        if (i + 1 < chars.length && chars[i + 1] !== "\n") value += chars[i + 1];
        i++;
        trailingSpace = 0;
      } else {
        value += c;
        trailingSpace = /\s/.test(c) ? trailingSpace + 1 : 0;
      }
    }
    out.set(key.trim(), trailingSpace ? value.slice(0, value.length - trailingSpace) : value);
  }
  return out;
}
