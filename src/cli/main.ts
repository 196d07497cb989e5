/**
 * The `boxc` command line (CLI.md). `run()` is the whole program as a function of its
 * arguments and an Io, so tests drive it in-process; `main()` binds it to the real process.
 * Exit codes: 0 ok · 1 problems in the sources or drift · 2 wrong usage · 3 internal error.
 *
 * BOXC_TEST_INTERNAL_ERROR=1 makes every command throw deliberately, so the tests can check
 * that internal errors exit with 3 and print no stack unless `--debug` is given.
 */
import { relative } from "node:path";
import { Command, CommanderError, Option } from "commander";
import pkg from "../../package.json" with { type: "json" };
import { diag, hasErrors } from "../diagnostics/make.ts";
import { parseTargets, runBuild, type BuildOptions } from "./build.ts";
import {
  compileProject,
  EXIT,
  exitCodeFor,
  globalOptions,
  reporter,
  slash,
  UsageError,
  type ExitCode,
  type GlobalOptions,
  type Io,
  type RawGlobals,
} from "./context.ts";
import { explain } from "./explain.ts";
import { renderGraph } from "./graph.ts";
import { runWatch, sigint } from "./watch.ts";
import { startTimings, takeTimings } from "../perf/timings.ts";

export const VERSION: string = pkg.version;

const DIAGNOSTIC_FORMATS = ["text", "json", "github"] as const;

