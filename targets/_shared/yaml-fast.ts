/**
 * A direct block-YAML writer for the plain data our artifacts are made of, producing the
 * same bytes as the `yaml` library with the options of yaml.ts (block style, indent 2,
 * `indentSeq`, no line folding, insertion order). It exists for speed: building a `yaml`
 * Document per manifest costs more than rendering a whole box, and a project of 10,000
 * boxes writes 10,000 Kubernetes files and one compose file listing every box.
 *
 * It covers only what it is sure of and returns null for anything else (null, floats,
 * `undefined`, Maps, class instances, very long keys, non-collection documents), so
 * yaml.ts falls back to the library. test/targets/yaml-fast.test.ts checks byte equality
 * with the library on generated data.
 */

/** How a string scalar is written (yaml.ts's `yamlScalar`: plain or double-quoted, one line). */
export type ScalarWriter = (s: string) => string;

class Unsupported extends Error {}

// Longer implicit keys are written as `? key` by the library (YAML allows 1024 characters).
const MAX_KEY = 1000;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function scalar(v: unknown, str: ScalarWriter): string | undefined {
  if (typeof v === "string") return str(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v) || Object.is(v, -0)) throw new Unsupported();
    return String(v);
  }
  if (Array.isArray(v) || isPlainObject(v)) return undefined;
  throw new Unsupported();
}

function isEmpty(v: unknown[] | Record<string, unknown>): boolean {
  if (Array.isArray(v)) return v.length === 0;
  for (const _ in v) return false;
  return true;
}

function emptyText(v: unknown[] | Record<string, unknown>): string {
  return Array.isArray(v) ? "[]" : "{}";
}

/** Appends the lines of a non-empty collection, each starting with `indent` spaces. */
function collection(v: unknown[] | Record<string, unknown>, indent: number, str: ScalarWriter, out: string[]): void {
  const pad = " ".repeat(indent);
  if (Array.isArray(v)) {
    for (const item of v) {
      const s = scalar(item, str);
      if (s !== undefined) {
        out.push(`${pad}- ${s}`);
        continue;
      }
      const c = item as unknown[] | Record<string, unknown>;
      if (isEmpty(c)) {
        out.push(`${pad}- ${emptyText(c)}`);
        continue;
      }
      // The item's first line shares the dash's line: `- key: value`, `- - item`.
      const start = out.length;
      collection(c, indent + 2, str, out);
      out[start] = `${pad}- ${out[start]!.slice(indent + 2)}`;
    }
    return;
  }
  for (const key of Object.keys(v)) {
    if (key.length > MAX_KEY) throw new Unsupported();
    const value = v[key];
    if (value === undefined) throw new Unsupported();
    const k = str(key);
    const s = scalar(value, str);
    if (s !== undefined) {
      out.push(`${pad}${k}: ${s}`);
      continue;
    }
    const c = value as unknown[] | Record<string, unknown>;
    if (isEmpty(c)) {
      out.push(`${pad}${k}: ${emptyText(c)}`);
      continue;
    }
    out.push(`${pad}${k}:`);
    collection(c, indent + 2, str, out);
  }
}

/** The document body (ending in a newline), or null when the data is outside the covered subset. */
export function fastYamlBody(data: unknown, str: ScalarWriter): string | null {
  if (!Array.isArray(data) && !isPlainObject(data)) return null;
  if (isEmpty(data)) return `${emptyText(data)}\n`;
  const out: string[] = [];
  try {
    collection(data, 0, str, out);
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
  out.push("");
  return out.join("\n");
}
