import type { CodeInfo } from "../types.ts";

/** BOX21xx–BOX22xx: values (requirements, packages, names, ports, sizes, paths, strings). */
export const VALUE_CODES = {
} as const satisfies Record<string, CodeInfo>;
