/**
 * What the vm target knows about the machines it builds on: official AMIs per OS release,
 * and the pinned CPython source releases it installs side by side when the OS's own python3
 * is another minor.
 */
import type { OsRelease } from "../_shared/api.ts";

export interface AmiSource {
  /** Image name pattern of the official cloud images (`source_ami_filter`). */
  readonly namePattern: string;
  /** AWS account that publishes them: Debian's cloud team or Canonical. */
  readonly owner: string;
  readonly sshUsername: string;
  readonly rootDevice: string;
}

const DEBIAN_OWNER = "136693071363";
const CANONICAL_OWNER = "099720109477";

export function amiSource(os: OsRelease): AmiSource {
  if (os.distro === "debian")
    return { namePattern: `debian-${os.release}-amd64-*`, owner: DEBIAN_OWNER, sshUsername: "admin", rootDevice: "/dev/xvda" };
  // Canonical moved its noble images to the gp3 family name.
  const family = os.release === "22.04" ? "hvm-ssd" : "hvm-ssd-gp3";
  return {
    namePattern: `ubuntu/images/${family}/ubuntu-${os.codename}-${os.release}-amd64-server-*`,
    owner: CANONICAL_OWNER,
    sshUsername: "ubuntu",
    rootDevice: "/dev/sda1",
  };
}

export interface PythonSource {
  readonly version: string;
  /** sha256 of `Python-<version>.tar.xz` on www.python.org (as recorded by pyenv's python-build definitions). */
  readonly sha256: string;
}

/** The newest release of each minor that boxc pins; `python "3.x"` means this release on a VM. */
export const PYTHON_SOURCES: readonly PythonSource[] = [
  { version: "3.8.20", sha256: "6fb89a7124201c61125c0ab4cf7f6894df339a40c02833bfd28ab4d7691fafb4" },
  { version: "3.9.25", sha256: "00e07d7c0f2f0cc002432d1ee84d2a40dae404a99303e3f97701c10966c91834" },
  { version: "3.10.19", sha256: "c8f4a596572201d81dd7df91f70e177e19a70f1d489968b54b5fbbf29a97c076" },
  { version: "3.11.14", sha256: "8d3ed8ec5c88c1c95f5e558612a725450d2452813ddad5e58fdb1a53b1209b78" },
  { version: "3.12.12", sha256: "fb85a13414b028c49ba18bbd523c2d055a30b56b18b92ce454ea2c51edc656c4" },
  { version: "3.13.9", sha256: "ed5ef34cda36cfa2f3a340f07cac7e7814f91c7f3c411f6d3562323a866c5c66" },
];

/** The pinned source release for `3.12` or `3.12.12`; null when boxc has no checksum for it. */
export function pythonSource(version: string): PythonSource | null {
  const parts = version.split(".");
  if (parts.length === 2) return PYTHON_SOURCES.find((p) => p.version.startsWith(`${version}.`)) ?? null;
  return PYTHON_SOURCES.find((p) => p.version === version) ?? null;
}

/** Debian/Ubuntu packages a CPython source build needs for a complete standard library. */
export const PYTHON_BUILD_DEPS = [
  "build-essential",
  "ca-certificates",
  "curl",
  "libbz2-dev",
  "libffi-dev",
  "libgdbm-dev",
  "liblzma-dev",
  "libncurses-dev",
  "libreadline-dev",
  "libsqlite3-dev",
  "libssl-dev",
  "uuid-dev",
  "xz-utils",
  "zlib1g-dev",
] as const;
