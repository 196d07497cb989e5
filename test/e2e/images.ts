/**
 * Local stand-in images for the end-to-end suite. No registry is reachable, so the base
 * image a generated Dockerfile names (`python:3.11-slim-bookworm`) is made here with
 * debootstrap and `podman import`, and cached in podman's store under a tag derived from
 * everything that defines its content, so later runs on the same machine reuse it.
 */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const BASE_SUITE = "bookworm";
export const BASE_PACKAGES = ["python3", "python3-venv", "python3-pip", "ca-certificates"];
/** The official name generated Dockerfiles use for debian:12 + python 3.11. */
export const OFFICIAL_BASE = "docker.io/library/python:3.11-slim-bookworm";

export function run(cmd: string, args: readonly string[], opts: SpawnSyncOptions = {}): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, ...opts });
  if (r.status !== 0) {
    const out = `${r.stdout ?? ""}${r.stderr ?? ""}`.slice(-4000);
    throw new Error(`${cmd} ${args.join(" ")} exited ${r.status ?? r.signal}:\n${out}`);
  }
  return String(r.stdout ?? "");
}

function imageExists(ref: string): boolean {
  return spawnSync("podman", ["image", "exists", ref]).status === 0;
}

/** The Debian mirror apt uses on this machine (deb822 or one-line sources). */
export function debianMirror(): string {
  const dir = "/etc/apt/sources.list.d";
  const texts = [
    ...(existsSync(dir) ? readdirSync(dir).map((f) => readFileSync(join(dir, f), "utf8")) : []),
    existsSync("/etc/apt/sources.list") ? readFileSync("/etc/apt/sources.list", "utf8") : "",
  ];
  for (const t of texts) {
    const m = /^URIs:\s*(\S+\/debian)\s*$/m.exec(t) ?? /^deb\s+(?:\[[^\]]*\]\s+)?(\S+\/debian)\s/m.exec(t);
    if (m) return m[1]!;
  }
  return "http://deb.debian.org/debian";
}

function contentKey(parts: readonly string[]): string {
  return createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 16);
}

/** Builds (or reuses) the debootstrap base and tags it with the official image name. */
export function ensureBaseImage(log: (s: string) => void = () => {}): string {
  const mirror = debianMirror();
  const key = contentKey(["base-v1", BASE_SUITE, mirror, ...BASE_PACKAGES]);
  const cached = `localhost/boxc-e2e-base:${key}`;
  if (!imageExists(cached)) {
    log(`building base image ${cached} with debootstrap (${mirror}); this takes about two minutes once`);
    const work = mkdtempSync(join(tmpdir(), "boxc-base-"));
    try {
      const rootfs = join(work, "rootfs");
      run("debootstrap", ["--variant=minbase", `--include=${BASE_PACKAGES.join(",")}`, BASE_SUITE, rootfs, mirror]);
      // apt inside the image must reach the same mirror as the host.
      writeFileSync(join(rootfs, "etc/apt/sources.list"), `deb ${mirror} ${BASE_SUITE} main\n`);
      run("tar", ["-C", rootfs, "--numeric-owner", "-cf", join(work, "rootfs.tar"), "."]);
      run("podman", ["import", "--change", 'CMD ["/bin/bash"]', join(work, "rootfs.tar"), cached]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  run("podman", ["tag", cached, OFFICIAL_BASE]);
  return cached;
}

/**
 * What the cloud-init image adds to the base: cloud-init itself, and what every Debian cloud
 * image (the AMIs the vm target starts from) already has and provision.sh relies on.
 */
export const CLOUD_INIT_PACKAGES = ["cloud-init", "systemd", "nftables"];

/** Base + Debian's cloud-init, configured to run its stages by hand from a NoCloud seed. */
export function ensureCloudInitImage(log: (s: string) => void = () => {}): string {
  const base = ensureBaseImage(log);
  const key = contentKey(["cloudinit-v2", base, ...CLOUD_INIT_PACKAGES]);
  const ref = `localhost/boxc-e2e-cloudinit:${key}`;
  if (imageExists(ref)) return ref;
  log(`building cloud-init image ${ref}`);
  const work = mkdtempSync(join(tmpdir(), "boxc-ci-"));
  try {
    writeFileSync(
      join(work, "Containerfile"),
      [
        `FROM ${base}`,
        `RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${CLOUD_INIT_PACKAGES.join(" ")} && rm -rf /var/lib/apt/lists/*`,
        "RUN printf '%s\\n' 'datasource_list: [NoCloud, None]' 'network: {config: disabled}' 'locale: C.UTF-8' 'ssh_genkeytypes: []' 'preserve_hostname: true' > /etc/cloud/cloud.cfg.d/99-boxc-e2e.cfg",
        "",
      ].join("\n"),
    );
    run("podman", ["build", "--pull=never", "--network=host", "-t", ref, work]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return ref;
}
