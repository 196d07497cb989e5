/** AST value nodes for validator tests, with positions as the parser would give them. */
import type { DurationLit, Ident, NumberLit, SizeLit, SizeUnit, DurationUnit, StringLit } from "../../src/ast/types.ts";
import type { Diagnostic } from "../../src/diagnostics/types.ts";

export const FILE = "app.box";
/** Every literal starts at this offset, so spans inside strings are `AT + 1 + index`. */
export const AT = 100;

/** A string written without escapes: the span is the value plus its two quotes. */
export function str(value: string, opts: { escaped?: number } = {}): StringLit {
  const extra = opts.escaped ?? 0;
  return { kind: "String", value, triple: false, file: FILE, start: AT, end: AT + value.length + 2 + extra };
}

export function num(text: string): NumberLit {
  return { kind: "Number", text, value: Number(text), file: FILE, start: AT, end: AT + text.length };
}

const SIZE: Record<SizeUnit, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 };
export function size(text: string): SizeLit {
  const m = /^([0-9.]+)([A-Za-z]+)$/.exec(text)!;
  const unit = m[2] as SizeUnit;
  return { kind: "Size", text, amount: m[1]!, unit, bytes: Number(m[1]) * SIZE[unit], file: FILE, start: AT, end: AT + text.length };
}

const DUR: Record<DurationUnit, number> = { ms: 1, s: 1000, m: 60000, h: 3600000 };
export function dur(text: string): DurationLit {
  const m = /^([0-9.]+)([a-z]+)$/.exec(text)!;
  const unit = m[2] as DurationUnit;
  return { kind: "Duration", text, amount: m[1]!, unit, ms: Number(m[1]) * DUR[unit], file: FILE, start: AT, end: AT + text.length };
}

export function ident(name: string): Ident {
  return { kind: "Ident", name, file: FILE, start: AT, end: AT + name.length };
}

/** `CODE@start-end` of each diagnostic, offsets relative to the literal's start. */
export function brief(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => `${d.code}@${(d.span?.start ?? NaN) - AT}-${(d.span?.end ?? NaN) - AT}`);
}
