import type { CodeInfo } from "../types.ts";

export const SYNTAX_CODES = {
} as const satisfies Record<string, CodeInfo>;
