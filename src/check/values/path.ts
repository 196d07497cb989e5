/**
 * Absolute paths inside a box (workdir, copy destination, volume mount, secret file, health
 * path is NOT one of these: it is a URL path). Normalized so every target names the same
 * place: no `.` or `..` segments, no `//`, no trailing `/` (except `/` itself, or where the
 * caller allows one: a copy DEST ending with `/` means "into this folder"). A `:` is refused
 * because docker and compose volume specs split on it (`name:/path:ro`), so a mount at such a
 * path would be read as another mount.
 */
import type { Value } from "../../ast/types.ts";
import { diag } from "../../diagnostics/make.ts";
import { checkNoControl, fail, innerSpan, type Result } from "./common.ts";
import type { StringLit } from "../../ast/types.ts";

export interface AbsPathOptions {
  /** Accept one trailing `/` (copy DEST). */
  readonly allowTrailingSlash?: boolean;
}

/** A `/` followed by `/`, `./`, `../` or the end: something to normalize. */
const NOT_NORMAL = /\/(?:\.\.?)?(?:\/|$)/;

/** The normalized form of an absolute path, as a help line can suggest it. */
export function normalizeAbsPath(p: string, keepTrailingSlash = false): string {
  // Most paths are already normal: absolute, no empty, `.` or `..` segment, no trailing `/`.
  if (p.startsWith("/") && !NOT_NORMAL.test(p)) return p;
  const out: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  const joined = `/${out.join("/")}`;
  return keepTrailingSlash && joined !== "/" && p.endsWith("/") ? `${joined}/` : joined;
}

export function checkAbsPath(node: Value, what: string, opts: AbsPathOptions = {}): Result<string | null> {
  const [path, ds] = checkNoControl(node, what);
  if (path === null) return [null, ds];
  const lit = node as StringLit;
  if (!path.startsWith("/")) {
    return fail(diag("BOX2160", { what, path }, { span: lit }));
  }
  const colon = path.indexOf(":");
  if (colon >= 0) return fail(diag("BOX2162", { what, path }, { span: innerSpan(lit, colon) }));
  const trailingOk = opts.allowTrailingSlash === true;
  const fixed = normalizeAbsPath(path, trailingOk);
  if (fixed === path) return [path, []];
  const bad = /\/\/|\/\.\.?(?=\/|$)|(?<=.)\/$/.exec(path)!;
  const reason = bad[0] === "//" ? "it has an empty segment (`//`)" : bad[0] === "/" ? "it ends with `/`" : `it has a \`${bad[0].slice(1)}\` segment`;
  return fail(diag("BOX2161", { what, path, reason, fixed }, { span: innerSpan(lit, bad.index, bad[0].length) }));
}
