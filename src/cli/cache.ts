/**
 * The build cache: a no-op fast path for `boxc build` and `--check` when nothing changed.
 *
 * A successful `boxc build` (warnings allowed, no error) leaves `DIR/.boxc-cache.json` beside
 * the manifest (never listed in it, never pruned, outside the target folders). It holds:
 *  - a key: the boxc build identity and every option the output or the diagnostics depend on
 *    (entry files, root, output folder, targets, --allow/--deny);
 *  - every question the compiler asked its Host and the answer (file contents as sha256,
 *    stat/realpath/readDir results), recorded through src/host/recording.ts;
 *  - the output folder as lstat sees it after the build (cache-outputs.ts);
 *  - the build's diagnostics (warnings), replayed on a hit: their sources are inputs, unchanged.
 * The next build or `--check` with the same key replays every question and lstats every
 * output entry; when all answers are the same, a full build would compile the same IR, render
 * the same bytes, find them on disk and write nothing, so it prints what that build would and
 * stops. Any doubt (unreadable or corrupt record, a build in progress, an answer that differs)
 * falls back to the full build, which is always correct. A hit writes nothing at all.
 *
 * Bypass: `--no-cache` or BOXC_NO_CACHE=1 (neither reads nor writes the record).
 */
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync, type BigIntStats } from "node:fs";
import { join, relative, resolve } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import type { Diagnostic } from "../diagnostics/types.ts";
import { nodeHost } from "../host/node.ts";
import { decodeSource } from "../source/decode.ts";
import type { SourceFile } from "../source/span.ts";
import { digest, observe, recordingHost, sameAnswer, type Observation, type Op, type RecordingHost } from "../host/recording.ts";
import type { Host } from "../source/host.ts";
import { timed } from "../perf/timings.ts";
import type { BuildOptions, BuildOutcome } from "./build.ts";
import { dirLabelOf, exitCodeFor, resolveProject, type GlobalOptions, type Io, type Project, type Reporter } from "./context.ts";
import { LOCK_NAME } from "./lock.ts";
import { hasGeneratedMarker, MANIFEST_PATH, sha256 } from "./manifest.ts";
import { changedAt, lstatBig, outputsUnchanged, signature, walkOutputs, type OutputRecord } from "./cache-outputs.ts";
import { ScratchReader } from "./scratch-reader.ts";
import { SCANNED_ROOTS, zoneOf, type Zone } from "./plan.ts";
import type { Stamp } from "./write.ts";

const SHA256_PREFIX = "sha256:";

export const CACHE_NAME = ".boxc-cache.json";
/** Bumped whenever the record's layout or meaning changes. */
const RECORD_VERSION = 2;
const HEADER_TAG = "boxc build cache";

/** Defined by scripts/build.ts in the bundle: a hash of dist/cli.js itself. */
declare const __BOXC_BUILD_ID__: string | undefined;

export interface BuildCache {
  /** The Host the compiler reads through (recording when the cache is on). */
  readonly host: Host;
  /** What an unchanged build prints and returns, when the record proves nothing changed; else null. */
  replay(rep: Reporter): BuildOutcome | null;
  /** After a build wrote the folder, still under its lock: record it (best effort, never fails the build). */
  save(done: SavedBuild): void;
}

export interface SavedBuild {
  readonly project: Project;
  /** The absolute output folder. */
  readonly outAbs: string;
  /** `sha256:…` of what each managed path must hold (produced files and the manifest). */
  readonly produced: ReadonlyMap<string, string>;
  /** What each file the build wrote looked like when written (StagedWriter stamps). */
  readonly stamps: ReadonlyMap<string, Stamp>;
  /** Every diagnostic the build reported (replayed on a hit); a build with an error is not cached. */
  readonly diagnostics: readonly Diagnostic[];
  readonly watched: readonly string[];
}

const OFF: BuildCache = { host: nodeHost, replay: () => null, save: () => {} };

function cacheDisabled(io: Io, o: BuildOptions): boolean {
  return o.cache === false || (io.env.BOXC_NO_CACHE ?? "") === "1";
}

