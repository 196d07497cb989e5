/**
 * The shared YAML serializer must give back every string exactly, as a key and as a value,
 * to a YAML 1.2 reader (the `yaml` library, core schema) and to a YAML 1.1 reader (PyYAML's
 * `safe_load`, as cloud-init and docker-compose v1 use it). PyYAML runs once per batch.
 */
import { spawnSync } from "node:child_process";
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { Document, parse, parseAllDocuments } from "yaml";
import { toYaml, toYamlSections, toYamlStream, yamlDoubleQuoted, yamlScalar } from "../../targets/_shared/yaml.ts";

const RUNS = 600;

/** Words and shapes that YAML 1.1 or 1.2 would read as something other than the string. */
const TRICKY = [
  "", " ", "  x", "x  ", "no", "No", "NO", "on", "off", "yes", "y", "n", "Y", "true", "False", "null", "Null", "~",
  "<<", "=", "0777", "0o17", "0x1F", "1e3", "1_000", "+1", "-1", ".5", "1.", ".inf", "-.Inf", ".nan", "NaN",
  "2001-01-01", "2001-12-14t21:59:43.10-05:00", "1:20", "190:20:30", "-", "- x", "? x", ": x", "a: b", "a #b",
  "#x", "x#", "!x", "!!str", "&a", "*a", "%YAML 1.1", "---", "...", "@x", "`x", "|", ">", "'", '"', "\\", "{}", "[]",
  "{a: 1}", "[a]", ",", "\u2028", "\u2029", "\u0085", "\ufeff", "\ufeffx", "\u00a0", "x\u00a0", "\t", "\n", "\r\n",
  "a\nb", "a\n", "\u0000", "\u001b[0m", "\u007f", "\u0080", "\ud83d\ude00", "é", "日本", "$(X)", "${X}", "%{x}", "{{x}}",
];

const charUnit = fc.constantFrom(
  "a", "Z", "0", "9", " ", "-", "_", ".", "/", ":", "#", "'", '"', "\\", "!", "&", "*", "?", "|", ">", "<", "=", "~",
  "%", "@", "`", "{", "}", "[", "]", ",", "$", "(", ")", "\n", "\t", "\r", "\u0085", "\u2028", "\u2029", "\ufeff",
  "\u00a0", "\u0000", "\u007f", "é", "\ud83d\ude00",
);

