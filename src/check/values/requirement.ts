/**
 * PEP 508 requirements, restricted to what a box can carry: a name from a package index with
 * extras, PEP 440 specifiers and environment markers. Anything pip would read as more than a
 * requirement (an option, a URL or path, a `${VAR}` expansion, a comment, a second line) is
 * refused before parsing, with its own diagnostic.
 *
 * Canonical form (the IR's `Requirement`): the name PEP 503-normalized; extras normalized,
 * sorted, unique; specifier clauses written `op+version` with the version text as written,
 * unique, sorted by their text (the order `packaging.SpecifierSet` prints: `<2,>=1.26`);
 * the marker with single spaces around operators and keywords, strings in single quotes
 * (double quotes when the string holds a `'`), parentheses only where written. `line`
 * re-parses to the same requirement; it is `name[extras]specifier; marker`, with a space
 * before the `;` after an `===` version (older pips would read the `;` as part of it).
 */
import type { StringLit, Value } from "../../ast/types.ts";
import type { Requirement } from "../../ir/types.ts";
import type { Diagnostic } from "../../diagnostics/types.ts";
import { diag } from "../../diagnostics/make.ts";
import { explain, valid } from "@renovatebot/pep440";
import { closest } from "../suggest.ts";
import { describeChar, expectString, fail, findControl, innerSpan, type Result } from "./common.ts";

/** PEP 503: lower case, every run of `-`, `_`, `.` as one `-`. */
export function normalizePackageName(s: string): string {
  return s.toLowerCase().replace(/[-_.]+/g, "-");
}

export const MARKER_VARIABLES: readonly string[] = [
  "extra",
  "implementation_name",
  "implementation_version",
  "os_name",
  "platform_machine",
  "platform_python_implementation",
  "platform_release",
  "platform_system",
  "platform_version",
  "python_full_version",
  "python_version",
  "sys_platform",
];

/** Spellings of old setuptools/PEP 345 markers, to suggest the PEP 508 name. */
const LEGACY_MARKERS: Readonly<Record<string, string>> = {
  "os.name": "os_name",
  "sys.platform": "sys_platform",
  "platform.version": "platform_version",
  "platform.machine": "platform_machine",
  "platform.python_implementation": "platform_python_implementation",
  python_implementation: "platform_python_implementation",
};

// ─── parse tree ──────────────────────────────────────────────────────────────

export interface Clause {
  readonly op: string;
  readonly version: string;
  /** Offsets in the requirement string, for diagnostics. */
  readonly start: number;
  readonly end: number;
}

type MarkerNode =
  | { readonly kind: "or" | "and"; readonly items: readonly MarkerNode[] }
  | { readonly kind: "paren"; readonly inner: MarkerNode }
  | { readonly kind: "cmp"; readonly left: MarkerValue; readonly op: string; readonly right: MarkerValue };
type MarkerValue = { readonly kind: "var"; readonly name: string } | { readonly kind: "str"; readonly value: string };

export interface ParsedRequirement {
  readonly name: string;
  readonly extras: readonly string[];
  readonly clauses: readonly Clause[];
  readonly marker: string | null;
}

/** A problem at `index` (length `length`) of the requirement string. */
export interface Problem {
  readonly index: number;
  readonly length: number;
  readonly make: (span: NonNullable<Diagnostic["span"]>) => Diagnostic;
}

class Stop extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super("requirement parse stop");
    this.problem = problem;
  }
}

const IDENT = /[A-Za-z0-9](?:[-_.]*[A-Za-z0-9])*/y;
const VERSION_OP = /===|~=|==|!=|<=|>=|<|>/y;
const VERSION_CHARS = /[A-Za-z0-9._*+!-]+/y;
const MARKER_WORD = /[A-Za-z_][A-Za-z0-9_.]*/y;
const MAX_MARKER_DEPTH = 32;

class Parser {
  readonly s: string;
  pos = 0;
  /** Parenthesis depth of the marker, bounded so hostile input cannot exhaust the stack. */
  depth = 0;

  constructor(s: string) {
    this.s = s;
  }

  ws(): void {
    while (this.pos < this.s.length && (this.s[this.pos] === " " || this.s[this.pos] === "\t")) this.pos++;
  }

