/** `os "debian:12"`: one of the supported releases, with did-you-mean for near misses. */
import type { Value } from "../../ast/types.ts";
import type { OsRelease } from "../../ir/types.ts";
import { diag } from "../../diagnostics/make.ts";
import { OS_RELEASES } from "../data/os.ts";
import { closest } from "../suggest.ts";
import { expectString, fail, type Result } from "./common.ts";

/** Other ways people name a release: `debian:bookworm`, `bookworm`, `debian-12`, `ubuntu22.04`. */
function aliases(r: OsRelease): string[] {
  return [
    `${r.distro}:${r.codename}`,
    r.codename,
    `${r.distro}-${r.release}`,
    `${r.distro}${r.release}`,
    `${r.distro}/${r.release}`,
    `${r.distro} ${r.release}`,
    `${r.distro}:${r.release}-slim`,
    `${r.distro}:${r.codename}-slim`,
  ];
}

export function checkOs(node: Value): Result<OsRelease | null> {
  const [lit, ds] = expectString(node, "`os`");
  if (lit === null) return [null, ds];
  const exact = OS_RELEASES.find((r) => r.id === lit.value);
  if (exact) return [exact, []];
  const key = lit.value.trim().toLowerCase();
  const alias = OS_RELEASES.find((r) => r.id === key || aliases(r).includes(key));
  // A typo in the distro name is worth a suggestion; another release number is not.
  const numbers = (t: string) => (t.match(/[0-9]+/g) ?? []).map(Number).join(".");
  const sameNumbers = OS_RELEASES.filter((r) => numbers(r.release) === numbers(key));
  const near = alias?.id ?? closest(key, sameNumbers.map((r) => r.id));
  const help = near !== undefined ? `did you mean \`${near}\`?` : undefined;
  const known = OS_RELEASES.map((r) => `\`${r.id}\``).join(", ");
  return fail(diag("BOX2140", { os: lit.value, known }, { span: lit, ...(help ? { help } : {}) }));
}
