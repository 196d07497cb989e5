/**
 * The one YAML serializer of every structured YAML artifact (compose, Kubernetes, cloud-init).
 * Built on the `yaml` library; only the string scalar style is ours, because the artifacts are
 * read by YAML 1.2 parsers (Go, `yaml`) *and* YAML 1.1 ones (PyYAML in cloud-init and
 * docker-compose v1), which disagree on plain scalars (`no`, `on`, `0777`, `1:20`,
 * `2001-01-01`, `<<`, `=`) and fold raw U+0085/U+2028/U+2029 inside quotes. So a string is
 * written plain only when it is a word both versions read as that same string, and otherwise
 * double-quoted with every character outside printable ASCII-safe ranges escaped.
 */
import { Document, type CreateNodeOptions, type DocumentOptions, type SchemaOptions, type ToStringOptions } from "yaml";

/** Words some YAML version resolves to a bool, null or special float (compared lower-case). */
const SPECIAL_WORDS = new Set(["y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"]);
const PLAIN_SAFE = /^[A-Za-z][A-Za-z0-9_./-]*$/;

function isPlainSafe(s: string): boolean {
  return s.length <= 200 && PLAIN_SAFE.test(s) && !SPECIAL_WORDS.has(s.toLowerCase());
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

const DOC_OPTIONS: DocumentOptions & SchemaOptions & CreateNodeOptions = {
  version: "1.1",
  // An object used twice is written twice: anchors and aliases (`&a1`/`*a1`) would make
  // artifacts harder to read and some consumers (kustomize patches, linters) treat them apart.
  aliasDuplicateObjects: false,
  sortMapEntries: false,
  customTags: (tags) =>
    tags
      // `<<` must stay a plain string, never a merge key.
      .filter((t) => !(typeof t === "object" && t.tag === "tag:yaml.org,2002:merge"))
      .map((t) =>
        typeof t === "object" && t.tag === "tag:yaml.org,2002:str"
          ? ({ ...t, stringify: (item: { value: unknown }) => yamlScalar(String(item.value)) } as typeof t)
          : t,
      ),
};

const TO_STRING: ToStringOptions = { lineWidth: 0, minContentWidth: 0, indentSeq: true };

/**
 * Serializes plain data (objects, arrays, strings, finite numbers, booleans, null) with
 * `# ` header lines on top. Key order is the object's insertion order: build objects in the
 * order the artifact should read.
 */
export function toYaml(data: unknown, headerLines: readonly string[] = []): string {
  const body = yamlBody(data);
  const header = headerLines.map((l) => (l === "" ? "#" : `# ${l}`)).join("\n");
  return header ? `${header}\n${body}` : body;
}

/** Several documents in one stream (Kubernetes manifests), separated by `---`. */
export function toYamlStream(docs: readonly unknown[], headerLines: readonly string[] = []): string {
  const header = headerLines.map((l) => (l === "" ? "#" : `# ${l}`)).join("\n");
  const bodies = docs.map(yamlBody);
  return `${header ? `${header}\n` : ""}${bodies.map((b) => `---\n${b}`).join("")}`;
}

/** One document's text, written by the `yaml` library. */
function yamlBody(data: unknown): string {
  return new Document(data, DOC_OPTIONS).toString(TO_STRING);
}
