/**
 * Ports, counts, sizes, durations and CPUs. Bounds are the caller's (they differ between
 * memory and disk); the defaults here are the ones the language documents.
 */
import type { Value } from "../../ast/types.ts";
import { diag } from "../../diagnostics/make.ts";
import { fail, wrongKind, type Result } from "./common.ts";

/** A whole number literal in [min, max]. */
export function checkInt(node: Value, what: string, min: number, max: number): Result<number | null> {
  if (node.kind !== "Number") return fail(wrongKind(node, `a number for ${what}`));
  if (!/^[0-9]+$/.test(node.text) || node.value < min || node.value > max) {
    return fail(diag("BOX2150", { what, text: node.text, min, max }, { span: node }));
  }
  return [node.value, []];
}

export function checkPort(node: Value, what = "port"): Result<number | null> {
  return checkInt(node, what, 1, 65535);
}

export function checkRetries(node: Value): Result<number | null> {
  return checkInt(node, "retries", 1, 100);
}

export interface Bounds {
  readonly min: number;
  readonly max: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;

export const MEMORY_BOUNDS: Bounds = { min: 4 * MiB, max: TiB };
export const DISK_BOUNDS: Bounds = { min: MiB, max: 64 * TiB };
export const VOLUME_BOUNDS: Bounds = { min: MiB, max: 64 * TiB };

const SECOND = 1000;
const HOUR = 3600 * SECOND;
export const HEALTH_INTERVAL_BOUNDS: Bounds = { min: SECOND, max: HOUR };
export const HEALTH_TIMEOUT_BOUNDS: Bounds = { min: SECOND, max: HOUR };
export const HEALTH_START_BOUNDS: Bounds = { min: 0, max: HOUR };

/** `1GiB`, `512MiB`, `1536B`: the largest binary unit that divides exactly. */
export function formatBytes(n: number): string {
  for (const [unit, size] of [["TiB", TiB], ["GiB", GiB], ["MiB", MiB], ["KiB", KiB]] as const) {
    if (n >= size && n % size === 0) return `${n / size}${unit}`;
  }
  return `${n}B`;
}

/** `1h`, `10s`, `250ms`. */
export function formatMs(n: number): string {
  if (n === 0) return "0s";
  for (const [unit, size] of [["h", HOUR], ["m", 60 * SECOND], ["s", SECOND]] as const) {
    if (n >= size && n % size === 0) return `${n / size}${unit}`;
  }
  return `${n}ms`;
}

/** A size literal → whole bytes within bounds. */
export function checkSize(node: Value, what: string, bounds: Bounds): Result<number | null> {
  if (node.kind !== "Size") {
    const help = node.kind === "Number" ? `add a unit, e.g. \`${node.text}MiB\`` : undefined;
    return fail(wrongKind(node, `a size for ${what} (e.g. \`512MiB\`)`, help));
  }
  if (!Number.isSafeInteger(node.bytes)) {
    if (Number.isInteger(node.bytes)) {
      return fail(diag("BOX2151", { what, text: node.text, min: formatBytes(bounds.min), max: formatBytes(bounds.max) }, { span: node }));
    }
    return fail(diag("BOX2152", { what, text: node.text, unit: "bytes" }, { span: node }));
  }
  if (node.bytes < bounds.min || node.bytes > bounds.max) {
    return fail(diag("BOX2151", { what, text: node.text, min: formatBytes(bounds.min), max: formatBytes(bounds.max) }, { span: node }));
  }
  return [node.bytes, []];
}

/** A duration literal → whole milliseconds within bounds. */
export function checkDuration(node: Value, what: string, bounds: Bounds): Result<number | null> {
  if (node.kind !== "Duration") {
    const help = node.kind === "Number" ? `add a unit, e.g. \`${node.text}s\`` : undefined;
    return fail(wrongKind(node, `a duration for ${what} (e.g. \`10s\`)`, help));
  }
  if (!Number.isInteger(node.ms)) return fail(diag("BOX2152", { what, text: node.text, unit: "milliseconds" }, { span: node }));
  if (node.ms < bounds.min || node.ms > bounds.max) {
    return fail(diag("BOX2153", { what, text: node.text, min: formatMs(bounds.min), max: formatMs(bounds.max) }, { span: node }));
  }
  return [node.ms, []];
}

/** `cpu 1.5` → 1500 thousandths, computed from the source text so no float rounding creeps in. */
export function checkCpu(node: Value): Result<number | null> {
  if (node.kind !== "Number") return fail(wrongKind(node, "a number of CPUs for `cpu`"));
  const m = /^([0-9]+)(?:\.([0-9]{1,3}))?$/.exec(node.text);
  if (m) {
    const millis = Number(m[1]) * 1000 + Number((m[2] ?? "").padEnd(3, "0"));
    if (millis >= 1 && millis <= 1024 * 1000) return [millis, []];
  }
  return fail(diag("BOX2154", { text: node.text }, { span: node }));
}
