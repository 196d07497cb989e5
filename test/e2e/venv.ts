/**
 * The venv target for real: the emitted setup-venv.sh run by `sh` on this host with Debian's
 * python3.11, in a clean environment (this machine's pip configuration points at local wheel
 * folders through /etc/pip.conf and PIP_* variables; none of it may leak into the install).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { command, type CommandResult, type Suite } from "./harness.ts";
import { parseReport, type EnvironmentReport } from "./reports.ts";
import type { Workspace } from "./workspace.ts";

export const HOST_PYTHON = "/usr/bin/python3.11";

export function cleanEnv(home: string): Record<string, string> {
  return { PATH: "/usr/bin:/bin", HOME: home, LC_ALL: "C.UTF-8", PIP_CONFIG_FILE: "/dev/null", BOXC_PYTHON: HOST_PYTHON };
}

export interface VenvRun {
  readonly result: CommandResult;
  /** The folder setup-venv.sh ran in (the venv is `.venv-<box>` there by default). */
  readonly cwd: string;
  readonly venv: string;
}

/**
 * Runs a copy of `venv/<box>/` (optionally with another requirements.txt) from a fresh folder.
 * The copy keeps the two files side by side, as the script expects.
 */
export function runSetupVenv(suite: Suite, ws: Workspace, boxName: string, requirements?: string): VenvRun {
  const cwd = mkdtempSync(join(tmpdir(), "boxc-e2e-venv-"));
  const home = join(cwd, "home");
  mkdirSync(home);
  const scripts = join(cwd, "generated");
  cpSync(join(ws.out, "venv", boxName), scripts, { recursive: true });
  if (requirements !== undefined) writeFileSync(join(scripts, "requirements.txt"), requirements);
  const result = command("sh", [join(scripts, "setup-venv.sh")], { cwd, env: cleanEnv(home), timeoutMs: 300_000 });
  suite.log(`venv-${boxName}${requirements !== undefined ? "-broken" : ""}`, result.output);
  return { result, cwd, venv: join(cwd, `.venv-${boxName}`) };
}

export function venvReport(run: VenvRun): EnvironmentReport {
  const path = join(run.venv, "boxc-environment.json");
  if (!existsSync(path)) throw new Error(`setup-venv.sh succeeded but wrote no ${path}`);
  return parseReport(readFileSync(path, "utf8"), `venv report ${path}`);
}

/** Runs the box's command in the activated venv, from the project folder (a venv uses it in place). */
export function runInVenv(suite: Suite, run: VenvRun, argv: readonly string[], workdir: string): CommandResult {
  const r = command("sh", ["-c", '. "$1/bin/activate" && shift && exec "$@"', "sh", run.venv, ...argv], {
    cwd: workdir,
    env: cleanEnv(join(run.cwd, "home")),
  });
  suite.log("venv-run-app", r.output);
  return r;
}
