/**
 * No input crashes or hangs the front end: arbitrary bytes, token soup, deep nesting, huge
 * inputs and inputs built to make a regex backtrack all end with diagnostics. Also prints the
 * parse throughput on a generated 5 MB file (printed, not asserted: CI machines vary).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseSource } from "../../src/ast/parse.ts";
import type { Span } from "../../src/source/span.ts";
import { where } from "./helpers.ts";

const example = readFileSync(join(import.meta.dirname, "fixtures/language-example.box"), "utf8");

function checkSpans(text: string, spans: Iterable<Span>): void {
  for (const s of spans) {
    assert.ok(Number.isInteger(s.start) && Number.isInteger(s.end), `integer span ${JSON.stringify(s)}`);
    assert.ok(s.start >= 0 && s.start <= s.end && s.end <= text.length, `span in range ${JSON.stringify(s)} of ${text.length}`);
  }
}

/** Every span anywhere in an AST: each node is one, and so is a statement's keyword. */
function* spansOf(node: unknown): Generator<Span> {
  if (Array.isArray(node)) for (const n of node) yield* spansOf(n);
  else if (node !== null && typeof node === "object") {
    const n = node as Span & { kind?: unknown; keywordEnd?: number };
    if (typeof n.kind === "string") {
      assert.is(n.file, "f.box", `${String(n.kind)} node carries its file`);
      yield n;
      if ("keywordEnd" in n) yield { file: n.file, start: n.start, end: n.keywordEnd! };
    }
    for (const v of Object.values(node)) yield* spansOf(v);
  }
}

function parseChecked(input: string | Uint8Array): void {
  const r = parseSource("f.box", input);
  const text = r.file?.text ?? "";
  if (r.file !== null) {
    checkSpans(text, spansOf(r.ast));
    checkSpans(text, r.diagnostics.flatMap((d) => (d.span ? [d.span, ...d.related.map((x) => x.span)] : [])));
  }
  for (const d of r.diagnostics) {
    assert.ok(/^BOX1\d{3}$/.test(d.code), d.code);
    assert.not.match(d.message, /undefined|NaN|\{(expected|found|char|escape|reason|unit|text|close|what|limit|count|length|size|byte|line|col)\}/);
  }
}

test("arbitrary bytes never throw", () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => parseChecked(bytes)), { numRuns: 500 });
});

test("arbitrary unicode text never throws", () => {
  fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), (s) => parseChecked(s)), { numRuns: 500 });
});

const soupToken = fc.constantFrom(
  "box", "template", "target", "project", "import", "extends", "os", "python", "pip", "apt", "env", "health",
  "resources", "copy", "to", "at", "size", "on", "port", "hash", "index", "run", "connect", "expose", "udp",
  "secret", "file", "volume", "publish", "x", "A", "{", "}", "[", "]", "(", ")", ",", "=", '"s"', '"\\q"', '"\\u{zz}"',
  '"unterminated', '"""t"""', '"""open', "1", "1.5", "10s", "1GiB", "3.1.2", "10sec", "true", "false", "#c\n",
  "//c\n", "~", "\u202E", "\0", "\n", "\r\n", " ",
);

test("token soup never throws and keeps spans inside the text", () => {
  fc.assert(
    fc.property(fc.array(soupToken, { maxLength: 120 }), fc.array(fc.constantFrom(" ", "\n", ""), { maxLength: 120 }), (toks, seps) => {
      parseChecked(toks.map((t, i) => t + (seps[i] ?? " ")).join(""));
    }),
    { numRuns: 600 },
  );
});

test("mutations of the full example never throw", () => {
  fc.assert(
    fc.property(fc.nat(example.length), fc.nat(example.length), fc.string({ maxLength: 8 }), (a, b, ins) => {
      const [s, e] = a < b ? [a, b] : [b, a];
      parseChecked(example.slice(0, s) + ins + example.slice(Math.min(e, s + 20)));
    }),
    { numRuns: 400 },
  );
});

