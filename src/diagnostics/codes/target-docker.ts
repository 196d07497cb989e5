import type { CodeInfo } from "../types.ts";

/** BOX41xx: the docker target. */
export const DOCKER_CODES = {
} as const satisfies Record<string, CodeInfo>;
