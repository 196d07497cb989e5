import type { CodeInfo } from "../types.ts";

/** BOX43xx: the venv target. */
export const VENV_CODES = {
} as const satisfies Record<string, CodeInfo>;
