/**
 * Docker image references (`image "redis:7.2-bookworm@sha256:…"`) and the docker target's
 * `registry`/`base-registry` and `tag` options, after the grammar of
 * distribution/reference: `[domain[:port]/]path-component(/path-component)*[:tag][@digest]`.
 * The repository is kept as written (no `docker.io/library/` expansion): that is what every
 * target writes back.
 */
import type { StringLit, Value } from "../../ast/types.ts";
import type { ImageRef } from "../../ir/types.ts";
import type { Diagnostic } from "../../diagnostics/types.ts";
import { diag } from "../../diagnostics/make.ts";
import { checkNoControl, fail, type Result } from "./common.ts";

const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Docker's rule: the first component is a registry host when it has a `.` or `:`, or is `localhost`. */
function looksLikeDomain(first: string): boolean {
  return first.includes(".") || first.includes(":") || first === "localhost" || /[A-Z]/.test(first);
}

function domainProblem(domain: string): string | null {
  const m = /^(.*?)(?::([0-9]+))?$/.exec(domain)!;
  const host = m[1]!;
  const port = m[2];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return `port \`${port}\` of \`${domain}\` is out of range`;
  if (host.startsWith("[") && host.endsWith("]")) return null; // an IPv6 literal
  if (!host.split(".").every((c) => DOMAIN_COMPONENT.test(c))) return `\`${domain}\` is not a valid registry host`;
  return null;
}

/** Why `name` (`[domain/]path`) is not a repository name, or null. */
function nameProblem(name: string): string | null {
  if (name === "") return "the repository name is empty";
  if (name.length > 255) return "the repository name is longer than 255 characters";
  const parts = name.split("/");
  const path = parts.length > 1 && looksLikeDomain(parts[0]!) ? parts.slice(1) : parts;
  if (path !== parts) {
    const p = domainProblem(parts[0]!);
    if (p !== null) return p;
  }
  for (const c of path) {
    if (c === "") return "it has an empty path component";
    if (/[A-Z]/.test(c)) return `\`${c}\` has upper-case letters (repository names are lower case)`;
    if (!PATH_COMPONENT.test(c)) return `\`${c}\` is not a valid repository component`;
  }
  return null;
}

export function checkImageRef(node: Value): Result<ImageRef | null> {
  const [ref, ds] = checkNoControl(node, "an image reference");
  if (ref === null) return [null, ds];
  const span = (node as StringLit);
  const bad = (reason: string) => fail<ImageRef>(diag("BOX2180", { ref, reason }, { span }));
  if (/\s/.test(ref)) return bad("it contains whitespace");
  const at = ref.indexOf("@");
  const beforeDigest = at >= 0 ? ref.slice(0, at) : ref;
  const digest = at >= 0 ? ref.slice(at + 1) : null;
  if (digest !== null && !DIGEST.test(digest)) return bad(`the digest must be \`sha256:\` and 64 lower-case hex digits`);
  // A `:` after the last `/` starts the tag; one before it belongs to a registry port.
  const lastSlash = beforeDigest.lastIndexOf("/");
  const colon = beforeDigest.indexOf(":", lastSlash + 1);
  const repository = colon >= 0 ? beforeDigest.slice(0, colon) : beforeDigest;
  const tag = colon >= 0 ? beforeDigest.slice(colon + 1) : null;
  const problem = nameProblem(repository);
  if (problem !== null) return bad(problem);
  if (tag !== null && !TAG.test(tag)) return bad(`\`${tag}\` is not a valid tag`);
  if (tag === null) return fail(diag("BOX2181", { ref, repository }, { span }));
  if (tag === "latest") return fail(diag("BOX2182", { ref }, { span }));
  const out: ImageRef = { ref, repository, tag, digest };
  const warnings: Diagnostic[] = digest === null ? [diag("BOX2183", { ref }, { span })] : [];
  return [out, warnings];
}

/** `registry "ghcr.io/acme"`: a repository prefix the box names are appended to. */
export function checkRegistry(node: Value, what = "`registry`"): Result<string | null> {
  const [value, ds] = checkNoControl(node, what);
  if (value === null) return [null, ds];
  const span = (node as StringLit);
  let reason: string | null = null;
  if (/\s/.test(value)) reason = "it contains whitespace";
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) reason = "it is a url; write the host without a scheme";
  else if (value.endsWith("/")) reason = "it ends with `/`";
  else if (value.includes("@")) reason = "it contains a digest";
  // Valid exactly when a box name appended to it makes a valid repository name.
  else reason = nameProblem(`${value}/box`);
  if (reason !== null) return fail(diag("BOX2184", { value, reason }, { span }));
  return [value, []];
}

/** `tag "x"` of the docker target. */
export function checkTag(node: Value): Result<string | null> {
  const [value, ds] = checkNoControl(node, "`tag`");
  if (value === null) return [null, ds];
  if (!TAG.test(value)) return fail(diag("BOX2185", { value }, { span: (node as StringLit) }));
  return [value, []];
}
