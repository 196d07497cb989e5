/**
 * A secret without `file` reaches the process as the environment variable of its name, so
 * an `env` entry of the same name would be silently overridden on some targets and win on
 * others.
 */
import { diag } from "../../diagnostics/make.ts";
import type { Diagnostic } from "../../diagnostics/types.ts";
import type { EnvVar, Secret } from "../../ir/types.ts";
import type { Span } from "../../source/span.ts";

export function checkEnvSecretClash(
  box: { readonly env: readonly EnvVar[]; readonly secrets: readonly Secret[] },
  spanOf: (ptr: string) => Span | undefined,
): Diagnostic[] {
  const ds: Diagnostic[] = [];
  box.secrets.forEach((s, i) => {
    if (s.file !== null) return;
    const j = box.env.findIndex((e) => e.name === s.name);
    if (j < 0) return;
    const envSpan = spanOf(`/env/${j}/name`);
    ds.push(
      diag("BOX2048", { name: s.name }, {
        span: spanOf(`/secrets/${i}/name`) ?? spanOf(`/secrets/${i}`),
        related: envSpan ? [{ span: envSpan, message: "the `env` entry is here" }] : [],
      }),
    );
  });
  return ds;
}
