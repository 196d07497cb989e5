/**
 * `apt { "name" "name=version" }`. Names and versions follow Debian policy (§5.6.1, §5.6.12);
 * their character sets leave no room for shell syntax or apt options. Architecture qualifiers
 * (`name:amd64`) are not supported: a box has one architecture, and a `:` would make the
 * version/epoch split ambiguous to readers.
 */
import type { Value } from "../../ast/types.ts";
import type { AptPackage } from "../../ir/types.ts";
import { diag } from "../../diagnostics/make.ts";
import { expectString, fail, innerSpan, type Result } from "./common.ts";

const NAME = /^[a-z0-9][a-z0-9+.-]+$/;

/**
 * Debian policy §5.6.12 `[epoch:]upstream[-revision]`: the epoch is digits; the revision is
 * what follows the last `-`; upstream starts with a digit and may hold `-` only when a
 * revision follows, and `:` only when an epoch precedes.
 */
export function isDebianVersion(v: string): boolean {
  const epoch = /^[0-9]+:/.exec(v);
  const rest = epoch ? v.slice(epoch[0].length) : v;
  const dash = rest.lastIndexOf("-");
  const upstream = dash >= 0 ? rest.slice(0, dash) : rest;
  if (dash >= 0 && !/^[A-Za-z0-9+.~]+$/.test(rest.slice(dash + 1))) return false;
  const chars = `A-Za-z0-9.+~${dash >= 0 ? "\\-" : ""}${epoch ? ":" : ""}`;
  return new RegExp(`^[0-9][${chars}]*$`).test(upstream);
}

export function checkAptPackage(node: Value): Result<AptPackage | null> {
  const [lit, ds] = expectString(node, "an apt package");
  if (lit === null) return [null, ds];
  const text = lit.value;
  if (text.trimStart().startsWith("-")) return fail(diag("BOX2132", { text }, { span: lit }));
  const eq = text.indexOf("=");
  const name = eq >= 0 ? text.slice(0, eq) : text;
  if (!NAME.test(name)) {
    const span = eq >= 0 ? innerSpan(lit, 0, eq) : lit;
    const arch = /^[a-z0-9][a-z0-9+.-]+:[a-z0-9-]+$/.test(name);
    const help = arch ? `architecture qualifiers are not supported: write \`${name.slice(0, name.indexOf(":"))}\`` : undefined;
    return fail(diag("BOX2130", { name }, { span, ...(help ? { help } : {}) }));
  }
  if (eq < 0) return [{ name, version: null }, []];
  const version = text.slice(eq + 1);
  if (!isDebianVersion(version)) return fail(diag("BOX2131", { version }, { span: innerSpan(lit, eq + 1, version.length) }));
  return [{ name, version }, []];
}
