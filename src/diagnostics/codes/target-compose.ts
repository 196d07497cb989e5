import type { CodeInfo } from "../types.ts";

/** BOX42xx: the compose target. */
export const COMPOSE_CODES = {
  BOX4201: {
    name: "compose-network-prefix-invalid",
    severity: "error",
    message: "`network-prefix` `{prefix}` cannot start a Docker network name",
    help: "Docker network names match `[a-zA-Z0-9][a-zA-Z0-9_.-]*`; use letters, digits, `_`, `.` and `-`",
  },
  BOX4202: {
    name: "compose-connect-outside-target",
    severity: "error",
    message: "box `{box}` connects to `{other}`, which the compose target does not include",
    help: "add `{other}` to the compose target's `boxes`, or remove the `connect`",
  },
  BOX4203: {
    name: "compose-output-outside-root",
    severity: "error",
    message: "the output folder `{outDir}` is not inside the project root, so compose.yaml cannot name the build context",
    help: "write the artifacts to a folder inside the project (`-o out`)",
  },
  BOX4204: {
    name: "compose-http-health-needs-client",
    severity: "error",
    message: "the `http` health check of box `{box}` cannot run inside the image `{image}`: boxc cannot know an HTTP client there",
    help: "use `health { command [\"exe\", ...] }` with a program the image ships",
  },
} as const satisfies Record<string, CodeInfo>;