/** The cache for one `boxc build` run (inert when disabled or when the project cannot be found). */
export function openCache(io: Io, g: GlobalOptions, o: BuildOptions): BuildCache {
  if (cacheDisabled(io, o)) return OFF;
  const [project] = resolveProject(io, o.files, o.root);
  if (!project) return OFF;
  const outAbs = resolve(io.cwd, o.out);
  const key = cacheKey(io, g, o, project, outAbs);
  const host = recordingHost(nodeHost);
  return {
    host,
    replay: (rep) => timed("cache", () => replay(io, g, o, project, outAbs, key, rep)),
    save: (done) => {
      if (o.check) return;
      try {
        timed("cache", () => save(host, key, project, o.targets as readonly Zone[] | undefined, done));
      } catch {
        // The record is an optimisation: without it the next build is simply a full one.
      }
    },
  };
}

// ---- the key -------------------------------------------------------------------------------

function cacheKey(io: Io, g: GlobalOptions, o: BuildOptions, project: Project, outAbs: string): string {
  const material = {
    record: RECORD_VERSION,
    boxc: buildIdentity(),
    // Lets tests stand for another boxc build; it can only make keys differ, never match.
    testBuild: io.env.BOXC_TEST_BUILD_ID ?? null,
    platform: process.platform,
    entries: project.entries,
    root: project.root,
    out: outAbs,
    targets: o.targets ?? null,
    allow: [...new Set(g.allow)].sort(),
    deny: [...new Set(g.deny)].sort(),
  };
  return digest(Buffer.from(JSON.stringify(material)));
}

let sourceIdentity: string | undefined;

/**
 * Which boxc produced a record. The bundle carries a hash of its own code. Running from the
 * TypeScript sources (tests), it is a hash of every source file (and the lockfile, for the
 * dependencies), computed once per process.
 */
function buildIdentity(): string {
  if (typeof __BOXC_BUILD_ID__ === "string") return __BOXC_BUILD_ID__;
  if (sourceIdentity === undefined) {
    const root = join(import.meta.dirname, "../..");
    const h = [`version ${pkg.version}`];
    for (const top of ["src", "targets", "grammar"]) {
      const files = readdirSync(join(root, top), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name))
        .sort();
      for (const f of files) h.push(`${relative(root, f)} ${digest(readFileSync(f))}`);
    }
    h.push(`package-lock.json ${digest(readFileSync(join(root, "package-lock.json")))}`);
    sourceIdentity = `source:${digest(Buffer.from(h.join("\n")))}`;
  }
  return sourceIdentity;
}

// ---- the record file -------------------------------------------------------------------------

interface Body {
  /** Files an unchanged build reports (every managed file and the manifest). */
  readonly unchanged: number;
  readonly watched: readonly string[];
  readonly inputs: readonly Observation[];
  /** The output folder's inode and device: the same path must still name the same folder. */
  readonly dir: readonly [string, string];
  readonly outputs: OutputRecord;
  /** What the build printed (warnings only: a build with an error writes no record). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Two lines: a header (tag, version, key, sha256 of the body line) and the body. The checksum
 * makes a truncated or damaged record a miss, never a wrong hit.
 */
function serialize(key: string, body: Body): string {
  const bodyText = JSON.stringify(body);
  return `${JSON.stringify({ tag: HEADER_TAG, version: RECORD_VERSION, key, body: digest(bodyText) })}\n${bodyText}\n`;
}

function readRecord(outAbs: string, key: string): Body | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(outAbs, CACHE_NAME));
  } catch {
    return null;
  }
  const nl = bytes.indexOf(0x0a);
  if (nl < 0 || bytes.at(-1) !== 0x0a) return null;
  const header = JSON.parse(bytes.toString("utf8", 0, nl)) as Record<string, unknown>;
  if (header.tag !== HEADER_TAG || header.version !== RECORD_VERSION || header.key !== key) return null;
  const bodyBytes = bytes.subarray(nl + 1, bytes.length - 1);
  if (header.body !== digest(bodyBytes)) return null;
  const body = JSON.parse(bodyBytes.toString("utf8")) as Body;
  if (!Number.isInteger(body.unchanged) || !Array.isArray(body.watched) || !Array.isArray(body.diagnostics) || !Array.isArray(body.inputs) || typeof body.outputs !== "object" || !Array.isArray(body.dir)) return null;
  return body;
}

