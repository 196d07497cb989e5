/**
 * `copy "SRC" to …`: SRC is relative to the folder of the `.box` file that writes it, must
 * exist, and must stay inside the project root even after following symbolic links (builds
 * see only the project). Glob characters and `\` are refused because Dockerfile `COPY`
 * expands globs and `\` is a separator on Windows: the path must name exactly one entry on
 * every platform.
 */
import type { StringLit, Value } from "../../ast/types.ts";
import type { Host } from "../../source/host.ts";
import { diag } from "../../diagnostics/make.ts";
import { absoluteOf, projectRelative } from "../paths.ts";
import { checkText, fail, innerSpan, type Result } from "./common.ts";

export interface CopySource {
  /** Project-relative, `/`-separated, no `./`, no `..`; `.` for the project root itself. */
  readonly source: string;
  readonly kind: "file" | "dir";
}

/** Joins and normalizes `/`-separated relative paths; null when `..` climbs above the start. */
function joinRelative(base: string, rel: string): string | null {
  const out = base === "" ? [] : base.split("/");
  for (const seg of rel.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(seg);
  }
  return out.join("/");
}

/**
 * @param fromFile project-relative path of the `.box` file (`services/api.box`)
 * @param root absolute, platform-native project root, as the host understands it
 */
export function checkCopySource(node: Value, fromFile: string, root: string, host: Host): Result<CopySource | null> {
  const [text, ds] = checkText(node, "a copy source");
  if (text === null) return [null, ds];
  const lit: StringLit = text.lit;
  const path = text.value;
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return fail(diag("BOX2200", { path }, { span: lit }));
  const glob = path.search(/[*?[\\]/);
  if (glob >= 0) {
    const reason = path[glob] === "\\" ? "contains `\\` (use `/`)" : `contains the glob character \`${path[glob]}\``;
    return fail(diag("BOX2204", { path, reason }, { span: innerSpan(lit, glob) }));
  }
  const dir = fromFile.includes("/") ? fromFile.slice(0, fromFile.lastIndexOf("/")) : "";
  const rel = joinRelative(dir, path);
  if (rel === null) return fail(diag("BOX2201", { path }, { span: lit }));
  const abs = absoluteOf(root, rel);
  const kind = host.stat(abs);
  const real = host.realpath(abs);
  if (kind === undefined || real === undefined) return fail(diag("BOX2203", { path, file: fromFile }, { span: lit }));
  const realRoot = host.realpath(root) ?? root;
  if (projectRelative(realRoot, real) === undefined) return fail(diag("BOX2202", { path }, { span: lit }));
  // A folder is copied with everything in it: Packer's file provisioner follows the symbolic
  // links it finds there, so one leading out of the project would upload that file.
  const escaping = kind === "dir" ? linkLeavingProject(abs, path, realRoot, host) : null;
  if (escaping !== null) return fail(diag("BOX2202", { path: escaping }, { span: lit }));
  return [{ source: rel === "" ? "." : rel, kind }, []];
}

/** The first entry under folder `abs` whose real path is outside the project (shown as `shown/…`), or null. */
function linkLeavingProject(abs: string, shown: string, realRoot: string, host: Host): string | null {
  const seen = new Set<string>();
  const stack: [string, string][] = [[abs, shown.replace(/\/+$/, "")]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [dir, label] = next;
    for (const name of host.readDir(dir) ?? []) {
      const entry = absoluteOf(dir, name);
      const real = host.realpath(entry);
      // A dangling link uploads nothing; a link out of the project uploads what it points at.
      if (real === undefined) continue;
      if (projectRelative(realRoot, real) === undefined) return `${label}/${name}`;
      if (host.stat(entry) === "dir" && !seen.has(real)) {
        seen.add(real);
        stack.push([entry, `${label}/${name}`]);
      }
    }
  }
  return null;
}
