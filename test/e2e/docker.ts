/**
 * The docker target for real: podman builds a generated Dockerfile (the environment check
 * runs inside the build), and the report is read back from the image.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { imageRef } from "../../targets/_shared/image.ts";
import { command, mustRun, tail, type CommandResult, type Suite } from "./harness.ts";
import { parseReport, type EnvironmentReport } from "./reports.ts";
import type { Workspace } from "./workspace.ts";

/** `--network=host` reaches the index on 127.0.0.1; `--format docker` keeps HEALTHCHECK. */
export function podmanBuildArgs(ws: Workspace, dockerfile: string, tag: string, noCache = false): string[] {
  return ["build", "--pull=never", "--network=host", "--format", "docker", ...(noCache ? ["--no-cache"] : []), "-f", dockerfile, "-t", tag, ws.root];
}

/**
 * Builds `docker/<box>/Dockerfile` and returns the image reference it is tagged with.
 * `noCache`: every step runs, so the environment check really ran in this build.
 */
export function buildBox(suite: Suite, ws: Workspace, boxName: string, opts: { noCache?: boolean } = {}): { tag: string; images: string[] } {
  const tag = imageRef(ws.ir, ws.box(boxName));
  const dockerfile = join(ws.out, "docker", boxName, "Dockerfile");
  const r = mustRun(suite, `docker-build-${boxName}`, "podman", podmanBuildArgs(ws, dockerfile, tag, opts.noCache), { timeoutMs: 900_000 });
  return { tag, images: builtImages(r.output) };
}

/**
 * The images a build created, newest first: one per step (`--> ID`), the build stage's
 * included, which stays behind untagged when the final image is removed.
 */
export function builtImages(buildOutput: string): string[] {
  return [...buildOutput.matchAll(/^--> ([0-9a-f]{11,64})$/gm)].map((m) => m[1]!).reverse();
}

/** Removes what one of the suite's own builds created; an image still in use stays. */
export function removeImages(refs: readonly string[]): void {
  if (refs.length) spawnSync("podman", ["rmi", ...refs], { stdio: "ignore" });
}

/** Builds any Dockerfile and returns the result without judging it (for the negative test). */
export function tryBuild(suite: Suite, ws: Workspace, dockerfile: string, tag: string): CommandResult {
  const r = command("podman", podmanBuildArgs(ws, dockerfile, tag), { timeoutMs: 900_000 });
  suite.log(`docker-build-${tag}`, r.output);
  return r;
}

/** The report the build left at /etc/boxc/<box>.json, read as the image's own user. */
export function imageReport(suite: Suite, image: string, boxName: string): EnvironmentReport {
  const path = `/etc/boxc/${boxName}.json`;
  const r = command("podman", ["run", "--rm", "--network=none", image, "cat", path]);
  suite.log(`docker-report-${boxName}`, r.output);
  if (r.status !== 0) throw new Error(`the image ${image} has no readable ${path}:\n${tail(r.output)}`);
  return parseReport(r.stdout, `docker report ${path}`);
}

/** Runs the box's own command in its image (the environment a user gets at run time). */
export function runImage(suite: Suite, image: string, logName: string): string {
  return mustRun(suite, logName, "podman", ["run", "--rm", "--network=none", image]).stdout;
}
