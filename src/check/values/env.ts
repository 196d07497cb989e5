/**
 * Environment variable and secret names, and environment values. A value may hold anything
 * printable, including `$`, quotes and backslashes (targets quote them), but no control
 * character: a Dockerfile `ENV` and a compose env file cannot hold a newline, and a tab is
 * refused too because docker env files and systemd `EnvironmentFile=` strip or split on
 * surrounding whitespace, so not every target could carry it exactly.
 */
import type { Ident, Value } from "../../ast/types.ts";
import { diag } from "../../diagnostics/make.ts";
import { describeChar, expectString, fail, findControl, innerSpan, type Result } from "./common.ts";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkVariableName(ident: Ident, what: string): Result<string | null> {
  if (NAME.test(ident.name)) return [ident.name, []];
  const bad = ident.name.search(/[^A-Za-z0-9_]/);
  const span = bad >= 0 ? innerSpan(ident, bad) : ident;
  const fixed = ident.name.replace(/[^A-Za-z0-9_]/g, "_");
  const help = NAME.test(fixed) ? `${what} names are letters, digits and \`_\`: write \`${fixed}\`` : undefined;
  return fail(diag("BOX2170", { name: ident.name, what }, { span, ...(help ? { help } : {}) }));
}

export function checkEnvName(ident: Ident): Result<string | null> {
  return checkVariableName(ident, "environment variable");
}

export function checkSecretName(ident: Ident): Result<string | null> {
  return checkVariableName(ident, "secret");
}

export function checkEnvValue(node: Value): Result<string | null> {
  const [lit, ds] = expectString(node, "an environment value");
  if (lit === null) return [null, ds];
  const i = findControl(lit.value);
  if (i < 0) return [lit.value, []];
  const char = describeChar(lit.value.charCodeAt(i));
  return fail(diag("BOX2171", { char }, { span: innerSpan(lit, i) }));
}
