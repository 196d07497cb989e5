import type { CodeInfo } from "../types.ts";

/** BOX44xx: the vm target. */
export const VM_CODES = {
} as const satisfies Record<string, CodeInfo>;