const yamlString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.string({ unit: charUnit, maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({ maxLength: 12 }),
  fc.tuple(fc.constantFrom(...TRICKY), fc.constantFrom(...TRICKY)).map(([a, b]) => a + b),
  fc.tuple(fc.constantFrom(" ", "\t", ""), fc.constantFrom(...TRICKY), fc.constantFrom(" ", "\t", "")).map((p) => p.join("")),
);

/** A document that holds the string as a key, as a value, and inside a list. */
const docOf = (s: string) => ({ [s]: s, list: [s, { k: s }] });

/** PyYAML safe_load (YAML 1.1) of many streams in one process; returns each stream's documents. */
function pyyamlLoadAll(texts: readonly string[]): unknown[][] {
  const program = [
    "import json, sys, yaml",
    "texts = json.loads(sys.stdin.read())",
    "out = [list(yaml.safe_load_all(t)) for t in texts]",
    // ensure_ascii escapes lone surrogates too, so JSON.parse gets them back exactly.
    "sys.stdout.write(json.dumps(out, ensure_ascii=True))",
  ].join("\n");
  const r = spawnSync("python3", ["-c", program], { input: JSON.stringify(texts), encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as unknown[][];
}

test("every string round-trips through the yaml library (YAML 1.2 core) as key and value", () => {
  fc.assert(
    fc.property(yamlString, (s) => {
      assert.equal(parse(toYaml(docOf(s))), docOf(s));
    }),
    { numRuns: RUNS * 3 },
  );
});

test("every string round-trips through PyYAML safe_load (YAML 1.1) as key and value", () => {
  const values = [...TRICKY, ...fc.sample(yamlString, { numRuns: RUNS, seed: 0x6b38 })];
  const texts = values.map((s) => toYaml(docOf(s), ["header line", ""]));
  const loaded = pyyamlLoadAll(texts);
  values.forEach((s, i) => {
    assert.equal(loaded[i], [docOf(s)], `PyYAML read ${JSON.stringify(s)} differently from:\n${texts[i]}`);
  });
});

test("random strings with a random seed also round-trip through PyYAML", () => {
  const values = fc.sample(yamlString, RUNS);
  const loaded = pyyamlLoadAll(values.map((s) => toYaml(docOf(s))));
  values.forEach((s, i) => assert.equal(loaded[i], [docOf(s)], `PyYAML read ${JSON.stringify(s)} differently`));
});

test("multi-document streams keep every document for both readers", () => {
  const docs = fc.sample(fc.array(yamlString, { minLength: 1, maxLength: 4 }), { numRuns: 200, seed: 7 });
  const texts = docs.map((ss) => toYamlStream(ss.map(docOf), ["a # header", "with: colon"]));
  const loaded = pyyamlLoadAll(texts);
  docs.forEach((ss, i) => {
    const expected = ss.map(docOf);
    assert.equal(parseAllDocuments(texts[i]!).map((d) => d.toJS()), expected);
    assert.equal(loaded[i], expected);
  });
});

test("keys longer than an implicit key may be (1024) still round-trip through both readers", () => {
  const data = { ["k".repeat(1500) + " #x"]: "v".repeat(3000), ["é".repeat(600)]: "no", short: "~" };
  const text = toYaml(data);
  assert.equal(parse(text), data);
  assert.equal(pyyamlLoadAll([text])[0], [data]);
});

test("double-quoted scalars escape what YAML 1.1 readers would fold or reject", () => {
  assert.is(yamlDoubleQuoted("a\u2028b\u0085c\ufeff"), '"a\\u2028b\\x85c\\ufeff"');
  assert.is(yamlDoubleQuoted('q"\\'), '"q\\"\\\\"');
});

test("objects used twice are written twice, never as anchors and aliases", () => {
  const shared = { a: "b" };
  const text = toYaml({ x: shared, y: shared });
  assert.not.match(text, /[&*]a\d/);
  assert.equal(parse(text), { x: { a: "b" }, y: { a: "b" } });
});

test("numbers, booleans and null keep their types for both readers", () => {
  const data = { n: 8080, z: 0, neg: -1, t: true, f: false, nil: null, mode: 256 };
  const text = toYaml(data);
  assert.equal(parse(text), data);
  assert.equal(pyyamlLoadAll([text])[0], [data]);
});

/**
 * What `toYaml` wrote before it built nodes itself and shared one lean schema: the library's own
 * `new Document(data)` with the same string style. The text must stay the same byte for byte.
 */
function libraryReference(data: unknown): string {
  return new Document(data, {
    version: "1.1",
    aliasDuplicateObjects: false,
    sortMapEntries: false,
    customTags: (tags) =>
      tags
        .filter((t) => !(typeof t === "object" && t.tag === "tag:yaml.org,2002:merge"))
        .map((t) =>
          typeof t === "object" && t.tag === "tag:yaml.org,2002:str"
            ? ({ ...t, stringify: (item: { value: unknown }) => yamlScalar(String(item.value)) } as typeof t)
            : t,
        ),
  }).toString({ lineWidth: 0, minContentWidth: 0, indentSeq: true });
}

test("hand-built nodes write the same text as the library's own node creation", () => {
  const scalar = fc.oneof(yamlString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(-0), fc.constant(2 ** 60));
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof({ depthSize: "small" }, scalar, tie("list"), tie("object")),
    list: fc.array(tie("tree"), { maxLength: 4 }),
    object: fc.dictionary(yamlString, fc.oneof(tie("tree"), fc.constant(undefined)), { maxKeys: 4 }),
  }));
  fc.assert(
    fc.property(tree, (data) => {
      assert.is(toYaml(data), libraryReference(data));
    }),
    { numRuns: RUNS },
  );
});

test("a document written section by section, entry by entry, is the text of the whole document", () => {
  const scalar = fc.oneof(yamlString, fc.integer(), fc.boolean(), fc.constant(null));
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof({ depthSize: "small" }, scalar, tie("list"), tie("object")),
    list: fc.array(tie("tree"), { maxLength: 3 }),
    object: fc.dictionary(yamlString, fc.oneof(tie("tree"), fc.constant(undefined)), { maxKeys: 3 }),
  }));
  const entries = fc.uniqueArray(fc.tuple(yamlString, fc.oneof(tree, fc.constant(undefined))), { selector: ([k]) => k, maxLength: 4 });
  const sections = fc.uniqueArray(fc.tuple(yamlString, entries), { selector: ([k]) => k, maxLength: 4 });
  const header = fc.array(fc.string({ maxLength: 10 }), { maxLength: 2 });
  fc.assert(
    fc.property(sections, header, (secs, head) => {
      const whole: Record<string, Record<string, unknown>> = Object.fromEntries(secs.map(([key, es]) => [key, Object.fromEntries(es)]));
      // In the object's own key order (integer-like keys first, as JS orders them); entries come
      // lazily, as compose's services do.
      const lazy = Object.keys(whole).map((key) => ({ key, entries: (function* () { yield* Object.entries(whole[key]!); })() }));
      assert.is(toYamlSections(lazy, head), toYaml(whole, head));
    }),
    { numRuns: RUNS },
  );
});

test("only plain data is written: Maps, Sets, Dates and class instances are refused", () => {
  for (const bad of [new Map([["a", 1]]), new Set([1]), new Date(0), new Uint8Array(1), new (class Point {})(), 1n])
    assert.throws(() => toYaml({ x: [bad] }), /plain data only/);
});

test.run();