  match(re: RegExp): string | null {
    re.lastIndex = this.pos;
    const m = re.exec(this.s);
    if (!m) return null;
    this.pos += m[0].length;
    return m[0];
  }

  /** Stops with a syntax error at `index`, by default the token after any whitespace. */
  syntax(reason: string, index?: number, length?: number): never {
    const text = this.s;
    if (index === undefined) {
      this.ws();
      index = this.pos;
      length = this.token().length || 1;
    }
    throw new Stop({ index, length: length ?? 1, make: (span) => diag("BOX2110", { text, reason }, { span }) });
  }

  /** What is at the cursor, for "expected X, found Y". */
  found(): string {
    this.ws();
    return this.pos >= this.s.length ? "the end" : `\`${this.token()}\``;
  }

  /** The word (or single character) at the cursor. */
  token(): string {
    const word = /[A-Za-z0-9_.]+/y;
    word.lastIndex = this.pos;
    return word.exec(this.s)?.[0] ?? this.s.slice(this.pos, this.pos + 1);
  }

  requirement(): ParsedRequirement {
    this.ws();
    const name = this.match(IDENT);
    if (name === null) this.syntax(`expected a package name, found ${this.found()}`);
    this.ws();
    const extras: string[] = [];
    if (this.s[this.pos] === "[") {
      this.pos++;
      this.ws();
      if (this.s[this.pos] !== "]") {
        for (;;) {
          const e = this.match(IDENT);
          if (e === null) this.syntax(`expected an extra name, found ${this.found()}`);
          extras.push(e);
          this.ws();
          if (this.s[this.pos] !== ",") break;
          this.pos++;
          this.ws();
        }
      }
      if (this.s[this.pos] !== "]") this.syntax(`expected \`,\` or \`]\`, found ${this.found()}`);
      this.pos++;
      this.ws();
    }
    if (this.s[this.pos] === "@") {
      const text = this.s;
      throw new Stop({ index: this.pos, length: 1, make: (span) => diag("BOX2112", { text }, { span }) });
    }
    let clauses: Clause[] = [];
    if (this.s[this.pos] === "(") {
      this.pos++;
      this.ws();
      clauses = this.versionMany();
      this.ws();
      if (this.s[this.pos] !== ")") this.syntax(`expected \`,\` or \`)\`, found ${this.found()}`);
      this.pos++;
      this.ws();
    } else if (this.pos < this.s.length && "<>=!~".includes(this.s[this.pos]!)) {
      clauses = this.versionMany();
      this.ws();
    }
    let marker: string | null = null;
    if (this.s[this.pos] === ";") {
      this.pos++;
      this.ws();
      if (this.pos >= this.s.length) this.syntax("expected an environment marker after `;`");
      marker = printMarker(this.markerOr());
      this.ws();
    }
    if (this.pos < this.s.length) {
      const what = clauses.length === 0 && marker === null ? "a version specifier, `;` or the end" : marker === null ? "`,`, `;` or the end" : "`and`, `or` or the end";
      this.syntax(`expected ${what}, found ${this.found()}`);
    }
    return { name, extras, clauses, marker };
  }

  versionMany(): Clause[] {
    const out: Clause[] = [];
    for (;;) {
      const start = this.pos;
      const op = this.match(VERSION_OP);
      if (op === null) this.syntax(`expected a version operator (\`==\`, \`>=\`, …), found ${this.found()}`);
      this.ws();
      const version = this.match(VERSION_CHARS);
      if (version === null) this.syntax(`expected a version after \`${op}\`, found ${this.found()}`);
      out.push({ op, version, start, end: this.pos });
      this.ws();
      if (this.s[this.pos] !== ",") return out;
      this.pos++;
      this.ws();
    }
  }

  markerOr(): MarkerNode {
    const items = [this.markerAnd()];
    while (this.keyword("or")) items.push(this.markerAnd());
    return items.length === 1 ? items[0]! : { kind: "or", items };
  }

  markerAnd(): MarkerNode {
    const items = [this.markerExpr()];
    while (this.keyword("and")) items.push(this.markerExpr());
    return items.length === 1 ? items[0]! : { kind: "and", items };
  }

