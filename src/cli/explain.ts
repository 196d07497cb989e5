/**
 * `boxc explain CODE`: the codes table row plus the long explanation from
 * `docs/diagnostics/CODE.md`. In the shipped bundle the markdown is embedded by esbuild
 * (the glob import below, `.md` loaded as text), so it works wherever the package is
 * installed; when running from sources the file is read next to the repository.
 */
import { readFileSync } from "node:fs";
import { CODES, isCode } from "../diagnostics/codes.ts";

async function docFor(code: string): Promise<string | undefined> {
  if (typeof __BOXC_BUNDLE__ !== "undefined" && __BOXC_BUNDLE__) {
    try {
      const mod = (await import(`../../docs/diagnostics/${code}.md`)) as { default: string };
      return mod.default;
    } catch {
      return undefined;
    }
  }
  try {
    return readFileSync(new URL(`../../docs/diagnostics/${code}.md`, import.meta.url), "utf8");
  } catch {
    return undefined;
  }
}

/** The explanation text, or null for an unknown code. */
export async function explain(input: string): Promise<string | null> {
  const code = input.trim().toUpperCase();
  if (!/^BOX\d{4}$/.test(code) || !isCode(code)) return null;
  const info = CODES[code];
  const head = [`${code} ${info.name} (${info.severity})`, "", `message: ${info.message}`];
  const help: string | undefined = (info as { help?: string }).help;
  if (help) head.push(`help: ${help}`);
  const doc = await docFor(code);
  const body = doc ?? (info as { explain?: string }).explain;
  return `${head.join("\n")}\n${body ? `\n${body.trimEnd()}\n` : ""}`;
}

/** Known warning names, for validating `--allow` / `--deny`. */
export function codeByName(name: string): { code: string; severity: "error" | "warning" } | undefined {
  for (const [code, info] of Object.entries(CODES)) if (info.name === name) return { code, severity: info.severity };
  return undefined;
}
