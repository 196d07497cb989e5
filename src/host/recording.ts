/**
 * A Host that remembers every question the compiler asked and the answer it got, so that a
 * later run can tell whether the compiler would see exactly the same world again (the build
 * cache, src/cli/cache.ts). File contents are kept as sha256 digests, not bytes.
 */
import { hash } from "node:crypto";
import type { Host } from "../source/host.ts";

/** One question and its answer; `null` stands for the Host's `undefined` (missing). */
export type Observation =
  | readonly ["readFile", string, string | null]
  | readonly ["stat", string, "file" | "dir" | null]
  | readonly ["realpath", string, string | null]
  | readonly ["readDir", string, readonly string[] | null];

export type Op = Observation[0];

export interface RecordingHost extends Host {
  /**
   * Everything observed, in first-asked order; null when the same question got two different
   * answers during the run (a file changed while it was compiled: nothing can be trusted).
   */
  observations(): Observation[] | null;
}

/** sha256 of `bytes`, hex. One-shot: no Hash object per file (a build hashes every output file). */
export const digest = (bytes: Uint8Array | string): string => hash("sha256", bytes, "hex");

/** The answer `host` gives now to the question of `o`, in the recorded form. */
export function observe(host: Host, op: Op, path: string): Observation[2] {
  switch (op) {
    case "readFile": {
      const bytes = host.readFile(path);
      return bytes === undefined ? null : digest(bytes);
    }
    case "stat":
      return host.stat(path) ?? null;
    case "realpath":
      return host.realpath(path) ?? null;
    case "readDir":
      return host.readDir(path) ?? null;
  }
}

export const sameAnswer = (a: Observation[2], b: Observation[2]): boolean =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b;

export function recordingHost(inner: Host): RecordingHost {
  const seen = new Map<string, Observation>();
  let inconsistent = false;
  const note = (op: Op, path: string, answer: Observation[2]) => {
    const k = `${op}\0${path}`;
    const prev = seen.get(k);
    if (prev === undefined) seen.set(k, [op, path, answer] as Observation);
    else if (!sameAnswer(prev[2], answer)) inconsistent = true;
  };
  return {
    readFile(path) {
      const bytes = inner.readFile(path);
      note("readFile", path, bytes === undefined ? null : digest(bytes));
      return bytes;
    },
    stat(path) {
      const kind = inner.stat(path);
      note("stat", path, kind ?? null);
      return kind;
    },
    realpath(path) {
      const real = inner.realpath(path);
      note("realpath", path, real ?? null);
      return real;
    },
    readDir(path) {
      const names = inner.readDir(path);
      // A copy, so a caller sorting or editing its array cannot change what was recorded.
      note("readDir", path, names === undefined ? null : [...names]);
      return names;
    },
    observations: () => (inconsistent ? null : [...seen.values()]),
  };
}
