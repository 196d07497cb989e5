/**
 * The library API (re-exported by src/index.ts). Pure: reads only through the given Host,
 * never writes, never exits the process.
 *   compile = load → check → lower → co-location conflicts → schema validation
 *   emit    = IR → every target's files, target diagnostics mapped back to the source
 *   emitEach = emit, handing each file over as it is produced (the CLI writes box by box)
 */
import { loadProject } from "./check/load.ts";
import { memoizeQueries } from "./check/memo-host.ts";
import { checkProject } from "./check/check.ts";
import { checkVmColocation } from "./check/rules/vm-colocation.ts";
import { appendAll, capDiagnostics } from "./check/limits.ts";
import { diag, hasErrors } from "./diagnostics/make.ts";
import { sortDiagnostics } from "./diagnostics/render.ts";
import type { Diagnostic } from "./diagnostics/types.ts";
import type { ProjectIR, TargetKind } from "./ir/types.ts";
import { validateIR } from "./ir/validate.ts";
import { lowerProject } from "./lower/lower.ts";
import { timed } from "./perf/timings.ts";
import type { Host } from "./source/host.ts";
import type { SourceFile, Span } from "./source/span.ts";
import { streamOf, type EmitContext, type EmittedFile, type TargetBackend } from "../targets/_shared/api.ts";
import { BACKENDS } from "../targets/registry.ts";

export interface CompileOptions {
  /** Absolute paths of the entry `.box` files. */
  readonly entries: readonly string[];
  /** Absolute project root: imports and copy sources must stay inside it. */
  readonly root: string;
  readonly host: Host;
}

/** IR location (JSON pointer, e.g. `/boxes/0/env/2`) → the source span it came from. */
export type Origins = ReadonlyMap<string, Span>;

export interface CompileResult {
  /** null when any error was found. */
  readonly ir: ProjectIR | null;
  readonly diagnostics: readonly Diagnostic[];
  /** Every file read, by project-relative path (for rendering code frames). */
  readonly sources: ReadonlyMap<string, SourceFile>;
  readonly origins: Origins;
}

export interface EmitOptions {
  /** Only these target kinds (default: every target of the IR). */
  readonly only?: readonly TargetKind[];
  readonly origins?: Origins;
  /**
   * The output folder relative to the project root, forward slashes (default "out").
   * Artifacts that point back at the project (compose build contexts, Packer's project_dir)
   * depend on it; it never depends on the working directory.
   */
  readonly outDir?: string;
  /** The project root seen from the output folder (see EmitContext.rootFromOut). */
  readonly rootFromOut?: string;
}

export interface EmitResult {
  /** Sorted by path. Empty when any error was found. */
  readonly files: readonly EmittedFile[];
  readonly diagnostics: readonly Diagnostic[];
}

function errorDetail(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

export function compile(options: CompileOptions): CompileResult {
  const ds: Diagnostic[] = [];
  let sources: ReadonlyMap<string, SourceFile> = new Map();
  let origins: Origins = new Map();
  let ir: ProjectIR | null = null;
  // Imports and copy sources ask the file system the same questions many times over.
  const host = memoizeQueries(options.host);
  try {
    const front = frontEnd(options, host, ds, (loaded) => (sources = loaded));
    if (front !== null) {
      const [lowered, lowerOrigins] = front;
      origins = lowerOrigins;
      if (!hasErrors(ds)) {
        ds.push(...timed("check", () => checkVmColocation(lowered, lowerOrigins)));
        if (!hasErrors(ds)) {
          ds.push(...timed("validate", () => validateIR(lowered)));
          if (!hasErrors(ds)) ir = lowered;
        }
      }
    }
  } catch (e) {
    ds.push(diag("BOX9001", { detail: errorDetail(e) }));
    ir = null;
  }
  return { ir, diagnostics: capDiagnostics(uniqueSorted(dropFollowUps(ds))), sources, origins };
}

/**
 * Load, check and lower, adding their diagnostics to `ds` and handing over the sources as soon
 * as they are read (for code frames, even if a later step fails); null after load errors. A
 * function of its own so that the ASTs and the merged boxes are garbage once it returns
 * (closures in one function body share one context, which would keep them alive): at 10,000
 * boxes, a full collection after it finds 42 MB live instead of 126.
 */
function frontEnd(options: CompileOptions, host: Host, ds: Diagnostic[], loaded: (sources: ReadonlyMap<string, SourceFile>) => void): readonly [ProjectIR, Origins] | null {
  const [project, loadDiags] = timed("load", () => loadProject(options.entries, options.root, host));
  appendAll(ds, loadDiags);
  loaded(project.sources);
  if (hasErrors(ds)) return null;
  const [checked, checkDiags] = timed("check", () => checkProject(project));
  appendAll(ds, checkDiags);
  const [lowered, lowerOrigins, lowerDiags] = timed("lower", () =>
    lowerProject({
      project,
      symbols: checked.symbols,
      merged: checked.merged,
      env: { root: project.root, host },
    }),
  );
  appendAll(ds, lowerDiags);
  return [lowered, lowerOrigins];
}

/** Codes after which nothing else is said about the same span: the value is not a value at all. */
const ROOT_CAUSES: ReadonlySet<string> = new Set(["BOX2009", "BOX2010"]);

function dropFollowUps(ds: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => (d.span ? `${d.span.file}\u0000${d.span.start}\u0000${d.span.end}` : "");
  const causes = new Set(ds.filter((d) => ROOT_CAUSES.has(d.code)).map(key));
  return ds.filter((d) => ROOT_CAUSES.has(d.code) || !causes.has(key(d)));
}

export function emit(ir: ProjectIR, options: EmitOptions = {}): EmitResult {
  return emitWith(BACKENDS, ir, options);
}

export type Backends = { readonly [K in TargetKind]?: TargetBackend<K> };

/** `emit` with the backends given (tests pass their own). */
export function emitWith(backends: Backends, ir: ProjectIR, options: EmitOptions = {}): EmitResult {
  const files: EmittedFile[] = [];
  const diagnostics = emitEachWith(backends, ir, options, (f) => files.push(f));
  const sorted = files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: hasErrors(diagnostics) ? [] : sorted, diagnostics };
}

