/**
 * The environment fingerprint: `sha256:` + hex SHA-256 of a canonical JSON document holding
 * exactly what defines a box's environment (docs/ir.md, "Fingerprint"). Commands, ports,
 * health, resources and targets are deliberately left out: they change how the box runs,
 * not what is installed in it.
 */
import { createHash } from "node:crypto";
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

export function fingerprint(b: EnvironmentFields): string {
  return `sha256:${createHash("sha256").update(canonicalJson(environmentDocument(b)), "utf8").digest("hex")}`;
}
