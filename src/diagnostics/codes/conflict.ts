import type { CodeInfo } from "../types.ts";

export const CONFLICT_CODES = {
} as const satisfies Record<string, CodeInfo>;
