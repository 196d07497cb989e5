/**
 * The boxc IR, version 1: the checked, merged, normalized model every target consumes.
 * A leaf module (no imports). Its JSON Schema is `box-ir.v1.json` beside it; the two change
 * together. Everything is already decided here: defaults filled, templates and `extends`
 * merged, sizes in bytes, durations in milliseconds, lists in a stable order.
 *
 * Targets read only this. Where a target must point a diagnostic at the source, it names an
 * IR location as a JSON pointer (`/boxes/0/env/2`); the compiler maps it to the source span.
 */

export const IR_VERSION = "1" as const;

/** Fixed numeric identity of box users, shared by every target (see `userIdFor`). */
export interface BoxUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

export type OsDistro = "debian" | "ubuntu";

export interface OsRelease {
  /** As written: "debian:12", "ubuntu:24.04". */
  readonly id: string;
  readonly distro: OsDistro;
  /** "11" | "12" | "13" | "22.04" | "24.04" */
  readonly release: string;
  /** "bullseye" | "bookworm" | "trixie" | "jammy" | "noble" */
  readonly codename: string;
  /** The `major.minor` of the python3 the release ships, e.g. "3.11". */
  readonly systemPython: string;
}

export interface PythonVersion {
  /** As written: "3.12" or "3.12.4". */
  readonly version: string;
  /** "3.12" */
  readonly minor: string;
  /** True when the OS release ships exactly this minor as its python3. */
  readonly fromOs: boolean;
}

export interface Requirement {
  /** PEP 503 normalized name: lower case, runs of `-_.` as `-`. */
  readonly name: string;
  /** Normalized extras, sorted, unique. */
  readonly extras: readonly string[];
  /** Canonical specifier set, comma-separated, no spaces, sorted: ">=1.26,<2" → "<2,>=1.26". "" when none. */
  readonly specifier: string;
  /** Exact version when the specifier is a single `==X` (no wildcard), else null. */
  readonly pinned: string | null;
  /** Canonical PEP 508 marker (single-quoted strings, single spaces) or null. */
  readonly marker: string | null;
  /** `sha256:<64 hex>` values, sorted, unique. Empty when not hashed. */
  readonly hashes: readonly string[];
  /** The canonical PEP 508 line without hashes: `uvicorn[standard]==0.30.6`, `numpy<2,>=1.26; python_version >= '3.10'`. */
  readonly line: string;
}

export interface PipSet {
  /** `index "URL"` (at most one; null → the installer's default, PyPI). */
  readonly indexUrl: string | null;
  readonly extraIndexUrls: readonly string[];
  /** Sorted by name. */
  readonly requirements: readonly Requirement[];
  /** True when every requirement carries hashes (then installs use `--require-hashes`). */
  readonly hashed: boolean;
}

export interface AptPackage {
  readonly name: string;
  /** Exact Debian version (`7.88.1-10+deb12u8`) or null for "whatever the release has". */
  readonly version: string | null;
}

export interface FileCopy {
  /** Project-relative source path, forward slashes, no `..`, no leading `./` ("api", "conf/app.ini"). */
  readonly source: string;
  readonly sourceKind: "file" | "dir";
  /**
   * Absolute normalized destination. For a folder: the folder its *contents* land in.
   * For a file: the final file path (a DEST ending in `/` has already been joined with the
   * file's base name).
   */
  readonly dest: string;
}

export interface EnvVar {
  readonly name: string;
  /** Literal value; contains no control characters (checked at the source). */
  readonly value: string;
}

export interface Secret {
  readonly name: string;
  /** With `file`: delivered only as a file at this absolute path, mode 0400, owned by the user. */
  readonly file: string | null;
}

export type RunCommand =
  | { readonly form: "exec"; readonly argv: readonly string[] }
  | { readonly form: "shell"; readonly command: string };

export interface Port {
  readonly port: number;
  readonly protocol: "tcp" | "udp";
}

export type HealthCheck =
  | { readonly kind: "http"; readonly path: string; readonly port: number }
  | { readonly kind: "command"; readonly argv: readonly string[] };

export interface Health {
  readonly check: HealthCheck;
  /** Defaults: every 30s, timeout 5s, retries 3, start 0. */
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly startMs: number;
}

export interface Resources {
  /** CPUs in thousandths (1.5 → 1500). */
  readonly cpuMillis: number | null;
  readonly memoryBytes: number | null;
  readonly diskBytes: number | null;
}

