/**
 * The contract between the compiler and its targets. A target is a pure function of the IR:
 * it returns files as data and diagnostics (BOX4xxx) that point into the IR with JSON pointers.
 * Targets import only this module, the IR types, their own templates and libraries
 * (handlebars runtime, yaml) — never the grammar, AST, checker, fs or process.
 */
import type { Diagnostic } from "../../src/diagnostics/types.ts";
import type { ProjectIR, Target, TargetKind } from "../../src/ir/types.ts";

export type { Diagnostic } from "../../src/diagnostics/types.ts";
export { diag, hasErrors } from "../../src/diagnostics/make.ts";
export type * from "../../src/ir/types.ts";

export interface EmittedFile {
  /** Path under the output folder, forward slashes (`docker/api/Dockerfile`). */
  readonly path: string;
  /** Complete text: `\n` line ends, a trailing newline, starting with the generated header. */
  readonly content: string;
  /** The box the file belongs to, when it belongs to exactly one (incremental builds, manifest). */
  readonly box?: string;
}

export interface TargetOutput {
  readonly files: readonly EmittedFile[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Facts about the build that are not in the IR (optional; targets have defaults). */
export interface EmitContext {
  /**
   * The output folder relative to the project root, forward slashes ("out", "build/boxc").
   * Default "out". Artifacts that refer back to the project (compose build contexts) need it;
   * a folder outside the root (leading "..") is reported by the targets that need it.
   */
  readonly outDir?: string;
  /**
   * The project root seen from the output folder, forward slashes ("..", "../../examples/shop").
   * Needed when `outDir` leaves the root (then it cannot be inverted without the folder names).
   * Default: derived from `outDir`.
   */
  readonly rootFromOut?: string;
}

/** The project root seen from the output folder, or null when it cannot be known. */
export function rootFromOutput(context: EmitContext = {}): string | null {
  if (context.rootFromOut !== undefined) return context.rootFromOut === "" ? "." : context.rootFromOut;
  const parts = (context.outDir ?? "out").split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) return null;
  return parts.length ? parts.map(() => "..").join("/") : ".";
}

/**
 * A target's files, produced one box (or machine) at a time, so the CLI can write each file
 * before the next is rendered and never holds the whole output; the generator's return value
 * is the target's diagnostics.
 */
export type TargetStream = Generator<EmittedFile, readonly Diagnostic[], undefined>;

export interface TargetBackend<K extends TargetKind = TargetKind> {
  readonly kind: K;
  /** Every file at once (tests; `streamOf` falls back to it for a backend without `stream`). */
  emit(ir: ProjectIR, target: Extract<Target, { kind: K }>, context?: EmitContext): TargetOutput;
  /** The same files and diagnostics, box by box. Optional: a backend without it is streamed from `emit`. */
  stream?(ir: ProjectIR, target: Extract<Target, { kind: K }>, context?: EmitContext): TargetStream;
}

/** A backend from its streaming form; `emit` collects the stream. */
export function defineBackend<K extends TargetKind>(
  kind: K,
  stream: (ir: ProjectIR, target: Extract<Target, { kind: K }>, context: EmitContext) => TargetStream,
): Required<TargetBackend<K>> {
  return {
    kind,
    stream: (ir, target, context = {}) => stream(ir, target, context),
    emit: (ir, target, context = {}) => collectStream(stream(ir, target, context)),
  };
}

/** A backend's files as a stream (collected by `emit` when it has no `stream`). */
export function* streamOf<K extends TargetKind>(backend: TargetBackend<K>, ir: ProjectIR, target: Extract<Target, { kind: K }>, context: EmitContext = {}): TargetStream {
  if (backend.stream) return yield* backend.stream(ir, target, context);
  const out = backend.emit(ir, target, context);
  yield* out.files;
  return out.diagnostics;
}

/** Runs a stream to its end, keeping every file. */
function collectStream(stream: TargetStream): TargetOutput {
  const files: EmittedFile[] = [];
  for (;;) {
    const next = stream.next();
    if (next.done) return { files, diagnostics: next.value };
    files.push(next.value);
  }
}

// Built once per IR: targets look boxes up by name for every box, which must not cost O(boxes).
const indexes = new WeakMap<readonly unknown[], ReadonlyMap<string, number>>();

/** Box name → its index in `ir.boxes` (the first one, as `findIndex` would give). */
export function boxIndex(ir: ProjectIR): ReadonlyMap<string, number> {
  let m = indexes.get(ir.boxes);
  if (m === undefined) {
    const built = new Map<string, number>();
    ir.boxes.forEach((b, i) => {
      if (!built.has(b.name)) built.set(b.name, i);
    });
    indexes.set(ir.boxes, built);
    m = built;
  }
  return m;
}

/** The box named `name`, in O(1). */
export function boxByName(ir: ProjectIR, name: string): ProjectIR["boxes"][number] | undefined {
  const i = boxIndex(ir).get(name);
  return i === undefined ? undefined : ir.boxes[i];
}

/** JSON pointer to a box (or a field under it) for target diagnostics. */
export function boxPointer(ir: ProjectIR, box: string, ...rest: (string | number)[]): string {
  const i = boxIndex(ir).get(box) ?? -1;
  return ["", "boxes", i, ...rest].map(pointerSegment).join("/");
}

/**
 * The index of `target` in `ir.targets`; for a target object not taken from `ir` (tests build
 * their own), the first target of its kind; -1 when there is none.
 */
export function targetIndex(ir: ProjectIR, target: Target): number {
  const same = ir.targets.indexOf(target);
  return same >= 0 ? same : ir.targets.findIndex((t) => t.kind === target.kind);
}

/** JSON pointer to `target` (or into it), as `boxPointer` is to a box. */
export function targetPointer(ir: ProjectIR, target: Target, ...rest: (string | number)[]): string {
  return ["", "targets", targetIndex(ir, target), ...rest].map(pointerSegment).join("/");
}

/** RFC 6901 escaping of one segment; most segments need none (pointers are built for every check). */
function pointerSegment(p: string | number): string {
  const s = String(p);
  return s.includes("~") || s.includes("/") ? s.replace(/~/g, "~0").replace(/\//g, "~1") : s;
}
