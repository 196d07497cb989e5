import { positionOf, type Span } from "../source/span.ts";
import { CODES, type Code } from "./codes.ts";
import type { CodeInfo, Diagnostic, Related } from "./types.ts";

export type Args = Readonly<Record<string, string | number>>;

export function fill(template: string, args: Args): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.hasOwn(args, key) ? String(args[key]) : whole,
  );
}

export interface DiagOptions {
  readonly span?: Span;
  readonly at?: string;
  readonly related?: readonly Related[];
  /** Replaces the table's help line (e.g. a did-you-mean). */
  readonly help?: string;
}

/** Builds a diagnostic from the codes table: the only way diagnostics are made. */
export function diag(code: Code, args: Args = {}, opts: DiagOptions = {}): Diagnostic {
  const info: CodeInfo = CODES[code];
  const help = opts.help ?? (info.help === undefined ? undefined : fill(info.help, args));
  const d: Diagnostic = {
    code,
    name: info.name,
    severity: info.severity,
    message: fill(info.message, args),
    related: opts.related?.map((r) => (r.span ? { ...r, span: positionOf(r.span) } : r)) ?? [],
    ...(opts.span ? { span: positionOf(opts.span) } : {}),
    ...(opts.at !== undefined ? { at: opts.at } : {}),
    ...(help !== undefined ? { help } : {}),
  };
  return d;
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === "error");
}
