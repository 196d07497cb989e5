import type { CodeInfo } from "../types.ts";

/** BOX44xx: the vm target. */
export const VM_CODES = {
  BOX4401: {
    name: "vm-image-box",
    severity: "error",
    message: "box `{box}` is based on the image `{image}`; the vm `{target}` can only build boxes with an `os`",
    help: "remove `{box}` from the `boxes` of `target vm \"{target}\"` and run it with a container target",
  },
  BOX4402: {
    name: "vm-os-mismatch",
    severity: "error",
    message: "boxes `{first}` (`{firstOs}`) and `{second}` (`{secondOs}`) cannot share the vm `{target}`: one machine has one OS release",
    help: "put them on two machines (two `target vm`), or use containers",
  },
  BOX4403: {
    name: "vm-python-unpinned",
    severity: "error",
    message: "boxc has no pinned python.org checksum for Python `{version}`, which box `{box}` needs side by side on `{os}`",
    help: "write `python \"{minor}\"` or one of the pinned releases: {known}",
  },
  BOX4404: {
    name: "vm-user-data-too-large",
    severity: "error",
    message: "the cloud-init user-data of vm `{target}` is {size} bytes, over the 16384-byte limit of EC2 user data",
    help: "split the boxes over two `target vm`, or shorten long `env` values",
  },
  BOX4405: {
    name: "vm-user-id-clash",
    severity: "error",
    message: "boxes `{first}` and `{second}` on vm `{target}` both run as user `{user}` but with different ids ({firstId} and {secondId})",
    help: "give one of the boxes another `user`",
  },
  BOX4406: {
    name: "vm-exec-name",
    severity: "error",
    message: "systemd cannot start the program `{exe}` of box `{box}`: a program name without `/` must not contain `=`",
    help: "write the program's absolute path",
  },
  BOX4407: {
    name: "vm-connect-elsewhere",
    severity: "warning",
    message: "box `{box}` connects to `{other}`, which is not on vm `{target}`; the vm target neither routes nor restricts that connection",
    help: "add `{other}` to the `boxes` of `target vm \"{target}\"`, or give `{box}` the address of `{other}` through `env`",
  },
  BOX4408: {
    name: "vm-apt-version-clash",
    severity: "error",
    message: "apt package `{package}` is pinned to `{firstVersion}` by `{first}` and to `{secondVersion}` by `{second}` on vm `{target}`",
    help: "pin one version in both boxes, or put them on two machines (two `target vm`)",
  },
  BOX4409: {
    name: "vm-copy-source-template",
    severity: "error",
    message: "the copy source `{source}` of box `{box}` contains `{{`, which Packer's file provisioner evaluates twice as a Go template",
    help: "rename the file or folder so its path has no `{{`",
  },
  BOX4410: {
    name: "vm-unit-value",
    severity: "error",
    message: "the {what} of box `{box}` cannot be written exactly into a systemd unit",
    help: "remove leading or trailing spaces, a final backslash and control characters",
  },
  BOX4411: {
    name: "vm-disk-too-small",
    severity: "error",
    message: "vm `{target}` has a {disk} GiB disk, but its boxes and the OS need {need} GiB",
    help: "raise `disk` in `target vm \"{target}\"` to at least {need}GiB",
  },
  BOX4412: {
    name: "vm-hashed-requirement-expansion",
    severity: "error",
    message: "the requirement `{line}` of box `{box}` contains `${`, which pip expands in the hashed requirements file the vm installs from",
    help: "remove `${` from the requirement",
  },
  BOX4413: {
    name: "vm-hcl-not-nfc",
    severity: "error",
    message: "the {what} `{value}` is not in Unicode NFC; Packer's HCL parser would normalize it and change the value",
    help: "write it in composed (NFC) form",
  },
} as const satisfies Record<string, CodeInfo>;