/**
 * `emit`, streaming: hands every file to `onFile` as soon as its target produced it (target by
 * target, box by box, not sorted) and keeps none, so a caller that writes each file right away
 * never holds the whole output. Returns the diagnostics, as `emit` does. Files already handed
 * over are not taken back: when the diagnostics hold an error, the caller must discard them all.
 */
export function emitEach(ir: ProjectIR, options: EmitOptions, onFile: (file: EmittedFile) => void): readonly Diagnostic[] {
  return emitEachWith(BACKENDS, ir, options, onFile);
}

/** `emitEach` with the backends given. */
export function emitEachWith(backends: Backends, ir: ProjectIR, options: EmitOptions, onFile: (file: EmittedFile) => void): readonly Diagnostic[] {
  const ds: Diagnostic[] = [];
  const collisions = new PathCollisions();
  const origins = options.origins ?? new Map<string, Span>();
  const context: EmitContext = {
    ...(options.outDir !== undefined ? { outDir: options.outDir } : {}),
    ...(options.rootFromOut !== undefined ? { rootFromOut: options.rootFromOut } : {}),
  };
  for (const target of ir.targets) {
    if (options.only && !options.only.includes(target.kind)) continue;
    const backend = backends[target.kind] as TargetBackend | undefined;
    if (!backend) continue;
    const stream = streamOf(backend, ir, target, context);
    for (;;) {
      let next: IteratorResult<EmittedFile, readonly Diagnostic[]>;
      try {
        next = stream.next();
      } catch (e) {
        ds.push(diag("BOX9001", { detail: `target \`${target.kind}\` failed: ${errorDetail(e)}` }));
        break;
      }
      if (next.done) {
        appendAll(ds, next.value.map((d) => locate(d, origins)));
        break;
      }
      collisions.add(next.value.path);
      // Outside the try: a failure of the consumer (the writer) is not the target's.
      onFile(next.value);
    }
  }
  ds.push(...collisions.diagnostics);
  return capDiagnostics(uniqueSorted(ds));
}

/** Gives a target diagnostic the span of the longest origins pointer that prefixes its `at`. */
export function locate(d: Diagnostic, origins: Origins): Diagnostic {
  if (d.span || d.at === undefined) return d;
  let ptr = d.at;
  for (;;) {
    const span = origins.get(ptr);
    if (span) return { ...d, span };
    if (ptr === "") return d;
    ptr = ptr.slice(0, Math.max(0, ptr.lastIndexOf("/")));
  }
}

/**
 * Two outputs for one path, or paths equal after case folding / NFC, would overwrite each other.
 * Fed path by path, so streaming keeps only the paths.
 */
class PathCollisions {
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Map<string, string>();

  add(path: string): void {
    const key = path.normalize("NFC").toLowerCase();
    const prev = this.seen.get(key);
    if (prev !== undefined) this.diagnostics.push(diag("BOX2045", { path: prev === path ? path : `${prev}\` and \`${path}` }));
    else this.seen.set(key, path);
  }
}

/** Sorted by file, offset, code; one copy of each (template bodies are checked once per use). */
/** Drops repeats (the same code, place and message), then sorts as the renderers do. */
function uniqueSorted(ds: readonly Diagnostic[]): Diagnostic[] {
  const unique = new Map<string, Diagnostic>();
  for (const d of ds) {
    const key = JSON.stringify([d.code, d.span?.file, d.span?.start, d.span?.end, d.message, d.at]);
    if (!unique.has(key)) unique.set(key, d);
  }
  return sortDiagnostics([...unique.values()]);
}
