/**
 * What every command shares: the process's window (Io), global options, loading and
 * compiling the project, and reporting diagnostics in the chosen format.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { CompileResult, compile as compileType, emit as emitType, emitEach as emitEachType } from "../compile.ts";
import { diag, hasErrors } from "../diagnostics/make.ts";
import { renderDiagnostics, type OutputFormat } from "../diagnostics/render.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import type { SourceFile } from "../source/span.ts";
import { nodeHost } from "../host/node.ts";
import type { Host } from "../source/host.ts";
import { codeByName } from "./explain.ts";
import { defaultEntries } from "./inputs.ts";

export interface Io {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
}

export const EXIT = { ok: 0, problems: 1, usage: 2, internal: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Wrong use of the command line: reported in one line, exit 2. */
export class UsageError extends Error {}

export interface GlobalOptions {
  readonly format: OutputFormat;
  readonly color: boolean;
  readonly quiet: boolean;
  readonly debug: boolean;
  readonly allow: readonly string[];
  readonly deny: readonly string[];
}

export interface RawGlobals {
  format?: string;
  color?: string;
  quiet?: boolean;
  debug?: boolean;
  allow?: string[];
  deny?: string[];
}

/** Merges the options given before the command with those given after it (later wins). */
export function globalOptions(io: Io, ...layers: RawGlobals[]): GlobalOptions {
  const pick = <K extends keyof RawGlobals>(k: K): RawGlobals[K] | undefined => {
    let v: RawGlobals[K] | undefined;
    for (const l of layers) if (l[k] !== undefined) v = l[k];
    return v;
  };
  const format = pick("format") ?? "text";
  if (format !== "text" && format !== "json" && format !== "github") {
    throw new UsageError(`option '--format <format>' argument '${format}' is invalid: choose text, json or github`);
  }
  const color = pick("color") ?? "auto";
  if (color !== "auto" && color !== "always" && color !== "never") {
    throw new UsageError(`option '--color <when>' argument '${color}' is invalid: choose auto, always or never`);
  }
  const noColor = (io.env.NO_COLOR ?? "") !== "";
  const allow = layers.flatMap((l) => l.allow ?? []);
  const deny = layers.flatMap((l) => l.deny ?? []);
  for (const name of allow) {
    const c = codeByName(name);
    if (!c) throw new UsageError(`--allow: unknown diagnostic name '${name}' (see \`boxc explain CODE\`)`);
    if (c.severity === "error") throw new UsageError(`--allow: '${name}' is an error, and errors cannot be silenced`);
  }
  for (const name of deny) if (!codeByName(name)) throw new UsageError(`--deny: unknown diagnostic name '${name}'`);
  return {
    format,
    color: format === "text" && (color === "always" || (color === "auto" && io.stderrIsTTY && !noColor)),
    quiet: pick("quiet") ?? false,
    debug: pick("debug") ?? false,
    allow,
    deny,
  };
}

/** `--allow` drops warnings, `--deny` turns them into errors. Errors are never dropped. */
export function applyAllowDeny(ds: readonly Diagnostic[], g: GlobalOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of ds) {
    if (d.severity === "warning" && g.allow.includes(d.name) && !g.deny.includes(d.name)) continue;
    out.push(d.severity === "warning" && g.deny.includes(d.name) ? { ...d, severity: "error" } : d);
  }
  return out;
}

export const isInternal = (d: Diagnostic) => d.code.startsWith("BOX9");

export function exitCodeFor(ds: readonly Diagnostic[]): ExitCode {
  if (ds.some(isInternal)) return EXIT.internal;
  return hasErrors(ds) ? EXIT.problems : EXIT.ok;
}

/** A native path with forward slashes, as every path boxc prints. */
export const slash = (p: string) => p.split(sep).join("/");

/** How a path is shown: relative to the cwd, forward slashes. */
export function displayFrom(io: Io, root: string): (file: string) => string {
  return (file) => {
    const rel = relative(io.cwd, join(root, file));
    return slash(rel === "" ? "." : rel);
  };
}

