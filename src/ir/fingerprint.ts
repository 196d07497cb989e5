/**
 * The environment fingerprint: `sha256:` + hex SHA-256 of a canonical JSON document holding
 * exactly what defines a box's environment (docs/ir.md, "Fingerprint"). Commands, ports,
 * health, resources and targets are deliberately left out: they change how the box runs,
 * not what is installed in it.
 */
import { hash } from "node:crypto";
import type { Box } from "./types.ts";

export type EnvironmentFields = Pick<Box, "os" | "image" | "python" | "pip" | "apt" | "env" | "user" | "workdir" | "files">;

/** The document that is hashed (also shown by docs and tests). */
export function environmentDocument(b: EnvironmentFields): unknown {
  return {
    fingerprintVersion: 1,
    os: b.os?.id ?? null,
    image: b.image?.ref ?? null,
    python: b.python?.version ?? null,
    pip: {
      index: b.pip.indexUrl,
      extraIndexes: b.pip.extraIndexUrls,
      requirements: b.pip.requirements.map((r) => ({ line: r.line, hashes: r.hashes })),
    },
    apt: b.apt.map((a) => ({ name: a.name, version: a.version })),
    env: b.env.map((e) => ({ name: e.name, value: e.value })),
    user: b.user === null ? null : { name: b.user.name, uid: b.user.uid, gid: b.user.gid },
    workdir: b.workdir,
    files: b.files.map((f) => ({ source: f.source, kind: f.sourceKind, dest: f.dest })),
  };
}

/**
 * JSON with object keys sorted by UTF-16 code units, no whitespace, arrays in their order
 * (the IR already sorts them), strings escaped as JSON.stringify does.
 */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(",")}}`;
}

const str = JSON.stringify;
const strings = (xs: readonly string[]): string => `[${xs.map((x) => str(x)).join(",")}]`;

/**
 * `canonicalJson(environmentDocument(b))`, written directly with the keys already in sorted
 * order: the generic walk sorts every object's keys again for every box, which shows up in
 * large projects. A test holds the two equal.
 */
export function environmentJson(b: EnvironmentFields): string {
  const reqs = b.pip.requirements.map((r) => `{"hashes":${strings(r.hashes)},"line":${str(r.line)}}`).join(",");
  const apt = b.apt.map((a) => `{"name":${str(a.name)},"version":${str(a.version)}}`).join(",");
  const env = b.env.map((e) => `{"name":${str(e.name)},"value":${str(e.value)}}`).join(",");
  const files = b.files.map((f) => `{"dest":${str(f.dest)},"kind":${str(f.sourceKind)},"source":${str(f.source)}}`).join(",");
  const user = b.user === null ? "null" : `{"gid":${str(b.user.gid)},"name":${str(b.user.name)},"uid":${str(b.user.uid)}}`;
  return (
    `{"apt":[${apt}],"env":[${env}],"files":[${files}],"fingerprintVersion":1,` +
    `"image":${str(b.image?.ref ?? null)},"os":${str(b.os?.id ?? null)},` +
    `"pip":{"extraIndexes":${strings(b.pip.extraIndexUrls)},"index":${str(b.pip.indexUrl)},"requirements":[${reqs}]},` +
    `"python":${str(b.python?.version ?? null)},"user":${user},"workdir":${str(b.workdir)}}`
  );
}

export function fingerprint(b: EnvironmentFields): string {
  // The one-shot `hash` (UTF-8 input, hex output) skips a Hash object per box.
  return `sha256:${hash("sha256", environmentJson(b), "hex")}`;
}
