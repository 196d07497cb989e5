/**
 * Path arithmetic for the checker. Host paths are absolute and platform-native; everything
 * the compiler records (spans, IR) is project-relative with `/`.
 */
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";

/** Project-relative, `/`-separated form of an absolute path, or undefined when outside `root`. */
export function projectRelative(root: string, abs: string): string | undefined {
  const rel = relative(root, abs);
  if (rel === "") return "";
  if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep).join("/");
}

/** Absolute path of a project-relative one. */
export function absoluteOf(root: string, rel: string): string {
  return rel === "" ? root : resolve(root, ...rel.split("/"));
}

/** Resolves `spec` (written with `/`) relative to the folder of the absolute file `from`. */
export function resolveFrom(from: string, spec: string): string {
  return resolve(dirname(from), ...spec.split("/"));
}