function addGlobals(cmd: Command, formats: readonly string[] = DIAGNOSTIC_FORMATS, formatHelp = "how diagnostics are printed"): Command {
  return cmd
    .addOption(new Option("--format <format>", formatHelp).choices(formats))
    .addOption(new Option("--color <when>", "color diagnostics (NO_COLOR is honored)").choices(["auto", "always", "never"]))
    .option("-q, --quiet", "print errors only (no status lines, no warnings)")
    .option("--debug", "print the stack of internal errors")
    .option("--allow <name>", "silence the warning NAME (repeatable)", collect)
    .option("--deny <name>", "turn the warning NAME into an error (repeatable)", collect);
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function examples(lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;
}


export async function run(argv: readonly string[], io: Io): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.ok;
  let debug = argv.includes("--debug");
  const program = new Command();
  program
    .name("boxc")
    .description("Compile .box environment descriptions to Dockerfiles, compose, venv, VM and Kubernetes artifacts.")
    .version(VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: (s, write) => write(s.startsWith("error:") ? `boxc: ${s}` : s),
    })
    .showHelpAfterError("(run `boxc --help` or `boxc COMMAND --help` for usage)")
    .addHelpText(
      "after",
      `${examples(["boxc build", "boxc build app.box -o out --target docker,compose", "boxc build --check --format github", "boxc explain BOX2003"])}
Exit codes: 0 ok, 1 problems in the sources or stale output, 2 wrong usage, 3 internal error.`,
    );
  addGlobals(program);

  const globals = (cmd: Command): GlobalOptions => {
    const g = globalOptions(io, program.opts<RawGlobals>(), cmd.opts<RawGlobals>());
    debug = g.debug;
    return g;
  };
  const sub = (name: string, description: string, ex: readonly string[], formats?: readonly string[], formatHelp?: string) =>
    addGlobals(program.command(name).description(description).addHelpText("after", examples(ex)), formats, formatHelp);

  /** Compiles and reports every diagnostic, setting the exit code; null when the project could not even be found. */
  const compileReported = async (g: GlobalOptions, files: readonly string[], root: string | undefined, rep: ReturnType<typeof reporter>) => {
    const c = await compileProject(io, g, files, root);
    if ("failed" in c) {
      rep.report(c.failed);
      exitCode = exitCodeFor(c.failed);
      return null;
    }
    rep.report(c.diagnostics, c.sources, c.project.displayPath);
    exitCode = exitCodeFor(c.diagnostics);
    return c;
  };

  program.hook("preAction", () => {
    if (io.env.BOXC_TEST_INTERNAL_ERROR === "1") throw new Error("deliberate internal error (BOXC_TEST_INTERNAL_ERROR=1)");
  });

  sub("build", "compile and write the artifacts into the output folder", [
    "boxc build",
    "boxc build shop.box -o out",
    "boxc build --target docker,compose",
    "boxc build --check            # exit 1 when out/ is not what a build would write",
    "boxc build --check --diff     # and show how",
    "boxc build --watch",
  ])
    .argument("[files...]", ".box files (default: every .box in the current folder that no other imports)")
    .option("-o, --output <dir>", "output folder", "out")
    .option("--target <kinds>", "only these targets, comma-separated (compose, docker, kubernetes, venv, vm)")
    .option("--root <dir>", "project root (default: the folder of the first file)")
    .option("--check", "write nothing; exit 1 when the output folder is stale, incomplete, has extra or hand-edited generated files")
    .option("--diff", "like --check, and print unified diffs of what a build would change")
    .option("--watch", "rebuild whenever a source changes (Ctrl-C to stop)")
    .option("--no-cache", "ignore and do not write the build cache (DIR/.boxc-cache.json; also BOXC_NO_CACHE=1)")
    .action(async (files: string[], opts: { output: string; target?: string; root?: string; check?: boolean; diff?: boolean; watch?: boolean; cache: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const targets = parseTargets(opts.target);
      if (opts.watch && (opts.check || opts.diff)) throw new UsageError("--watch cannot be combined with --check or --diff");
      const o: BuildOptions = {
        files,
        out: opts.output,
        check: Boolean(opts.check || opts.diff),
        diff: Boolean(opts.diff),
        cache: opts.cache,
        ...(targets ? { targets } : {}),
        ...(opts.root !== undefined ? { root: opts.root } : {}),
      };
      if (opts.watch) {
        exitCode = await runWatch({ io, build: () => runBuild(io, g, { ...o, status: false }), interrupted: sigint() });
        return;
      }
      exitCode = (await runBuild(io, g, o)).code;
    });

  sub("validate", "parse and check only: print diagnostics, write nothing", ["boxc validate", "boxc validate shop.box --format json"])
    .argument("[files...]", ".box files (default: every .box in the current folder that no other imports)")
    .option("--root <dir>", "project root (default: the folder of the first file)")
    .action(async (files: string[], opts: { root?: string }, cmd: Command) => {
      const g = globals(cmd);
      const c = await compileReported(g, files, opts.root, reporter(io, g));
      if (c && !hasErrors(c.diagnostics) && !g.quiet && g.format === "text") io.stderr(`ok: ${c.project.entries.map((e) => slash(relative(io.cwd, e))).join(", ")}\n`);
    });

  sub("ir", "print the compiled model (IR) as JSON", ["boxc ir shop.box > shop.ir.json"])
    .argument("[files...]", ".box files (default: every .box in the current folder that no other imports)")
    .option("--root <dir>", "project root (default: the folder of the first file)")
    .action(async (files: string[], opts: { root?: string }, cmd: Command) => {
      const g = globals(cmd);
      // stdout carries the IR, so diagnostics (even json) go to stderr.
      const c = await compileReported(g, files, opts.root, reporter(io, g, "stderr"));
      if (c && exitCode === EXIT.ok && c.result?.ir) io.stdout(`${JSON.stringify(c.result.ir, null, 2)}\n`);
    });

  sub("fmt", "rewrite .box files in the canonical layout, keeping comments", ["boxc fmt", "boxc fmt shop.box", "boxc fmt --check"])
    .argument("[files...]", ".box files (default: every .box in the current folder)")
    .option("--check", "write nothing; list the files that would change and exit 1")
    .action(async (files: string[], opts: { check?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      // Loaded on use: the formatter is not needed by any other command.
      const { runFmt } = await import("./fmt.ts");
      exitCode = runFmt(io, g, files, Boolean(opts.check));
    });

  sub("graph", "print the boxes, their ports and allowed connections as a diagram", [
    "boxc graph shop.box",
    "boxc graph shop.box --format dot | dot -Tsvg > shop.svg",
  ], ["mermaid", "dot", ...DIAGNOSTIC_FORMATS], "diagram language (mermaid, dot; default mermaid), or how diagnostics are printed")
    .argument("[files...]", ".box files (default: every .box in the current folder that no other imports)")
    .option("--root <dir>", "project root (default: the folder of the first file)")
    .action(async (files: string[], opts: { root?: string }, cmd: Command) => {
      // Here --format names the diagram; diagnostics then use the format given before the command.
      const { format, ...rest } = cmd.opts<RawGlobals>();
      const diagram = format === "mermaid" || format === "dot";
      const kind = format === "dot" ? "dot" : "mermaid";
      const g = globalOptions(io, program.opts<RawGlobals>(), diagram ? rest : { format, ...rest });
      debug = g.debug;
      const c = await compileReported(g, files, opts.root, reporter(io, g, "stderr"));
      if (c && exitCode === EXIT.ok && c.result?.ir) io.stdout(renderGraph(c.result.ir, kind));
    });

  sub("explain", "print the long explanation of a diagnostic code", ["boxc explain BOX2003", "boxc explain box5003"])
    .argument("<code>", "a diagnostic code, e.g. BOX2003")
    .action(async (code: string, _opts: unknown, cmd: Command) => {
      globals(cmd);
      const text = await explain(code);
      if (text === null) throw new UsageError(`unknown diagnostic code '${code}'`);
      io.stdout(text);
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version") return EXIT.ok;
      // `boxc help CMD` exits 0; bare `boxc` shows the help as an error (exit code 1 → usage).
      if (e.code === "commander.help" && e.exitCode === 0) return EXIT.ok;
      if (e.code === "commander.executeSubCommandAsync") return EXIT.internal;
      return EXIT.usage;
    }
    if (e instanceof UsageError) {
      io.stderr(`boxc: error: ${e.message}\n`);
      return EXIT.usage;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    const d = diag("BOX9001", { detail: err.message });
    io.stderr(`error[${d.code}]: ${d.message}\n  = help: ${d.help}\n`);
    if (debug && err.stack) io.stderr(`${err.stack}\n`);
    return EXIT.internal;
  }
}

/** How the process got to main(): bin/boxc.js loading dist/cli.js, or bin/boxc starting from the snapshot. */
export interface Start {
  readonly snapshot: boolean;
}

/** Binds run() to the real process. */
export async function main(argv: readonly string[] = process.argv.slice(2), start: Start = { snapshot: false }): Promise<void> {
  // BOXC_TIMINGS=1: one JSON line of phase times on stderr at exit (for bench/bench.ts).
  const timings = process.env.BOXC_TIMINGS === "1";
  const started = timings ? performance.now() : 0;
  if (timings) startTimings();
  const code = await run(argv, {
    cwd: process.cwd(),
    env: process.env,
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  });
  process.exitCode = code;
  const t = timings ? takeTimings() : null;
  if (t) {
    const ru = process.resourceUsage();
    const line = {
      boxcTimings: 1,
      snapshot: start.snapshot,
      startup: round(started),
      total: round(performance.now()),
      ...t.phases,
      cpu: { total: round((ru.userCPUTime + ru.systemCPUTime) / 1000), ...t.cpu },
      ...t.counters,
      maxRssKB: ru.maxRSS,
    };
    process.stderr.write(`${JSON.stringify(line)}\n`);
  }
  // Exiting now skips Node's orderly teardown of a heap nobody needs any more: 10–15 ms of a
  // 300 ms no-op build here. Only with nothing left to flush: where writes to a pipe are
  // asynchronous (macOS), pending output must not be cut off, so the process then ends as usual.
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
