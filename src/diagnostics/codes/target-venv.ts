import type { CodeInfo } from "../types.ts";

/** BOX43xx: the venv target. */
export const VENV_CODES = {
  BOX4301: {
    name: "venv-image-box",
    severity: "error",
    message: "box `{box}` runs the image `{image}`, which the venv target cannot build",
    help: "leave `{box}` out of the venv target's `boxes`; only boxes with `os` and `python` have a virtual environment",
  },
  BOX4302: {
    name: "venv-box-without-python",
    severity: "warning",
    message: "box `{box}` has no `python`, so the venv target produces nothing for it",
    help: "add `python \"3.x\"` to the box, or leave it out of the venv target's `boxes`",
  },
  BOX4303: {
    name: "venv-requirement-not-representable",
    severity: "error",
    message: "requirement `{name}` cannot be written to requirements.txt exactly: {reason}",
    help: "pip has no escape for this; rewrite the requirement (a marker string cannot hold such text)",
  },
  BOX4304: {
    name: "venv-index-not-representable",
    severity: "error",
    message: "package index `{url}` cannot be written to requirements.txt exactly: {reason}",
    help: "percent-encode the character in the URL (`%24` for `$`, `%20` for a space)",
  },
  BOX4305: {
    name: "venv-partial-hashes",
    severity: "error",
    message: "requirement `{name}` has no hashes while other requirements of box `{box}` have",
    help: "pip checks hashes for all requirements or none: give every requirement its `hash \"sha256:…\"`, or remove them all",
  },
  BOX4306: {
    name: "venv-hashed-requirement-not-pinned",
    severity: "error",
    message: "requirement `{name}` has hashes but is not pinned with `==`",
    help: "pip's hash-checking mode installs only exact pins: write `{name}==VERSION`",
  },
  BOX4307: {
    name: "venv-path-not-usable",
    severity: "error",
    message: "venv path `{path}` of box `{box}` cannot be used: {reason}",
    help: "set the venv target's `path` to a plain folder name such as `.venv-{box}`",
  },
  BOX4308: {
    name: "venv-value-not-representable",
    severity: "error",
    message: "{what} of box `{box}` cannot be carried by a shell script: {reason}",
  },
} as const satisfies Record<string, CodeInfo>;
