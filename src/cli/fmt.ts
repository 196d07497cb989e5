/** `boxc fmt`: the canonical layout of `.box` files (the formatter itself is src/fmt). */
import { chmodSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { diag } from "../diagnostics/make.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import { formatSource } from "../fmt/format.ts";
import { lossySourceFile } from "../source/decode.ts";
import type { SourceFile } from "../source/span.ts";
import { exitCodeFor, reporter, slash, type ExitCode, type GlobalOptions, type Io } from "./context.ts";

/** `boxc fmt`: format each file; write the changed ones (temp + rename) or, with --check, list them. */
export function runFmt(io: Io, g: GlobalOptions, files: readonly string[], check: boolean): ExitCode {
  const rep = reporter(io, g);
  const paths = files.length > 0
    ? files.map((f) => resolve(io.cwd, f))
    : readdirSync(io.cwd).filter((n) => n.endsWith(".box")).sort().map((n) => join(io.cwd, n));
  if (paths.length === 0) {
    const ds = [diag("BOX5001", { dir: "." })];
    rep.report(ds);
    return exitCodeFor(ds);
  }
  const sources = new Map<string, SourceFile>();
  const ds: Diagnostic[] = [];
  const changed: string[] = [];
  for (const abs of paths) {
    const shown = slash(relative(io.cwd, abs)) || basename(abs);
    let bytes: Buffer;
    try {
      bytes = readFileSync(abs);
    } catch (e) {
      ds.push(diag("BOX5002", { path: shown, reason: (e as NodeJS.ErrnoException).code ?? String(e) }));
      continue;
    }
    // The bytes, not a lossy decoding of them: that would write U+FFFD over whatever was not
    // UTF-8 and call it formatting. Invalid UTF-8 is BOX1001, as in every other command.
    const [out, fds] = formatSource(shown, bytes);
    ds.push(...fds);
    // For code frames: the text the diagnostics' offsets count in, even where it is not UTF-8.
    if (fds.length > 0) sources.set(shown, lossySourceFile(shown, bytes));
    if (out === null || bytes.equals(Buffer.from(out, "utf8"))) continue;
    if (check) {
      ds.push(diag("BOX5011", { path: shown }));
      continue;
    }
    const tmp = join(dirname(abs), `.${basename(abs)}.boxc-tmp-${process.pid}`);
    try {
      writeFileSync(tmp, out);
      chmodSync(tmp, statSync(abs).mode & 0o7777);
      renameSync(tmp, abs);
      changed.push(shown);
    } catch (e) {
      try {
        unlinkSync(tmp); // never leave a temp file beside the user's source
      } catch {
        // not created, or already renamed
      }
      ds.push(diag("BOX5006", { path: shown, reason: (e as NodeJS.ErrnoException).code ?? String(e) }));
    }
  }
  rep.report(ds, sources);
  if (!g.quiet && g.format === "text" && !check) {
    for (const c of changed) io.stderr(`formatted ${c}\n`);
  }
  return exitCodeFor(ds);
}

