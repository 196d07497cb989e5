import type { CodeInfo } from "../types.ts";

/** BOX45xx: the kubernetes target. */
export const KUBERNETES_CODES = {
} as const satisfies Record<string, CodeInfo>;