  /** Consumes `word` (with the whitespace before it) when it is next as a whole word. */
  keyword(word: string): boolean {
    const save = this.pos;
    this.ws();
    MARKER_WORD.lastIndex = this.pos;
    const m = MARKER_WORD.exec(this.s);
    if (m && m[0] === word) {
      this.pos += word.length;
      return true;
    }
    this.pos = save;
    return false;
  }

  markerExpr(): MarkerNode {
    this.ws();
    if (this.s[this.pos] === "(") {
      if (++this.depth > MAX_MARKER_DEPTH) this.syntax(`markers may nest at most ${MAX_MARKER_DEPTH} parentheses deep`, this.pos);
      this.pos++;
      const inner = this.markerOr();
      this.depth--;
      this.ws();
      if (this.s[this.pos] !== ")") this.syntax(`expected \`and\`, \`or\` or \`)\`, found ${this.found()}`);
      this.pos++;
      return { kind: "paren", inner };
    }
    const left = this.markerValue();
    this.ws();
    const op = this.markerOp();
    this.ws();
    const right = this.markerValue();
    return { kind: "cmp", left, op, right };
  }

  markerOp(): string {
    const sym = this.match(VERSION_OP);
    if (sym !== null) return sym;
    if (this.keyword("in")) return "in";
    if (this.keyword("not")) {
      if (this.keyword("in")) return "not in";
      this.syntax(`expected \`in\` after \`not\`, found ${this.found()}`);
    }
    return this.syntax(`expected a marker operator (\`==\`, \`>=\`, \`in\`, …), found ${this.found()}`);
  }

  markerValue(): MarkerValue {
    const q = this.s[this.pos];
    if (q === "'" || q === '"') {
      const start = this.pos;
      const close = this.s.indexOf(q, start + 1);
      if (close < 0) this.syntax(`the string has no closing ${q}`, start, this.s.length - start);
      const value = this.s.slice(start + 1, close);
      const bs = value.indexOf("\\");
      if (bs >= 0) this.syntax("`\\` is not allowed in a marker string", start + 1 + bs);
      // pip splits a requirements-file line at the first space-separated word starting
      // with `-` and parses the rest as options, quotes or not.
      const dash = value.search(/ -/);
      if (dash >= 0) this.syntax("a `-` after a space in a marker string would be read by pip as an option", start + 2 + dash);
      this.pos = close + 1;
      return { kind: "str", value };
    }
    const start = this.pos;
    const word = this.match(MARKER_WORD);
    if (word === null) this.syntax(`expected a marker name or a quoted string, found ${this.found()}`);
    if (!MARKER_VARIABLES.includes(word)) {
      const suggestion = LEGACY_MARKERS[word] ?? closest(word, MARKER_VARIABLES);
      throw new Stop({
        index: start,
        length: word.length,
        make: (span) =>
          diag("BOX2117", { name: word }, { span, ...(suggestion ? { help: `did you mean \`${suggestion}\`?` } : {}) }),
      });
    }
    return { kind: "var", name: word };
  }
}

function printValue(v: MarkerValue): string {
  if (v.kind === "var") return v.name;
  return v.value.includes("'") ? `"${v.value}"` : `'${v.value}'`;
}

function printMarker(m: MarkerNode): string {
  switch (m.kind) {
    case "or":
    case "and":
      return m.items.map(printMarker).join(` ${m.kind} `);
    case "paren":
      return `(${printMarker(m.inner)})`;
    case "cmp":
      return `${printValue(m.left)} ${m.op} ${printValue(m.right)}`;
  }
}

// ─── specifier checks ────────────────────────────────────────────────────────

const WILDCARD_BASE = /^v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*$/i;

/** Why `op version` is not a valid PEP 440 clause, or null when it is. */
export function clauseProblem(op: string, version: string): string | null {
  if (op === "===") return null; // arbitrary equality: any string, compared literally
  if (version.endsWith(".*")) {
    if (op !== "==" && op !== "!=") return `a \`.*\` wildcard is allowed only with \`==\` and \`!=\``;
    const base = version.slice(0, -2);
    if (!WILDCARD_BASE.test(base)) return "a `.*` wildcard may only follow a release number such as `1.2`";
    return null;
  }
  if (version.includes("*")) return "`*` is allowed only as a final `.*`";
  if (valid(version) === null) return `\`${version}\` is not a PEP 440 version`;
  const v = explain(version);
  if (v === null) return `\`${version}\` is not a PEP 440 version`;
  if (v.local !== null && op !== "==" && op !== "!=") return `a local version (\`+${v.local}\`) is allowed only with \`==\` and \`!=\``;
  if (op === "~=" && v.release.length < 2) return "`~=` needs at least two release numbers, e.g. `~=1.4`";
  return null;
}

