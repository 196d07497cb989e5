/** `stop-signal` and `restart`. */
import type { Value } from "../../ast/types.ts";
import { diag } from "../../diagnostics/make.ts";
import { SIGNAL_NUMBERS, STOP_SIGNALS, UNCATCHABLE_SIGNALS } from "../data/signals.ts";
import { closest } from "../suggest.ts";
import { expectString, fail, type Result } from "./common.ts";

export function checkSignal(node: Value): Result<string | null> {
  const [lit, ds] = expectString(node, "`stop-signal`");
  if (lit === null) return [null, ds];
  const sig = lit.value;
  if (STOP_SIGNALS.includes(sig)) return [sig, []];
  const span = lit;
  if (UNCATCHABLE_SIGNALS.includes(sig)) return fail(diag("BOX2187", { signal: sig }, { span }));
  const upper = sig.trim().toUpperCase();
  const guess =
    SIGNAL_NUMBERS[sig.trim()] ??
    [upper, `SIG${upper}`].find((s) => STOP_SIGNALS.includes(s)) ??
    closest(upper.startsWith("SIG") ? upper : `SIG${upper}`, STOP_SIGNALS);
  const known = STOP_SIGNALS.map((s) => `\`${s}\``).join(", ");
  const help = guess !== undefined && !UNCATCHABLE_SIGNALS.includes(guess) ? `did you mean \`${guess}\`?` : undefined;
  return fail(diag("BOX2186", { signal: sig, known }, { span, ...(help ? { help } : {}) }));
}

const RESTART = ["always", "on-failure"] as const;
export type RestartPolicy = (typeof RESTART)[number];

export function checkRestart(node: Value): Result<RestartPolicy | null> {
  const [lit, ds] = expectString(node, "`restart`");
  if (lit === null) return [null, ds];
  const v = lit.value;
  if ((RESTART as readonly string[]).includes(v)) return [v as RestartPolicy, []];
  const key = v.trim().toLowerCase().replace(/_/g, "-");
  const guess = (RESTART as readonly string[]).includes(key) ? key : key === "unless-stopped" ? "always" : closest(key, RESTART);
  const help = guess !== undefined ? `did you mean \`"${guess}"\`?` : undefined;
  return fail(diag("BOX2188", { value: v }, { span: lit, ...(help ? { help } : {}) }));
}
