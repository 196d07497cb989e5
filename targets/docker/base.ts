/**
 * Which base image a box starts from, and how its Python gets there. Decided here once; the
 * view only renders it. Both stages of a Dockerfile use the same base so the interpreter the
 * virtual environment points at exists in the runtime stage.
 */
import type { Box, DockerTarget } from "../_shared/api.ts";

/** Minor versions with an official `python:X.Y-slim-<codename>` image. */
const PYTHON_IMAGE_MINORS: Readonly<Record<string, readonly string[]>> = {
  bullseye: ["3.7", "3.8", "3.9", "3.10", "3.11", "3.12"],
  bookworm: ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"],
  trixie: ["3.9", "3.10", "3.11", "3.12", "3.13", "3.14"],
};

/** The pinned uv that installs a side-by-side CPython on Ubuntu (its release pins the builds and their sha256). */
export const UV_IMAGE = "ghcr.io/astral-sh/uv:0.8.22";
/** Where uv puts managed interpreters; copied whole into the runtime stage. */
export const UV_PYTHON_DIR = "/opt/python";

export type PythonSource =
  /** The official python image: python is /usr/local/bin/python. */
  | { readonly kind: "image" }
  /** The OS release's own python3 from apt (Ubuntu, matching minor). */
  | { readonly kind: "os" }
  /** A CPython build installed by the pinned uv into UV_PYTHON_DIR. */
  | { readonly kind: "uv"; readonly request: string }
  | { readonly kind: "none" };

export interface BasePlan {
  /** Image reference as pulled (after `base-registry`). */
  readonly from: string;
  readonly python: PythonSource;
  /** `uv` image reference when python.kind is "uv". */
  readonly uvImage: string | null;
}

export type BaseError = { readonly python: string; readonly os: string; readonly codename: string; readonly supported: string };

/** `base-registry` rewrites every base reference: `mirror/prefix` + `/` + the reference without `docker.io/`. */
export function rewriteBase(target: DockerTarget, ref: string): string {
  if (target.baseRegistry === null) return ref;
  return `${target.baseRegistry.replace(/\/+$/, "")}/${ref.replace(/^docker\.io\//, "")}`;
}

export function planBase(box: Box, target: DockerTarget): BasePlan | BaseError {
  if (box.image !== null) return { from: rewriteBase(target, box.image.ref), python: { kind: "none" }, uvImage: null };
  const os = box.os!;
  const py = box.python;
  if (os.distro === "debian") {
    if (py === null) return { from: rewriteBase(target, `debian:${os.codename}-slim`), python: { kind: "none" }, uvImage: null };
    const minors = PYTHON_IMAGE_MINORS[os.codename] ?? [];
    if (!minors.includes(py.minor)) {
      return {
        python: py.version,
        os: os.id,
        codename: os.codename,
        supported: minors.length ? `${minors[0]}–${minors[minors.length - 1]}` : "(none)",
      };
    }
    return { from: rewriteBase(target, `python:${py.version}-slim-${os.codename}`), python: { kind: "image" }, uvImage: null };
  }
  const from = rewriteBase(target, `ubuntu:${os.release}`);
  if (py === null) return { from, python: { kind: "none" }, uvImage: null };
  if (py.fromOs) return { from, python: { kind: "os" }, uvImage: null };
  return { from, python: { kind: "uv", request: py.version }, uvImage: rewriteBase(target, UV_IMAGE) };
}

export function isBaseError(p: BasePlan | BaseError): p is BaseError {
  return "supported" in p;
}