export interface Reporter {
  /** Prints the diagnostics in the chosen format; json output is one document on `stream`. */
  report(ds: readonly Diagnostic[], sources?: ReadonlyMap<string, SourceFile>, displayPath?: (f: string) => string): void;
}

export function reporter(io: Io, g: GlobalOptions, jsonStream: "stdout" | "stderr" = "stdout"): Reporter {
  return {
    report(ds, sources = new Map(), displayPath = (f) => f) {
      const text = renderDiagnostics(ds, { format: g.format, sources, displayPath, color: g.color });
      if (g.format === "json") (jsonStream === "stdout" ? io.stdout : io.stderr)(text);
      else if (g.format === "github") io.stdout(text);
      else if (g.quiet) {
        const errors = ds.filter((d) => d.severity === "error");
        if (errors.length > 0) io.stderr(renderDiagnostics(errors, { format: "text", sources, displayPath, color: g.color }));
      } else if (text !== "") io.stderr(text);
    },
  };
}

export interface Project {
  readonly entries: readonly string[];
  readonly root: string;
  readonly displayPath: (file: string) => string;
}

/** Resolves the entry files and the project root, or the diagnostics that prevent it. */
export function resolveProject(io: Io, files: readonly string[], rootOpt: string | undefined): [Project | null, Diagnostic[]] {
  const ds: Diagnostic[] = [];
  const entries = files.length > 0 ? files.map((f) => resolve(io.cwd, f)) : defaultEntries(io.cwd);
  if (entries.length === 0) {
    return [null, [diag("BOX5001", { dir: "." })]];
  }
  const root = rootOpt !== undefined ? resolve(io.cwd, rootOpt) : dirname(entries[0]!);
  const show = (abs: string) => slash(relative(io.cwd, abs)) || ".";
  for (const e of entries) {
    if (!existsSync(e)) ds.push(diag("BOX5002", { path: show(e), reason: "no such file" }));
    else if (!statSync(e).isFile()) ds.push(diag("BOX5002", { path: show(e), reason: "not a file" }));
    const rel = relative(root, e);
    if (rel.startsWith("..") || isAbsolute(rel)) ds.push(diag("BOX5015", { path: show(e), root: show(root) }));
  }
  if (hasErrors(ds)) return [null, ds];
  return [{ entries, root, displayPath: displayFrom(io, root) }, ds];
}

export interface Compiled {
  readonly project: Project;
  /** Not readonly: `boxc build` takes the IR out (build.ts, `Lowered`), so that nothing keeps it after rendering. */
  result: CompileResult | null;
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, SourceFile>;
  readonly compiler: Compiler;
}

export interface Compiler {
  readonly compile: typeof compileType;
  readonly emit: typeof emitType;
  readonly emitEach: typeof emitEachType;
}

/**
 * The library, loaded on first use: `--help`, `--version` and `explain` never pay for the
 * compiler, and a broken front end cannot break them.
 */
export async function loadCompiler(): Promise<Compiler> {
  const mod = (await import("../compile.ts")) as Partial<Compiler>;
  if (typeof mod.compile !== "function" || typeof mod.emit !== "function" || typeof mod.emitEach !== "function") {
    throw new Error("the compiler library (src/compile.ts) does not provide compile(), emit() and emitEach()");
  }
  return mod as Compiler;
}

/** `host`: what the compiler reads through (the build cache passes a recording one). */
export async function compileProject(io: Io, g: GlobalOptions, files: readonly string[], rootOpt: string | undefined, host: Host = nodeHost): Promise<Compiled | { failed: readonly Diagnostic[] }> {
  const [project, pds] = resolveProject(io, files, rootOpt);
  if (!project) return { failed: pds };
  const compiler = await loadCompiler();
  const result = compiler.compile({ entries: project.entries, root: project.root, host });
  return {
    project,
    result,
    diagnostics: applyAllowDeny([...pds, ...result.diagnostics], g),
    sources: result.sources,
    compiler,
  };
}

/** How the output folder is named in messages and status lines: as given, relative to the working directory when inside it. */
export function dirLabelOf(io: Io, out: string, outAbs: string): string {
  const rel = relative(io.cwd, outAbs);
  return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? slash(out.replace(/[\\/]+$/, "")) : slash(rel);
}
