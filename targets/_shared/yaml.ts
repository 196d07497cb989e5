/**
 * The one YAML serializer of every structured YAML artifact (compose, Kubernetes, cloud-init).
 * Built on the `yaml` library; only the string scalar style is ours, because the artifacts are
 * read by YAML 1.2 parsers (Go, `yaml`) *and* YAML 1.1 ones (PyYAML in cloud-init and
 * docker-compose v1), which disagree on plain scalars (`no`, `on`, `0777`, `1:20`,
 * `2001-01-01`, `<<`, `=`) and fold raw U+0085/U+2028/U+2029 inside quotes. So a string is
 * written plain only when it is a word both versions read as that same string, and otherwise
 * double-quoted with every character outside printable ASCII-safe ranges escaped.
 */
import { Document, Pair, Scalar, Schema, YAMLMap, YAMLSeq, type DocumentOptions, type Node, type SchemaOptions, type ToStringOptions } from "yaml";

/** Words some YAML version resolves to a bool, null or special float (compared lower-case). */
const SPECIAL_WORDS = new Set(["y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"]);
const SPECIAL_WORD_MAX = Math.max(...[...SPECIAL_WORDS].map((w) => w.length));
const PLAIN_SAFE = /^[A-Za-z][A-Za-z0-9_./-]*$/;

function isPlainSafe(s: string): boolean {
  // Every string value and key passes here: lower-case only the short ones that could be special words.
  return s.length <= 200 && PLAIN_SAFE.test(s) && (s.length > SPECIAL_WORD_MAX || !SPECIAL_WORDS.has(s.toLowerCase()));
}

/** A YAML double-quoted scalar whose content every conforming reader decodes to exactly `s`. */
export function yamlDoubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else if (c === 0x2028 || c === 0x2029 || c === 0xfeff || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff)
      out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

export function yamlScalar(s: string): string {
  return isPlainSafe(s) ? s : yamlDoubleQuoted(s);
}

/**
 * Tags that only JS values other than plain data can take (`Uint8Array`, `Map`, `Set`, `Date`)
 * and the merge key. Left out of the schema together with the `format` variants of int and
 * float (`0b…`, `0x…`, `1e3`, `1:20`), which the library picks only for a node that asks for
 * that format and `toNode` never does. Neither changes any output; both shorten the tag
 * lookup the library does for every scalar it writes.
 */
const UNUSED_TAGS: ReadonlySet<string> = new Set(
  ["merge", "binary", "omap", "pairs", "set", "timestamp"].map((t) => `tag:yaml.org,2002:${t}`),
);

/**
 * The YAML 1.1 schema with our string style. Built once per process and shared by every
 * document: a Schema is configuration the library only reads, and building it per document
 * (as `new Document(data, options)` does) cost more than serializing a small manifest.
 */
const SCHEMA = new Schema({
  schema: "yaml-1.1",
  resolveKnownTags: false,
  sortMapEntries: false,
  customTags: (tags) =>
    tags
      // `<<` must stay a plain string, never a merge key (UNUSED_TAGS drops it).
      .filter((t) => !(typeof t === "object" && (UNUSED_TAGS.has(t.tag) || t.format !== undefined)))
      .map((t) =>
        typeof t === "object" && t.tag === "tag:yaml.org,2002:str"
          ? ({ ...t, stringify: (item: { value: unknown }) => yamlScalar(String(item.value)) } as typeof t)
          : t,
      ),
});

const DOC_OPTIONS: DocumentOptions & SchemaOptions = { version: "1.1", schema: SCHEMA };

/**
 * `directives: false`: our documents carry no `%YAML`/`%TAG` lines; without it the library
 * walks every node of every document to look for tags that would need a `%TAG` line.
 */
const TO_STRING: ToStringOptions = { lineWidth: 0, minContentWidth: 0, indentSeq: true, directives: false };

/**
 * Plain data → the library's nodes. Does what `Document#createNode` does for plain data
 * (insertion order, `undefined` members left out, no tags on default types) without its
 * per-value tag search and anchor bookkeeping. An object used twice becomes two nodes, so it
 * is written twice: anchors and aliases (`&a1`/`*a1`) would make artifacts harder to read and
 * some consumers (kustomize patches, linters) treat them apart.
 */
function toNode(value: unknown): Node {
  if (value === null || value === undefined || typeof value !== "object") {
    if (typeof value === "bigint" || typeof value === "symbol" || typeof value === "function")
      throw new TypeError(`toYaml: plain data only, not a ${typeof value}`);
    return new Scalar(value);
  }
  if (Array.isArray(value)) {
    const seq = new YAMLSeq(SCHEMA);
    for (const item of value) seq.items.push(toNode(item));
    return seq;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const map = new YAMLMap(SCHEMA);
    const record = value as Record<string, unknown>;
    for (const k of Object.keys(record)) {
      const v = record[k];
      if (v !== undefined) map.items.push(new Pair(new Scalar(k), toNode(v)));
    }
    return map;
  }
  throw new TypeError(`toYaml: plain data only, not a ${value.constructor?.name ?? "object"}`);
}

/**
 * Serializes plain data (objects, arrays, strings, finite numbers, booleans, null) with
 * `# ` header lines on top. Key order is the object's insertion order: build objects in the
 * order the artifact should read.
 */
export function toYaml(data: unknown, headerLines: readonly string[] = []): string {
  return withHeader(headerLines, yamlBody(data));
}

/** `# ` comment lines on top of a YAML text (none for no lines). */
function withHeader(headerLines: readonly string[], body: string): string {
  const header = headerLines.map((l) => (l === "" ? "#" : `# ${l}`)).join("\n");
  return header ? `${header}\n${body}` : body;
}

/** Several documents in one stream (Kubernetes manifests), separated by `---`. */
export function toYamlStream(docs: readonly unknown[], headerLines: readonly string[] = []): string {
  return withHeader(headerLines, docs.map((d) => `---\n${yamlBody(d)}`).join(""));
}

/** A top-level key whose value is a mapping, given entry by entry (produced lazily if need be). */
export interface YamlSection {
  readonly key: string;
  readonly entries: Iterable<readonly [string, unknown]>;
}

/**
 * A document whose top-level values are all mappings (compose.yaml), written one entry at a
 * time: exactly the text `toYaml` writes for the whole object (a property test pins that), but
 * only one entry's data and nodes exist at any moment. For 10,000 services the whole
 * document's nodes took ~100 MB, and lived long enough to be promoted to the old heap.
 *
 * Why it is the same text: in block style a mapping is its entries' lines in order, each entry
 * indented by its depth alone; so `{key: {k: v}}` is the line `key:` and then exactly the
 * lines entry `k` has inside the whole document. Undefined entries are left out, as in `toYaml`.
 */
export function toYamlSections(sections: readonly YamlSection[], headerLines: readonly string[] = []): string {
  let body = "";
  for (const { key, entries } of sections) {
    let first = true;
    for (const [k, v] of entries) {
      if (v === undefined) continue;
      const text = yamlBody({ [key]: { [k]: v } });
      body += first ? text : text.slice(text.indexOf("\n") + 1);
      first = false;
    }
    if (first) body += yamlBody({ [key]: {} });
  }
  return withHeader(headerLines, sections.length === 0 ? yamlBody({}) : body);
}

/** One document's text, written by the `yaml` library. */
function yamlBody(data: unknown): string {
  const doc = new Document(null, DOC_OPTIONS);
  doc.contents = toNode(data);
  return doc.toString(TO_STRING);
}
