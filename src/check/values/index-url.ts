/**
 * `index "URL"` / `extra-index "URL"`: an absolute http(s) URL written into requirement files,
 * Dockerfiles and scripts, so no whitespace, no `${` (pip expands it) and no credentials
 * (they would be stored in every artifact and image layer).
 */
import type { StringLit, Value } from "../../ast/types.ts";
import { diag } from "../../diagnostics/make.ts";
import { checkNoControl, fail, innerSpan, type Result } from "./common.ts";

export function checkIndexUrl(node: Value, what = "the index url"): Result<string | null> {
  const [url, ds] = checkNoControl(node, what);
  if (url === null) return [null, ds];
  const lit = node as StringLit;
  const interp = url.indexOf("${");
  if (interp >= 0) return fail(diag("BOX2113", { what }, { span: innerSpan(lit, interp, 2) }));
  const bad = (reason: string, index?: number) =>
    fail<string>(diag("BOX2125", { url, reason }, { span: index === undefined ? lit : innerSpan(lit, index) }));
  const ws = url.search(/\s/);
  if (ws >= 0) return bad("it contains whitespace", ws);
  if (!/^https?:\/\//i.test(url)) return bad("it must start with `https://` or `http://`");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return bad("it cannot be parsed as a url");
  }
  if (parsed.hostname === "") return bad("it has no host");
  if (parsed.username !== "" || parsed.password !== "") {
    // The message must not repeat the secret: diagnostics end up in CI logs.
    const shown = url.replace(/^(https?:\/\/)[^/?#]*@/i, "$1***@");
    return fail(diag("BOX2126", { url: shown }, { span: lit }));
  }
  return [url, []];
}
