/**
 * `--format github`: GitHub Actions workflow commands, one line per diagnostic, so that
 * problems show up as annotations on the pull request's files.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import type { Diagnostic } from "./types.ts";
import type { TextOptions } from "./render-text.ts";
import { position } from "./render-json.ts";
import { countPhrase, summarize } from "./render-summary.ts";

/** Escaping of a command's message (the part after `::`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escaping of a property value (`file=...`): also `:` and `,`, which delimit properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function githubLine(d: Diagnostic, opts: TextOptions): string {
  const p = position(d.span, opts);
  const props: string[] = [];
  if (p.file !== null) props.push(`file=${escapeProperty(p.file)}`);
  if (p.line !== null) {
    props.push(`line=${p.line}`, `col=${p.column}`, `endLine=${p.endLine}`, `endColumn=${p.endColumn}`);
  }
  props.push(`title=${escapeProperty(`${d.code} ${d.name}`)}`);
  const message = d.help ? `${d.message}\nhelp: ${d.help}` : d.message;
  return `::${d.severity === "error" ? "error" : "warning"} ${props.join(",")}::${escapeData(message)}`;
}

export function renderGithub(sorted: readonly Diagnostic[], opts: TextOptions, limit: number): string {
  if (sorted.length === 0) return "";
  const lines = sorted.slice(0, limit).map((d) => githubLine(d, opts));
  const hidden = sorted.slice(limit);
  if (hidden.length > 0) lines.push(`::notice title=boxc::${escapeData(`${countPhrase(summarize(hidden))} more not shown`)}`);
  return `${lines.join("\n")}\n`;
}
