/**
 * `boxc-manifest.json`: what the last build wrote into the output folder. It lets the next
 * build and `--check` tell generated files (safe to replace or prune) from the user's, and
 * hand-edited generated files from stale ones. Deterministic: sorted keys, no timestamps,
 * no tool version (so upgrading boxc alone does not make every output drift).
 */
import { digest } from "../host/recording.ts";
import { GENERATED_MARKER } from "../../targets/_shared/header.ts";

export const MANIFEST_PATH = "boxc-manifest.json";
export const MANIFEST_VERSION = 1;

export interface Manifest {
  readonly irVersion: string;
  /** Box name → environment fingerprint. */
  readonly boxes: ReadonlyMap<string, string>;
  /** Output-relative path → `sha256:<hex>` of the bytes boxc wrote. */
  readonly files: ReadonlyMap<string, string>;
}

/** `sha256:<hex>`, the form the manifest and the plan keep. */
export function sha256(bytes: Uint8Array | string): string {
  return `sha256:${digest(bytes)}`;
}

const byKey = <V>(m: ReadonlyMap<string, V>) =>
  Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export function serializeManifest(m: Manifest): string {
  const doc = {
    // First key, so the file carries the generated marker in its first lines like every artifact.
    generatedBy: `${GENERATED_MARKER}. Do not edit: it records what boxc wrote here.`,
    manifestVersion: MANIFEST_VERSION,
    irVersion: m.irVersion,
    boxes: byKey(m.boxes),
    files: byKey(m.files),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The manifest in a file's text, or null when the text is not a boxc manifest. */
export function parseManifest(text: string): Manifest | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof doc !== "object" || doc === null) return null;
  const o = doc as Record<string, unknown>;
  if (typeof o.generatedBy !== "string" || !o.generatedBy.includes(GENERATED_MARKER)) return null;
  if (o.manifestVersion !== MANIFEST_VERSION || typeof o.irVersion !== "string") return null;
  const strMap = (v: unknown, valid: (s: string) => boolean): Map<string, string> | null => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return null;
    const out = new Map<string, string>();
    for (const [k, x] of Object.entries(v)) {
      if (typeof x !== "string" || !valid(x)) return null;
      out.set(k, x);
    }
    return out;
  };
  const boxes = strMap(o.boxes, () => true);
  const files = strMap(o.files, (x) => /^sha256:[0-9a-f]{64}$/.test(x));
  if (!boxes || !files) return null;
  for (const p of files.keys()) if (!isSafeRelativePath(p)) return null;
  return { irVersion: o.irVersion, boxes, files };
}

/** A forward-slash path that stays inside the folder it is relative to. */
export function isSafeRelativePath(p: string): boolean {
  return !p.includes("\\") && !p.includes("\0") && !EMPTY_OR_DOT_SEGMENT.test(p);
}

/** A segment that is empty (also a leading or trailing `/`, or the empty path), `.` or `..`. */
const EMPTY_OR_DOT_SEGMENT = /(?:^|\/)\.{0,2}(?:\/|$)/;

/** True when a file's first five lines carry the generated marker. */
export function hasGeneratedMarker(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 2048)).toString("utf8");
  return head.split("\n").slice(0, 5).some((l) => l.includes(GENERATED_MARKER));
}
