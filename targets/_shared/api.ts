/**
 * The contract between the compiler and its targets. A target is a pure function of the IR:
 * it returns files as data and diagnostics (BOX4xxx) that point into the IR with JSON pointers.
 * Targets import only this module, the IR types, their own templates and libraries
 * (handlebars runtime, yaml) — never the grammar, AST, checker, fs or process.
 */
import type { Diagnostic } from "../../src/diagnostics/types.ts";
import type { ProjectIR, Target, TargetKind } from "../../src/ir/types.ts";

export type { Diagnostic } from "../../src/diagnostics/types.ts";
export { diag } from "../../src/diagnostics/make.ts";
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

export interface TargetBackend<K extends TargetKind = TargetKind> {
  readonly kind: K;
  emit(ir: ProjectIR, target: Extract<Target, { kind: K }>): TargetOutput;
}

/** JSON pointer to a box (or a field under it) for target diagnostics. */
export function boxPointer(ir: ProjectIR, box: string, ...rest: (string | number)[]): string {
  const i = ir.boxes.findIndex((b) => b.name === box);
  return ["", "boxes", i, ...rest].map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
}