test("deep nesting hits the limit with a diagnostic, not a stack overflow", () => {
  for (const [open, close] of [["[", "]"], ["{", "}"], ["(", ")"]] as const) {
    const depth = 100_000;
    const text = `box a { run ${open.repeat(depth)}${close.repeat(depth)} }`;
    const r = parseSource("deep.box", text);
    assert.ok(r.diagnostics.some((d) => d.code === "BOX1050"), open);
  }
  const r = parseSource("deep.box", `box a { run ${"[".repeat(50_000)} }`);
  assert.ok(r.diagnostics.some((d) => d.code === "BOX1050"));
  // Just under the limit still parses: the box body and `run` account for one level.
  const ok = `box a { run ${"[".repeat(31)}"x"${"]".repeat(31)} }`;
  assert.equal(where(ok), []);
});

test("a string over 1 MiB is an error at its opening quote", () => {
  const text = `box a { build "${"x".repeat(1024 * 1024 + 1)}" }`;
  assert.equal(where(text), ["1:15 BOX1015 string is too long (1048577 characters, the limit is 1048576)"]);
});

test("inputs built to make a lexer backtrack are handled in linear time", () => {
  const n = 1_000_000;
  const cases = [
    `box a { build "${"\\\\".repeat(n / 2)}`,
    `box a { build "${"\\".repeat(n)}`,
    `box a { build """${'"'.repeat(n)}`,
    `box a { build "${"\\u{".repeat(n / 3)}" }`,
    `# ${"#".repeat(n)}\nbox a {}`,
    `box a { python ${"9".repeat(n)} }`,
    `box a { python ${"1.".repeat(n / 2)}1 }`,
    `box a { python 1${"s".repeat(n)} }`,
    `${'"'.repeat(n)}`,
  ];
  for (const text of cases) {
    const t0 = performance.now();
    const r = parseSource("big.box", text);
    const ms = performance.now() - t0;
    // Generous for loaded CI machines: a quadratic scan of 1 MB would take hours.
    assert.ok(ms < 30_000, `${text.slice(0, 30)}: ${ms} ms`);
    assert.ok(r.diagnostics.length > 0 || text.startsWith("#"), text.slice(0, 30));
  }
});

test("many errors are capped with a final count", () => {
  const r = parseSource("e.box", "~ ".repeat(500));
  assert.is(r.diagnostics.length, 51);
  assert.is(r.diagnostics.at(-1)!.code, "BOX1052");
  assert.is(r.diagnostics.at(-1)!.message, "too many syntax errors; 450 more not shown");
});

test("parse throughput on a generated 5 MB file (printed)", () => {
  const body = example.replace(/^(project|import) .*$/gm, "");
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < 5_000_000; i++) {
    const p = body.replace(/\b(template|box) ([a-z-]+)/g, (_m, k: string, name: string) => `${k} ${name}-${i}`);
    parts.push(p);
    size += p.length;
  }
  const text = parts.join("\n");
  parseSource("warm.box", text.slice(0, 200_000));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = parseSource("big.box", text);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  assert.equal(r.diagnostics, []);
  const mb = text.length / 1e6;
  // A fixed CPU workload, so a slow or throttled machine can be told from a slow parser.
  const k0 = process.cpuUsage();
  let x = 0;
  for (let i = 0; i < 100_000_000; i++) x = (x * 31 + i) | 0;
  const k = process.cpuUsage(k0);
  const calibration = (k.user + k.system) / 1000;
  assert.ok(Number.isInteger(x)); // keeps the loop observable
  console.log(
    `parse throughput: ${mb.toFixed(1)} MB, ${r.ast!.statements.length} declarations: ` +
      `${(mb / (wall / 1000)).toFixed(1)} MB/s wall, ${(mb / ((cpu.user + cpu.system) / 1e6)).toFixed(1)} MB/s CPU ` +
      `(calibration: 1e8 integer steps took ${calibration.toFixed(0)} ms CPU, about 80 ms on a current laptop core)`,
  );
});

test.run();
