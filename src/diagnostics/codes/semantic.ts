import type { CodeInfo } from "../types.ts";

export const SEMANTIC_CODES = {
} as const satisfies Record<string, CodeInfo>;