// ---- replay (the fast path) ----------------------------------------------------------------

const OPS: ReadonlySet<string> = new Set<Op>(["readFile", "stat", "realpath", "readDir"]);

function inputsUnchanged(inputs: readonly unknown[]): boolean {
  for (const o of inputs) {
    if (!Array.isArray(o) || o.length !== 3 || !OPS.has(o[0]) || typeof o[1] !== "string") throw new Error("malformed input entry");
    const [op, path, answer] = o as unknown as Observation;
    if (!sameAnswer(observe(nodeHost, op, path), answer)) return false;
  }
  return true;
}

function replay(io: Io, g: GlobalOptions, o: BuildOptions, project: Project, outAbs: string, key: string, rep: Reporter): BuildOutcome | null {
  try {
    const dirStat = lstatBig(outAbs);
    if (!dirStat?.isDirectory()) return null;
    // Another build holds the folder: let the full path wait for it.
    if (lstatBig(join(outAbs, LOCK_NAME)) !== undefined) return null;
    const body = timed("cache.read", () => readRecord(outAbs, key));
    if (body === null) return null;
    if (body.dir[0] !== String(dirStat.ino) || body.dir[1] !== String(dirStat.dev)) return null;
    if (!timed("cache.inputs", () => inputsUnchanged(body.inputs))) return null;
    if (!timed("cache.outputs", () => outputsUnchanged(outAbs, body.outputs))) return null;
    // A hit: print exactly what the full build prints over an up-to-date folder.
    const diagnostics = body.diagnostics;
    rep.report(diagnostics, sourcesOf(project, diagnostics), project.displayPath);
    const label = dirLabelOf(io, o.out, outAbs);
    const n = body.unchanged;
    const summary = o.check ? "up to date" : `0 written, ${n} unchanged, 0 removed`;
    const status = o.check ? `${label} is up to date (${n} files)` : o.status !== false ? `${label}: ${summary}` : undefined;
    if (status !== undefined && !g.quiet && g.format === "text") io.stderr(`${status}\n`);
    return { code: exitCodeFor(diagnostics), watched: body.watched.map(String), summary };
  } catch {
    return null; // a corrupt record, a folder that vanished meanwhile: build for real
  }
}

/** The files the diagnostics point at, for their code frames (inputs the replay proved unchanged). */
function sourcesOf(project: Project, ds: readonly Diagnostic[]): Map<string, SourceFile> {
  const files = new Set<string>();
  for (const d of ds) {
    if (d.span) files.add(d.span.file);
    for (const r of d.related) if (r.span) files.add(r.span.file);
  }
  const sources = new Map<string, SourceFile>();
  for (const f of files) {
    const bytes = nodeHost.readFile(resolve(project.root, f));
    const file = bytes === undefined ? null : decodeSource(f, bytes)[0];
    if (file) sources.set(f, file);
  }
  return sources;
}

// ---- save (after a full build) -----------------------------------------------------------

/** The top-level names of the folder a build with these targets manages, and the manifest. */
function managedTops(only: readonly Zone[] | undefined, produced: Iterable<string>): string[] {
  const tops = new Set<string>([MANIFEST_PATH]);
  for (const r of SCANNED_ROOTS) if (only === undefined || only.includes(zoneOf(r)!)) tops.add(r);
  for (const p of produced) tops.add(p.split("/")[0]!);
  return [...tops];
}

/**
 * True when a file this build wrote provably still holds the bytes it wrote, without reading
 * them: same inode, size and mtime as when its bytes were complete, and a ctime (set by the
 * rename into place) in a later clock tick than that mtime. A later write would have moved the
 * mtime, except one within the tick of boxc's own last write; and in that tick the file was
 * still the hidden temporary beside its destination (named after this process, in a folder
 * this process holds the lock of), since the rename came in a later tick. Anything else —
 * a rename in the same tick, a filesystem without nanosecond times that makes them equal —
 * falls back to reading the file.
 */
