import type { Span } from "../source/span.ts";

export type Severity = "error" | "warning";

/** One entry of the codes table. `message` and `help` may hold `{placeholders}`. */
export interface CodeInfo {
  /** Stable kebab-case name, usable with `--allow NAME` / `--deny NAME` for warnings. */
  readonly name: string;
  readonly severity: Severity;
  /** One line, lowercase, no final period, names in backticks. */
  readonly message: string;
  readonly help?: string;
  /** A few sentences for `boxc explain` when there is no docs/diagnostics/CODE.md. */
  readonly explain?: string;
}

export interface Related {
  readonly span: Span;
  readonly message: string;
}

export interface Diagnostic {
  readonly code: string;
  readonly name: string;
  readonly severity: Severity;
  readonly message: string;
  /** Where it is. Absent only for diagnostics about the command line or the whole project. */
  readonly span?: Span;
  /**
   * For diagnostics raised by targets, which see only the IR: a JSON pointer into the IR
   * (`/boxes/2/env/0/value`). The compiler maps it to `span` through the origins map.
   */
  readonly at?: string;
  readonly related: readonly Related[];
  readonly help?: string;
}

/** Every pipeline step returns its value and the diagnostics it found. */
export type Result<T> = readonly [T, readonly Diagnostic[]];