// ─── pre-parse refusals ──────────────────────────────────────────────────────

const SCHEME_OR_DRIVE = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const ARCHIVE = /\.(?:whl|zip|tar|tgz|tbz|txz|tar\.gz|tar\.bz2|tar\.xz)$/i;

function refusal(s: string): Problem | null {
  const ctl = findControl(s);
  if (ctl >= 0) {
    const char = describeChar(s.charCodeAt(ctl));
    return { index: ctl, length: 1, make: (span) => diag("BOX2114", { char }, { span }) };
  }
  const interp = s.indexOf("${");
  if (interp >= 0) return { index: interp, length: 2, make: (span) => diag("BOX2113", { what: "a requirement" }, { span }) };
  const hash = s.indexOf("#");
  if (hash >= 0) return { index: hash, length: 1, make: (span) => diag("BOX2115", {}, { span }) };
  const lead = s.length - s.trimStart().length;
  const body = s.trim();
  if (body.startsWith("-")) {
    const len = body.search(/[ =]|$/);
    return { index: lead, length: len, make: (span) => diag("BOX2111", { text: s }, { span }) };
  }
  const beforeMarker = body.split(";")[0]!.trimEnd();
  if (
    /^[./~\\]/.test(body) ||
    SCHEME_OR_DRIVE.test(body) ||
    /[/\\]/.test(beforeMarker) ||
    ARCHIVE.test(beforeMarker)
  ) {
    return { index: lead, length: body.length, make: (span) => diag("BOX2112", { text: s }, { span }) };
  }
  return null;
}

/**
 * Parses a requirement string. On failure, the problems with offsets into `s`; never throws.
 * Exposed for tests and for callers that hold a plain string.
 */
export function parseRequirement(s: string): ParseResult {
  const known = parsed.get(s);
  if (known !== undefined) return known;
  // Bounded, for long-lived processes that compile many projects.
  if (parsed.size >= MEMO_LIMIT) parsed.clear();
  const result = frozen(parseUncached(s));
  parsed.set(s, result);
  return result;
}

/**
 * `x` and everything in it made read-only. What the memos below keep is handed to every later
 * compile in the process (a library caller's, `--watch`'s next build): a caller that changed its
 * copy would otherwise change theirs.
 */
function frozen<T>(x: T): T {
  if (typeof x === "object" && x !== null && !Object.isFrozen(x)) {
    for (const v of Object.values(x)) frozen(v);
    Object.freeze(x);
  }
  return x;
}

type ParseResult = { readonly ok: ParsedRequirement } | { readonly problems: readonly Problem[] };

/**
 * Results by requirement text. Large projects repeat the same lines in box after box, and
 * the PEP 440 checks of their versions are the costly part; a result holds no span (problems
 * make their diagnostic from the span they are given), so one serves every occurrence.
 */
const parsed = new Map<string, ParseResult>();
const MEMO_LIMIT = 50_000;

function parseUncached(s: string): ParseResult {
  const refused = refusal(s);
  if (refused) return { problems: [refused] };
  const p = new Parser(s);
  let parsed: ParsedRequirement;
  try {
    parsed = p.requirement();
  } catch (e) {
    if (e instanceof Stop) return { problems: [e.problem] };
    throw e;
  }
  const problems: Problem[] = [];
  for (const c of parsed.clauses) {
    // pip's parser reads an arbitrary-equality version up to the next space, commas included,
    // so `===1.0,>=2` would reach it as the version `1.0,>=2`.
    const reason =
      c.op === "===" && parsed.clauses.length > 1
        ? "`===` cannot be combined with other clauses (pip would read them as part of its version)"
        : clauseProblem(c.op, c.version);
    if (reason !== null) {
      const spec = `${c.op}${c.version}`;
      problems.push({ index: c.start, length: c.end - c.start, make: (span) => diag("BOX2116", { spec, reason }, { span }) });
    }
  }
  return problems.length > 0 ? { problems } : { ok: parsed };
}