export function stillAsWritten(stamp: Stamp | undefined, st: BigIntStats): boolean {
  return stamp !== undefined && st.ino === stamp.ino && st.size === stamp.size && st.mtimeNs === stamp.mtimeNs && st.ctimeNs > stamp.mtimeNs;
}

function save(host: RecordingHost, key: string, keyed: Project, only: readonly Zone[] | undefined, done: SavedBuild): void {
  const { outAbs, produced, project, stamps } = done;
  if (done.diagnostics.some((d) => d.severity === "error")) return;
  const inputs = host.observations();
  if (inputs === null) return;
  // The build must have compiled the project the key names (the folder's .box files, which
  // decide the default entries, may have changed in between).
  if (project.root !== keyed.root || project.entries.join("\0") !== keyed.entries.join("\0")) return;

  // Anything changed at or after the lock was taken was written by this build (or by someone
  // else meanwhile): its bytes are checked below. Older entries are what the plan read.
  const lock = lstatBig(join(outAbs, LOCK_NAME));
  const dirStat = lstatBig(outAbs);
  if (lock === undefined || dirStat === undefined) return;
  const lockedAt = lock.ctimeNs;

  const intended = new Set<string>(produced.keys());

  const tmp = join(outAbs, `${CACHE_NAME}.tmp-${process.pid}`);
  const fd = openSync(tmp, "w", 0o644);
  let renamed = false;
  try {
    // The clock reading every recorded time is compared with (see "racy" in cache-outputs.ts).
    const recordedAt = fstatSync(fd, { bigint: true }).ctimeNs;
    if (recordedAt < lockedAt) return; // a clock that went back: trust no time
    const paths: string[] = [];
    const sigs: string[] = [];
    const checks: Record<string, string | readonly string[]> = {};
    let files = 0;
    const reader = new ScratchReader();
    for (const e of walkOutputs(outAbs, managedTops(only, produced.keys()))) {
      const st = e.stats;
      const isIntended = intended.has(e.path);
      if (isIntended && e.kind !== "f") return; // a produced file is not there: never cache that
      const at = st === undefined ? 0n : changedAt(st);
      if (e.kind === "f") {
        if (isIntended) files++;
        if (at >= lockedAt) {
          const abs = join(outAbs, e.path);
          if (isIntended) {
            const want = produced.get(e.path);
            if (want === undefined) return;
            // Reading back ~20 MB at 1,000 boxes cost more than the rest of the record.
            if (!stillAsWritten(stamps.get(e.path), st!) && sha256(reader.read(abs)) !== want) return;
            if (at >= recordedAt) checks[paths.length] = want.slice(SHA256_PREFIX.length);
          } else {
            const bytes = reader.read(abs);
            if (hasGeneratedMarker(bytes)) return; // a generated file appeared meanwhile: the plan never saw it
            if (at >= recordedAt) checks[paths.length] = digest(bytes);
          }
        }
      } else if (e.kind === "d") {
        if (at >= recordedAt) checks[paths.length] = e.names!;
      } else if (e.kind !== "-" && at >= lockedAt) {
        return; // a symlink or special file created during the build: the plan did not judge it
      }
      paths.push(e.path);
      sigs.push(signature(st));
    }
    if (files !== intended.size) return;
    const body: Body = {
      unchanged: files,
      watched: done.watched,
      inputs,
      dir: [String(dirStat.ino), String(dirStat.dev)],
      outputs: { paths, sigs, checks },
      diagnostics: done.diagnostics,
    };
    const text = Buffer.from(serialize(key, body));
    let off = 0;
    while (off < text.length) off += writeSync(fd, text, off);
    closeSync(fd);
    renameSync(tmp, join(outAbs, CACHE_NAME));
    renamed = true;
  } finally {
    if (!renamed) {
      try {
        closeSync(fd);
      } catch {
        // closed already
      }
      try {
        unlinkSync(tmp);
      } catch {
        // never written
      }
    }
  }
}
