import type { CodeInfo } from "../types.ts";

export const CLI_CODES = {
} as const satisfies Record<string, CodeInfo>;
