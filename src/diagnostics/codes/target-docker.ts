import type { CodeInfo } from "../types.ts";

/** BOX41xx: the docker target. */
export const DOCKER_CODES = {
  BOX4101: {
    name: "docker-python-base-unavailable",
    severity: "error",
    message: "there is no official `python` image for Python `{python}` on `{os}`",
    help: "official `python:X.Y-slim-{codename}` images exist for Python {supported} on `{os}`; pick one of those or another `os` release",
  },
  BOX4102: {
    name: "docker-http-health-needs-client",
    severity: "error",
    message: "the `http` health check of box `{box}` cannot run inside the image `{image}`: boxc cannot know an HTTP client there",
    help: "use `health { command [\"exe\", ...] }` with a program the image ships (its own client or status tool)",
  },
  BOX4103: {
    name: "docker-path-unsupported-character",
    severity: "error",
    message: "path `{path}` contains {char}, which a Dockerfile cannot carry literally",
    help: "Docker expands `$`, quotes and backslashes in `COPY` and `WORKDIR` paths, and a `COPY` source is a glob pattern; rename the file or folder",
  },
  BOX4104: {
    name: "docker-value-control-character",
    severity: "error",
    message: "the value of `{name}` contains a line break or control character, which a Dockerfile cannot carry",
    help: "a Dockerfile instruction is one line; pass multi-line values as a file (`copy`) or a `secret` instead",
  },
  BOX4105: {
    name: "docker-hashed-requirement-unsafe",
    severity: "error",
    message: "requirement `{line}` would be reinterpreted by pip's requirements-file syntax ({reason})",
    help: "hashed requirements go through a requirements file, where pip expands `${VAR}` and strips ` #` comments; remove that text from the requirement",
  },
} as const satisfies Record<string, CodeInfo>;