/** The IR form of a parsed requirement (without hashes). */
export function canonicalRequirement(p: ParsedRequirement, hashes: readonly string[] = []): Requirement {
  const name = normalizePackageName(p.name);
  const extras = [...new Set(p.extras.map(normalizePackageName))].sort();
  const clauses = [...new Set(p.clauses.map((c) => `${c.op}${c.version}`))].sort();
  const specifier = clauses.join(",");
  const only = p.clauses.length > 0 && clauses.length === 1 ? p.clauses[0]! : null;
  const pinned = only !== null && only.op === "==" && !only.version.includes("*") ? only.version : null;
  // Older pips (packaging < 22) read an arbitrary-equality version up to the next space, `;`
  // included, so the marker needs a space before its `;` there.
  const markerSep = specifier.startsWith("===") ? " ; " : "; ";
  const line = `${name}${extras.length > 0 ? `[${extras.join(",")}]` : ""}${specifier}${p.marker !== null ? `${markerSep}${p.marker}` : ""}`;
  return { name, extras, specifier, pinned, marker: p.marker, hashes, line };
}

// ─── hashes ──────────────────────────────────────────────────────────────────

const HASH = /^sha256:[0-9a-f]{64}$/;

function checkHash(node: Value): Result<string | null> {
  const [lit, ds] = expectString(node, "a hash");
  if (lit === null) return [null, ds];
  const v = lit.value;
  if (HASH.test(v)) return [v, []];
  const algo = /^(md5|sha1|sha224)[:=]/i.exec(v);
  if (algo) return fail(diag("BOX2119", { algo: algo[1]!.toLowerCase() }, { span: lit }));
  const lower = v.replace(/^--hash[= ]/, "").toLowerCase();
  const help = HASH.test(lower) ? `write \`${lower}\`` : undefined;
  return fail(diag("BOX2118", { hash: v }, { span: lit, ...(help ? { help } : {}) }));
}

// ─── entry point ─────────────────────────────────────────────────────────────

/**
 * Good requirements by their text and hashes. A large project writes the same lines in many
 * boxes; they share one frozen IR object, which also keeps the IR small. Failures are not
 * kept: their diagnostics point at each occurrence.
 */
const goodRequirements = new Map<string, Requirement>();

/** A `pip { "REQ" hash "sha256:…" }` entry → the IR requirement. */
export function checkRequirement(node: Value, hashes: readonly Value[]): Result<Requirement | null> {
  if (node.kind !== "String" || !hashes.every((h) => h.kind === "String")) return checkUncached(node, hashes);
  const key = hashes.length === 0 ? node.value : [node.value, ...hashes.map((h) => (h as StringLit).value)].join("\u0000");
  const known = goodRequirements.get(key);
  if (known !== undefined) return [known, []];
  const checked = checkUncached(node, hashes);
  if (checked[0] !== null) {
    if (goodRequirements.size >= MEMO_LIMIT) goodRequirements.clear();
    goodRequirements.set(key, frozen(checked[0]));
  }
  return checked;
}

function checkUncached(node: Value, hashes: readonly Value[]): Result<Requirement | null> {
  const [lit, kindDs] = expectString(node, "a requirement");
  const hashResults = hashes.map(checkHash);
  const hashDs = hashResults.flatMap(([, ds]) => ds);
  if (lit === null) return [null, [...kindDs, ...hashDs]];
  const parsed = parseRequirement(lit.value);
  if ("problems" in parsed) {
    return [null, [...parsed.problems.map((p) => p.make(innerSpan(lit as StringLit, p.index, p.length))), ...hashDs]];
  }
  if (hashDs.length > 0) return [null, hashDs];
  const goodHashes = [...new Set(hashResults.map(([h]) => h!))].sort();
  const req = canonicalRequirement(parsed.ok, goodHashes);
  if (goodHashes.length > 0 && req.pinned === null) {
    return fail(diag("BOX2120", { name: req.name }, { span: lit }));
  }
  return [req, []];
}
