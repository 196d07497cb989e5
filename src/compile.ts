/**
 * The library API (re-exported by src/index.ts). Pure: reads only through the given Host,
 * never writes, never exits the process. CONTRACT between the front end and the CLI; the
 * implementation is filled in by the front-end work.
 */
import type { Diagnostic } from "./diagnostics/types.ts";
import type { ProjectIR, TargetKind } from "./ir/types.ts";
import type { Host } from "./source/host.ts";
import type { SourceFile, Span } from "./source/span.ts";
import type { EmittedFile } from "../targets/_shared/api.ts";

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
}

export interface EmitResult {
  /** Sorted by path. Empty when any error was found. */
  readonly files: readonly EmittedFile[];
  readonly diagnostics: readonly Diagnostic[];
}

export declare function compile(options: CompileOptions): CompileResult;
export declare function emit(ir: ProjectIR, options?: EmitOptions): EmitResult;
