/**
 * Step 1: load the project. Reads the entry files and everything they import (each file
 * once), through the Host only. Every path stays inside the project root after symbolic
 * links are resolved.
 */
import type { BoxFile, ImportDecl } from "../ast/types.ts";
import { parseSource } from "../ast/parse.ts";
import { count, timedWall } from "../perf/timings.ts";
import { MAX_IMPORT_DEPTH } from "./limits.ts";
import { diag } from "../diagnostics/make.ts";
import type { Diagnostic, Result } from "../diagnostics/types.ts";
import type { Host } from "../source/host.ts";
import type { SourceFile, Span } from "../source/span.ts";
import { describeValue } from "./describe.ts";
import { projectRelative, resolveFrom } from "./paths.ts";

export interface LoadedFile {
  /** Project-relative path with `/`. */
  readonly path: string;
  readonly abs: string;
  readonly source: SourceFile;
  readonly ast: BoxFile;
}

export interface Project {
  /** The canonical (symlink-free) absolute root. */
  readonly root: string;
  /** Every loaded file by project-relative path, in load order (entries first, depth first). */
  readonly files: ReadonlyMap<string, LoadedFile>;
  /** Project-relative entry paths in the order given. */
  readonly entries: readonly string[];
  /** Every decoded source, also of files with syntax errors (for code frames). */
  readonly sources: ReadonlyMap<string, SourceFile>;
}

interface Edge {
  readonly to: string;
  readonly span: Span;
}

export function loadProject(entries: readonly string[], rootIn: string, host: Host): Result<Project> {
  const ds: Diagnostic[] = [];
  const root = host.realpath(rootIn) ?? rootIn;
  const files = new Map<string, LoadedFile>();
  const sources = new Map<string, SourceFile>();
  const edges = new Map<string, Edge[]>();
  const failed = new Set<string>();
  const entryPaths: string[] = [];

  const read = (abs: string, rel: string, depth = 0): void => {
    if (files.has(rel) || failed.has(rel)) return;
    const bytes = host.readFile(abs);
    if (bytes === undefined) {
      failed.add(rel);
      ds.push(diag("BOX2005", { path: rel }));
      return;
    }
    const parsed = timedWall("parse", () => parseSource(rel, bytes));
    count("parseBytes", bytes.length);
    ds.push(...parsed.diagnostics);
    if (parsed.file) sources.set(rel, parsed.file);
    if (!parsed.file || !parsed.ast) {
      failed.add(rel);
      return;
    }
    files.set(rel, { path: rel, abs, source: parsed.file, ast: parsed.ast });
    const out: Edge[] = [];
    edges.set(rel, out);
    const seen = new Map<string, Span>();
    for (const st of parsed.ast.statements) {
      if (st.kind !== "Import") continue;
      const target = resolveImport(st, abs, root, host, ds);
      if (target === undefined) continue;
      const first = seen.get(target.rel);
      if (first) {
        ds.push(diag("BOX2004", { path: target.rel }, { span: st.path, related: [{ span: first, message: "first imported here" }] }));
        continue;
      }
      seen.set(target.rel, st.path);
      // Bounded recursion (here and in findCycles, which walks the same edges): see check/limits.ts.
      if (depth >= MAX_IMPORT_DEPTH && !files.has(target.rel)) {
        ds.push(diag("BOX2090", { limit: MAX_IMPORT_DEPTH }, { span: st.path }));
        continue;
      }
      out.push({ to: target.rel, span: st.path });
      read(target.abs, target.rel, depth + 1);
    }
  };

  for (const e of entries) {
    const real = host.realpath(e);
    const rel = real === undefined ? undefined : projectRelative(root, real);
    if (real === undefined || rel === undefined) {
      ds.push(diag(real === undefined ? "BOX2005" : "BOX2002", { path: e }));
      continue;
    }
    if (!entryPaths.includes(rel)) entryPaths.push(rel);
    read(real, rel);
  }

  ds.push(...findCycles(entryPaths, edges));
  return [{ root, files, entries: entryPaths, sources }, ds];
}

function resolveImport(
  st: ImportDecl,
  fromAbs: string,
  root: string,
  host: Host,
  ds: Diagnostic[],
): { abs: string; rel: string } | undefined {
  const v = st.path;
  if (v.kind !== "String") {
    ds.push(diag("BOX2021", { what: "import", expected: "a string path", found: describeValue(v) }, { span: v }));
    return undefined;
  }
  const abs = resolveFrom(fromAbs, v.value);
  // Refused before looking at the file system: whether an outside file exists is none of the project's business.
  if (projectRelative(root, abs) === undefined) {
    ds.push(diag("BOX2002", { path: v.value }, { span: v }));
    return undefined;
  }
  const real = host.realpath(abs);
  if (real === undefined || host.stat(real) !== "file") {
    ds.push(diag("BOX2001", { path: v.value }, { span: v }));
    return undefined;
  }
  const rel = projectRelative(root, real);
  if (rel === undefined || rel === "") {
    ds.push(diag("BOX2002", { path: v.value }, { span: v }));
    return undefined;
  }
  return { abs: real, rel };
}

/** Each import cycle once, reported at the import that closes it, with the whole chain. */
function findCycles(entries: readonly string[], edges: ReadonlyMap<string, readonly Edge[]>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const state = new Map<string, "active" | "done">();
  const stack: { file: string; via?: Edge }[] = [];
  const visit = (file: string, via?: Edge): void => {
    state.set(file, "active");
    stack.push({ file, ...(via ? { via } : {}) });
    for (const e of edges.get(file) ?? []) {
      const s = state.get(e.to);
      if (s === "active") {
        const from = stack.findIndex((f) => f.file === e.to);
        const cycle = stack.slice(from);
        const chain = [...cycle.map((f) => f.file), e.to].join(" → ");
        const related = cycle
          .slice(1)
          .map((f) => ({ span: f.via!.span, message: `\`${f.file}\` is imported here` }));
        out.push(diag("BOX2003", { chain }, { span: e.span, related }));
      } else if (s === undefined) visit(e.to, e);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const e of entries) if (!state.has(e)) visit(e);
  return out;
}
