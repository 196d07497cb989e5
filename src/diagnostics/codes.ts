/**
 * THE diagnostics table. Codes by phase: BOX1xxx syntax, BOX2xxx names and semantics,
 * BOX3xxx conflicts between boxes, BOX4xxx target-specific, BOX5xxx CLI and I/O,
 * BOX9xxx internal. Each phase keeps its rows in its own file under codes/; this module
 * is the single table everything reads.
 */
import type { CodeInfo } from "./types.ts";
import { SYNTAX_CODES } from "./codes/syntax.ts";
import { SEMANTIC_CODES } from "./codes/semantic.ts";
import { VALUE_CODES } from "./codes/values.ts";
import { CONFLICT_CODES } from "./codes/conflict.ts";
import { TARGET_CODES } from "./codes/target.ts";
import { CLI_CODES } from "./codes/cli.ts";
import { INTERNAL_CODES } from "./codes/internal.ts";
import { LIMIT_CODES } from "./codes/limits.ts";

export const CODES = {
  ...SYNTAX_CODES,
  ...SEMANTIC_CODES,
  ...LIMIT_CODES,
  ...VALUE_CODES,
  ...CONFLICT_CODES,
  ...TARGET_CODES,
  ...CLI_CODES,
  ...INTERNAL_CODES,
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export function isCode(s: string): s is Code {
  return Object.hasOwn(CODES, s);
}
