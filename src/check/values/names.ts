/**
 * Names that become DNS labels, container, host, Kubernetes and file names (boxes, templates,
 * targets, volumes, namespaces), and Linux user names.
 */
import type { Ident, StringLit, Value } from "../../ast/types.ts";
import { diag } from "../../diagnostics/make.ts";
import { expectString, fail, innerSpan, type Result } from "./common.ts";

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Windows device names: a folder or file named so cannot be created there (any extension). */
const RESERVED = new Set([
  "con", "prn", "aux", "nul",
  ...Array.from({ length: 10 }, (_, i) => `com${i}`),
  ...Array.from({ length: 10 }, (_, i) => `lpt${i}`),
]);

function dnsProblem(name: string): { reason: string; index: number; length: number } | null {
  if (name.length === 0) return { reason: "it is empty", index: 0, length: 0 };
  if (name.length > 63) return { reason: `it is ${name.length} characters long (at most 63)`, index: 63, length: name.length - 63 };
  const bad = name.search(/[^a-z0-9-]/);
  if (bad >= 0) return { reason: `\`${name[bad]}\` is not allowed`, index: bad, length: 1 };
  if (name.startsWith("-")) return { reason: "it starts with `-`", index: 0, length: 1 };
  if (name.endsWith("-")) return { reason: "it ends with `-`", index: name.length - 1, length: 1 };
  return null;
}

/**
 * A box, template, target or volume name (an identifier or a string). Upper case is an error
 * with the lower-cased name as help: silently lower-casing would make `Api` and `api` collide.
 */
export function checkDnsLabel(node: Ident | Value, what: string, opts: { reserved?: boolean } = {}): Result<string | null> {
  let name: string;
  let at: Ident | StringLit;
  if (node.kind === "Ident") {
    name = node.name;
    at = node;
  } else if (node.kind === "Ref") {
    name = node.name;
    at = { kind: "Ident", name: node.name, file: node.file, start: node.start, end: node.end };
  } else {
    const [lit, ds] = expectString(node, `a ${what} name`);
    if (lit === null) return [null, ds];
    name = lit.value;
    at = lit;
  }
  const upper = name.search(/[A-Z]/);
  if (upper >= 0) {
    const lower = name.toLowerCase();
    const span = innerSpan(at, upper);
    if (dnsProblem(lower) === null) return fail(diag("BOX2190", { what, name, lower }, { span }));
  }
  const p = dnsProblem(name);
  if (p !== null) {
    const span = p.length === 0 ? at : innerSpan(at, p.index, p.length);
    return fail(diag("BOX2191", { what, name, reason: p.reason }, { span }));
  }
  if (opts.reserved !== false && RESERVED.has(name)) return fail(diag("BOX2192", { what, name }, { span: at }));
  return [name, []];
}

/** A Kubernetes namespace: a DNS label (Windows device names do not matter there). */
export function checkNamespace(node: Value): Result<string | null> {
  return checkDnsLabel(node, "namespace", { reserved: false });
}

/**
 * Debian `useradd` names (`NAME_REGEX` default), at most 32 characters. A final `$` (Samba
 * machine accounts) is refused: no box needs one and `$` is expanded by Dockerfile `USER`
 * and shells.
 */
export function checkUserName(node: Value): Result<string | null> {
  const [lit, ds] = expectString(node, "`user`");
  if (lit === null) return [null, ds];
  const name = lit.value;
  let reason: string | null = null;
  let index = 0;
  let length = 1;
  if (name.length === 0) [reason, length] = ["it is empty", 0];
  else if (name.length > 32) [reason, index, length] = [`it is ${name.length} characters long (at most 32)`, 32, name.length - 32];
  else if (!/^[a-z_]/.test(name)) reason = /[A-Z]/.test(name[0]!) ? `it starts with an upper-case letter; write \`${name.toLowerCase()}\`` : `it starts with \`${name[0]}\``;
  else {
    const bad = name.search(/[^a-z0-9_-]/);
    if (bad >= 0) [reason, index] = [`\`${name[bad]}\` is not allowed`, bad];
  }
  if (reason === null) return [name, []];
  const span = length === 0 ? lit : innerSpan(lit, index, length);
  return fail(diag("BOX2195", { name, reason }, { span }));
}

/** A volume name: it names a compose volume, a PVC and a folder on a VM. */
export function checkVolumeName(node: Value): Result<string | null> {
  return checkDnsLabel(node, "volume");
}
