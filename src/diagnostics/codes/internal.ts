import type { CodeInfo } from "../types.ts";

export const INTERNAL_CODES = {
  BOX9001: {
    name: "internal-error",
    severity: "error",
    message: "internal error: {detail}",
    help: "this is a bug in boxc; please report it with the input that caused it (run with `--debug` for the stack)",
  },
} as const satisfies Record<string, CodeInfo>;