export interface Connection {
  /** The box connected to. */
  readonly box: string;
  /** The ports allowed: the one written, or every port the other box exposes. Sorted. */
  readonly ports: readonly Port[];
}

export interface Volume {
  readonly name: string;
  readonly path: string;
  readonly sizeBytes: number | null;
}

export interface Publish {
  readonly port: number;
  readonly hostPort: number;
  readonly protocol: "tcp" | "udp";
}

export interface ImageRef {
  /** As written: "redis:7.2-bookworm@sha256:…". */
  readonly ref: string;
  /** Repository part: "redis", "ghcr.io/acme/tool". */
  readonly repository: string;
  readonly tag: string;
  readonly digest: string | null;
}

export interface Box {
  readonly name: string;
  /** Project-relative `.box` file that declares the box. */
  readonly source: string;
  /** `sha256:<hex>` of the canonical environment (see fingerprint.ts). */
  readonly fingerprint: string;
  /** Exactly one of `os` / `image` is non-null. */
  readonly os: OsRelease | null;
  readonly image: ImageRef | null;
  /** null: no Python, no virtual environment. */
  readonly python: PythonVersion | null;
  readonly pip: PipSet;
  /** Sorted by name. */
  readonly apt: readonly AptPackage[];
  /** In source order (later copies overwrite earlier ones). */
  readonly files: readonly FileCopy[];
  /** Absolute. Default for `os` boxes: `/srv/<box>`; null for `image` boxes without `workdir` (the image's own). */
  readonly workdir: string | null;
  /** Default for `os` boxes: `app`; null for `image` boxes without `user` (the image's own). */
  readonly user: BoxUser | null;
  /** Sorted by name. */
  readonly env: readonly EnvVar[];
  /** Sorted by name. */
  readonly secrets: readonly Secret[];
  /** Build commands (shell), in order. */
  readonly build: readonly string[];
  /** null: the image's own command (image boxes only). */
  readonly run: RunCommand | null;
  /** Sorted by port then protocol. */
  readonly expose: readonly Port[];
  readonly health: Health | null;
  readonly resources: Resources;
  /** Sorted by box name. */
  readonly connects: readonly Connection[];
  readonly allowRoot: boolean;
  /** Sorted by name. */
  readonly volumes: readonly Volume[];
  /** Sorted by port. */
  readonly publish: readonly Publish[];
  readonly restart: "always" | "on-failure";
  /** Default "SIGTERM". */
  readonly stopSignal: string;
}

interface TargetBase {
  /** True when declared with `target`; false for the default set of a file without targets. */
  readonly declared: boolean;
  /** The boxes this target builds, sorted. */
  readonly boxes: readonly string[];
}

export interface DockerTarget extends TargetBase {
  readonly kind: "docker";
  /** `host/namespace` images are pushed to, or null (local names). */
  readonly registry: string | null;
  /** Rewrites base image references (`mirror/prefix`), or null. */
  readonly baseRegistry: string | null;
  /** Image tag, or null: then the first 12 hex digits of the box's fingerprint. */
  readonly tag: string | null;
}

export interface ComposeTarget extends TargetBase {
  readonly kind: "compose";
  /** Prefix of the generated network names; default "boxc". */
  readonly networkPrefix: string;
}

export interface VenvTarget extends TargetBase {
  readonly kind: "venv";
  /** Folder of the venv relative to where setup runs; `{box}` is replaced. Default ".venv-{box}". */
  readonly path: string;
}

export interface VmTarget extends TargetBase {
  readonly kind: "vm";
  readonly name: string;
  readonly cloud: "aws";
  readonly region: string | null;
  readonly instance: string | null;
  readonly diskBytes: number | null;
}

export interface KubernetesTarget extends TargetBase {
  readonly kind: "kubernetes";
  readonly namespace: string | null;
  /** Default 1. */
  readonly replicas: number;
}

export type Target = DockerTarget | ComposeTarget | VenvTarget | VmTarget | KubernetesTarget;
export type TargetKind = Target["kind"];

export interface ProjectIR {
  readonly irVersion: typeof IR_VERSION;
  readonly project: string;
  /** Every source file of the project, project-relative, sorted. */
  readonly sources: readonly string[];
  /** The entry files given to the compiler, project-relative, in the order given. */
  readonly entries: readonly string[];
  /** Sorted by name. */
  readonly boxes: readonly Box[];
  /** Sorted by kind, then name. The docker target's options name images for compose and kubernetes even when docker itself is not emitted. */
  readonly targets: readonly Target[];
}
