import type { CodeInfo } from "../types.ts";

/** BOX42xx: the compose target. */
export const COMPOSE_CODES = {
} as const satisfies Record<string, CodeInfo>;
