import type { CodeInfo } from "../types.ts";

/**
 * BOX2090–BOX2099: resource limits of the project as a whole (issue 10). Each keeps the
 * compiler's stack depth and running time bounded whatever the input; the per-file limits
 * (size, tokens, nesting, string length) are syntax codes BOX1003, BOX1015, BOX1050, BOX1051.
 */
export const LIMIT_CODES = {
  BOX2090: {
    name: "import-chain-too-deep",
    severity: "error",
    message: "imports nest more than {limit} files deep",
    help: "import the shared files from one place instead of through a chain of {limit} files",
  },
  BOX2091: {
    name: "extends-chain-too-deep",
    severity: "error",
    message: "box `{name}` extends a chain of more than {limit} boxes",
    help: "extend a template or a nearer box; a chain this long is not needed to share settings",
  },
  BOX2092: {
    name: "too-many-boxes",
    severity: "error",
    message: "the project declares {count} boxes; at most {limit} are supported",
    help: "split the project into several projects, each compiled on its own",
  },
  BOX2093: {
    name: "too-many-diagnostics",
    severity: "error",
    message: "{count} more diagnostics ({errors} of them errors) are not shown: the first {limit} are",
    help: "fix the problems above and compile again; usually one mistake repeated many times causes the rest",
  },
  BOX2094: {
    name: "too-many-warnings",
    severity: "warning",
    message: "{count} more warnings are not shown: the first {limit} diagnostics are",
    help: "fix or `--allow` the warnings above; the ones not shown are of the same kinds or later in the files",
  },
} as const satisfies Record<string, CodeInfo>;
