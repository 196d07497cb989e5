import type { CodeInfo } from "../types.ts";

/** BOX21xx–BOX22xx: values (requirements, packages, names, ports, sizes, paths, strings). */
export const VALUE_CODES = {
  // ─── any value ─────────────────────────────────────────────────────────────
  BOX2100: {
    name: "value-wrong-kind",
    severity: "error",
    message: "expected {expected}, found {found}",
  },
  BOX2101: {
    name: "control-character",
    severity: "error",
    message: "{what} contains {char}",
    help: "this value is written on a single line of generated files, where {char} cannot be carried literally",
  },
  BOX2102: {
    name: "empty-value",
    severity: "error",
    message: "{what} is empty",
  },

  // ─── pip ───────────────────────────────────────────────────────────────────
  BOX2110: {
    name: "requirement-syntax",
    severity: "error",
    message: "invalid requirement `{text}`: {reason}",
    help: "write a PEP 508 requirement such as `name[extra]>=1.0,<2; python_version >= '3.10'`",
  },
  BOX2111: {
    name: "requirement-pip-option",
    severity: "error",
    message: "`{text}` is a pip option, not a requirement",
    help: "use `index \"URL\"` or `extra-index \"URL\"` in the `pip` block; other pip options cannot be expressed in a box",
  },
  BOX2112: {
    name: "requirement-direct-reference",
    severity: "error",
    message: "`{text}` is a direct reference (url, vcs or path), not a requirement from a package index",
    help: "publish the package to an index and add it with `extra-index`, or `copy` the code and install it in a `build` command",
  },
  BOX2113: {
    name: "pip-interpolation",
    severity: "error",
    message: "`${` in {what} would be expanded by pip",
    help: "pip replaces `${NAME}` with an environment variable in requirement files, so the value would not reach pip literally",
  },
  BOX2114: {
    name: "requirement-line-break",
    severity: "error",
    message: "requirement contains {char}, which would split its line in a requirements file",
    help: "write one requirement per string, on one line",
  },
  BOX2115: {
    name: "requirement-comment",
    severity: "error",
    message: "`#` in a requirement starts a comment in requirements files",
    help: "remove the `#`; requirement strings cannot contain it",
  },
  BOX2116: {
    name: "requirement-invalid-specifier",
    severity: "error",
    message: "invalid version specifier `{spec}`: {reason}",
    help: "versions follow PEP 440, e.g. `==1.26.4`, `>=1.26,<2`, `~=2.1`, `==1.*`",
  },
  BOX2117: {
    name: "requirement-unknown-marker",
    severity: "error",
    message: "unknown environment marker `{name}`",
    help: "known markers: `python_version`, `python_full_version`, `os_name`, `sys_platform`, `platform_release`, `platform_system`, `platform_version`, `platform_machine`, `platform_python_implementation`, `implementation_name`, `implementation_version`, `extra`",
  },
  BOX2118: {
    name: "requirement-hash-invalid",
    severity: "error",
    message: "invalid hash `{hash}`",
    help: "write `sha256:` followed by 64 lower-case hex digits, as `pip hash` prints it",
  },
  BOX2119: {
    name: "requirement-hash-weak",
    severity: "error",
    message: "`{algo}` hashes are not accepted",
    help: "`{algo}` is broken for integrity checks; use `sha256` (`pip hash` prints it)",
  },
  BOX2120: {
    name: "requirement-hash-not-pinned",
    severity: "error",
    message: "hashed requirement `{name}` is not pinned with `==`",
    help: "pip's `--require-hashes` installs only exact pins: write `{name}==VERSION`",
  },
  BOX2125: {
    name: "index-url-invalid",
    severity: "error",
    message: "`{url}` is not a valid index url: {reason}",
    help: "write an absolute `https://` (or `http://`) url, e.g. `https://pypi.org/simple`",
  },
  BOX2126: {
    name: "index-url-credentials",
    severity: "error",
    message: "the index url `{url}` contains credentials",
    help: "credentials in the url would be written into generated files and images; give them to pip at build time instead (a `secret` with a pip config or netrc)",
  },

  // ─── apt ───────────────────────────────────────────────────────────────────
  BOX2130: {
    name: "apt-package-invalid",
    severity: "error",
    message: "`{name}` is not a valid debian package name",
    help: "a package name is lower-case letters, digits, `+`, `-` and `.`, at least two characters, starting with a letter or digit; one package per string; architecture qualifiers such as `:amd64` are not supported",
  },
  BOX2131: {
    name: "apt-version-invalid",
    severity: "error",
    message: "`{version}` is not a valid debian version",
    help: "a debian version is `[epoch:]upstream[-revision]`, e.g. `7.88.1-10+deb12u8` or `1:2.39-1`",
  },
  BOX2132: {
    name: "apt-option",
    severity: "error",
    message: "`{text}` is an apt option, not a package",
    help: "boxc runs apt itself; options cannot be passed through a package string",
  },

  // ─── os and python ─────────────────────────────────────────────────────────
  BOX2140: {
    name: "os-unknown",
    severity: "error",
    message: "unknown os release `{os}`",
    help: "supported releases: {known}",
  },
  BOX2145: {
    name: "python-version-invalid",
    severity: "error",
    message: "`{version}` is not a python version",
    help: "write `major.minor` or `major.minor.patch`, e.g. `3.12` or `3.12.4`",
  },
  BOX2146: {
    name: "python-2-unsupported",
    severity: "error",
    message: "python `{version}` is not supported",
    help: "python 2 reached its end of life in 2020 and cannot be installed reproducibly; use python 3.6 or later",
  },
  BOX2147: {
    name: "python-unknown-version",
    severity: "error",
    message: "python `{version}` is not a known release",
    help: "known releases: 3.6 to 3.14 (see the table in `src/check/data/python.ts`)",
  },
  BOX2148: {
    name: "python-patch-with-os",
    severity: "error",
    message: "`{os}` ships python `{minor}`; its patch release cannot be chosen",
    help: "write `{minor}` to use the python3 of `{os}` (the patch is whatever the release ships)",
  },

  // ─── numbers, sizes, durations ─────────────────────────────────────────────
  BOX2150: {
    name: "integer-out-of-range",
    severity: "error",
    message: "{what} `{text}` must be a whole number from {min} to {max}",
  },
  BOX2151: {
    name: "size-out-of-range",
    severity: "error",
    message: "{what} `{text}` is out of range: it must be from {min} to {max}",
  },
  BOX2152: {
    name: "not-whole-unit",
    severity: "error",
    message: "{what} `{text}` is not a whole number of {unit}",
    help: "use a smaller unit or a whole amount",
  },
  BOX2153: {
    name: "duration-out-of-range",
    severity: "error",
    message: "{what} `{text}` is out of range: it must be from {min} to {max}",
  },
  BOX2154: {
    name: "cpu-invalid",
    severity: "error",
    message: "cpu `{text}` must be from 0.001 to 1024 with at most 3 decimals",
    help: "cpu counts CPUs: `0.5` is half a CPU, `2` two CPUs",
  },

  // ─── paths ─────────────────────────────────────────────────────────────────
  BOX2160: {
    name: "path-not-absolute",
    severity: "error",
    message: "{what} `{path}` is not an absolute path",
    help: "start it with `/`",
  },
  BOX2161: {
    name: "path-not-normalized",
    severity: "error",
    message: "{what} `{path}` is not normalized: {reason}",
    help: "write `{fixed}`",
  },
  BOX2162: {
    name: "path-colon",
    severity: "error",
    message: "{what} `{path}` contains `:`",
    help: "`:` separates the fields of docker and compose volume and mount specs, so a path containing it cannot be mounted reliably; rename it",
  },

  // ─── environment ───────────────────────────────────────────────────────────
  BOX2170: {
    name: "variable-name-invalid",
    severity: "error",
    message: "`{name}` is not a valid {what} name",
    help: "{what} names are letters, digits and `_`, not starting with a digit (`[A-Za-z_][A-Za-z0-9_]*`)",
  },
  BOX2171: {
    name: "env-value-control-character",
    severity: "error",
    message: "environment value contains {char}, which not every target can carry",
    help: "a Dockerfile `ENV`, an env file or a systemd unit cannot hold it literally; put such a value in a file (`copy`) or a `secret`",
  },

  // ─── images and docker options ─────────────────────────────────────────────
  BOX2180: {
    name: "image-ref-invalid",
    severity: "error",
    message: "`{ref}` is not a valid image reference: {reason}",
    help: "write `[registry/]repository:tag[@sha256:digest]`, e.g. `redis:7.2-bookworm`",
  },
  BOX2181: {
    name: "image-tag-missing",
    severity: "error",
    message: "image `{ref}` has no tag",
    help: "pin a version tag, e.g. `{repository}:1.2.3`",
  },
  BOX2182: {
    name: "image-tag-latest",
    severity: "error",
    message: "image `{ref}` uses the `latest` tag",
    help: "`latest` changes over time, so builds would not be reproducible; pin a version tag",
  },
  BOX2183: {
    name: "image-not-digest-pinned",
    severity: "warning",
    message: "image `{ref}` is not pinned by digest",
    help: "a tag can be moved; append `@sha256:<digest>` (`docker buildx imagetools inspect {ref}` prints it) so every build uses the same image",
  },
  BOX2184: {
    name: "registry-invalid",
    severity: "error",
    message: "`{value}` is not a valid registry: {reason}",
    help: "write a registry host and optional namespace, e.g. `ghcr.io/acme` or `registry.example.com:5000/team`",
  },
  BOX2185: {
    name: "tag-invalid",
    severity: "error",
    message: "`{value}` is not a valid image tag",
    help: "a tag is letters, digits, `_`, `.` and `-`, at most 128 characters, not starting with `.` or `-`",
  },

  // ─── process ───────────────────────────────────────────────────────────────
  BOX2186: {
    name: "signal-unknown",
    severity: "error",
    message: "unknown signal `{signal}`",
    help: "known signals: {known}",
  },
  BOX2187: {
    name: "signal-uncatchable",
    severity: "error",
    message: "`{signal}` cannot be caught, so the process cannot stop cleanly",
    help: "use `SIGTERM` (the default) or the signal the program handles; the platform sends `SIGKILL` itself after the grace period",
  },
  BOX2188: {
    name: "restart-invalid",
    severity: "error",
    message: "unknown restart policy `{value}`",
    help: "use `\"always\"` or `\"on-failure\"`",
  },

  // ─── names ─────────────────────────────────────────────────────────────────
  BOX2190: {
    name: "name-uppercase",
    severity: "error",
    message: "{what} name `{name}` contains upper-case letters",
    help: "names become DNS, container and file names: write `{lower}`",
  },
  BOX2191: {
    name: "name-not-dns-label",
    severity: "error",
    message: "{what} name `{name}` is not a valid DNS label: {reason}",
    help: "use lower-case letters, digits and `-`, at most 63 characters, starting and ending with a letter or digit",
  },
  BOX2192: {
    name: "name-reserved",
    severity: "error",
    message: "{what} name `{name}` is reserved",
    help: "`{name}` is a device name on Windows and cannot name a file or folder there; choose another name",
  },
  BOX2195: {
    name: "user-name-invalid",
    severity: "error",
    message: "`{name}` is not a valid user name: {reason}",
    help: "a user name is lower-case letters, digits, `_` and `-`, starting with a letter or `_`, at most 32 characters",
  },

  // ─── copy sources ──────────────────────────────────────────────────────────
  BOX2200: {
    name: "copy-source-absolute",
    severity: "error",
    message: "copy source `{path}` is absolute",
    help: "copy sources are relative to the `.box` file and must stay inside the project",
  },
  BOX2201: {
    name: "copy-source-outside-project",
    severity: "error",
    message: "copy source `{path}` leads outside the project",
    help: "builds only see the project folder; move the files into the project",
  },
  BOX2202: {
    name: "copy-source-symlink-outside",
    severity: "error",
    message: "copy source `{path}` is a symbolic link that leads outside the project",
    help: "builds only see the project folder; copy the files into the project instead of linking them",
  },
  BOX2203: {
    name: "copy-source-missing",
    severity: "error",
    message: "copy source `{path}` does not exist",
    help: "the path is relative to the folder of `{file}`",
  },
  BOX2204: {
    name: "copy-source-invalid",
    severity: "error",
    message: "copy source `{path}` {reason}",
    help: "name files with a plain relative path using `/`; rename files whose names contain `*`, `?`, `[` or `\\`",
  },
} as const satisfies Record<string, CodeInfo>;
