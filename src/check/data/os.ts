/** The OS releases a box may name, and the python3 minor each ships as its system Python. */
import type { OsRelease } from "../../ir/types.ts";

export const OS_RELEASES: readonly OsRelease[] = [
  { id: "debian:11", distro: "debian", release: "11", codename: "bullseye", systemPython: "3.9" },
  { id: "debian:12", distro: "debian", release: "12", codename: "bookworm", systemPython: "3.11" },
  { id: "debian:13", distro: "debian", release: "13", codename: "trixie", systemPython: "3.13" },
  { id: "ubuntu:22.04", distro: "ubuntu", release: "22.04", codename: "jammy", systemPython: "3.10" },
  { id: "ubuntu:24.04", distro: "ubuntu", release: "24.04", codename: "noble", systemPython: "3.12" },
];
