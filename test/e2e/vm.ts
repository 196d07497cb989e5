/**
 * The vm target for real, short of booting an AMI: a container made from the base image plus
 * Debian's cloud-init runs the four cloud-init stages on the emitted `user-data` (as a NoCloud
 * seed). The project files are staged the way the Packer template uploads them, in the folder
 * the user-data's `runcmd` provisions from, so `runcmd` runs `provision.sh` — which installs
 * the box and runs its environment check.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { command, tail, type Suite } from "./harness.ts";
import { parseReport, type EnvironmentReport } from "./reports.ts";
import type { Workspace } from "./workspace.ts";

export interface Upload {
  /** Path on the build machine, or a folder ending in `/` (its contents are uploaded). */
  readonly source: string;
  /** Path on the machine. */
  readonly destination: string;
}

/** The Packer template's `file` provisioners, with `${local.project_dir}` and `${path.root}` resolved. */
export function packerUploads(hcl: string, projectDir: string, templateDir: string): Upload[] {
  const out: Upload[] = [];
  const re = /^\s*source\s*=\s*"([^"\\]*)"\s*\n\s*destination\s*=\s*"([^"\\]*)"\s*$/gm;
  for (const m of hcl.matchAll(re)) {
    const source = m[1]!
      .replace(/^\$\{local\.project_dir\}/, projectDir)
      .replace(/^\$\{path\.root\}/, templateDir);
    if (source.includes("${")) throw new Error(`cannot resolve the Packer upload source ${m[1]}`);
    out.push({ source, destination: m[2]! });
  }
  return out;
}

/** The folder Packer runs provision.sh with (`sudo sh STAGE/provision.sh STAGE`). */
export function packerStage(hcl: string): string {
  const m = /sudo sh (\S+)\/provision\.sh (\S+)"/.exec(hcl);
  if (!m || m[1] !== m[2]) throw new Error("the Packer template does not run `sudo sh STAGE/provision.sh STAGE`");
  return m[1]!;
}

/** The folder the user-data's `runcmd` provisions from: the last argument of its command. */
export function cloudInitStage(userData: string): string {
  const doc = parse(userData) as { runcmd?: unknown[] };
  const cmd = doc.runcmd?.[0];
  if (!Array.isArray(cmd) || typeof cmd.at(-1) !== "string") throw new Error("user-data has no runcmd with a staging folder");
  return cmd.at(-1) as string;
}

/**
 * Lays the uploads out in `stageDir` as Packer would under its own stage folder: a folder
 * source ending in `/` is copied as its contents, anything else becomes the destination.
 */
export function stageUploads(uploads: readonly Upload[], packerStageDir: string, stageDir: string): void {
  for (const u of uploads) {
    if (!u.destination.startsWith(`${packerStageDir}/`)) throw new Error(`Packer uploads ${u.source} outside its stage: ${u.destination}`);
    const dest = join(stageDir, u.destination.slice(packerStageDir.length + 1));
    if (!existsSync(u.source)) throw new Error(`Packer would upload ${u.source}, which does not exist`);
    if (u.source.endsWith("/")) {
      mkdirSync(dest, { recursive: true });
      cpSync(u.source, dest, { recursive: true });
    } else {
      mkdirSync(join(dest, ".."), { recursive: true });
      cpSync(u.source, dest, { recursive: true });
    }
  }
}

export const CLOUD_INIT_STAGES = ["init --local", "init", "modules --mode=config", "modules --mode=final"] as const;

export interface ProvisionResult {
  readonly report: EnvironmentReport | null;
  /** Exit status of each stage, in order. */
  readonly stages: readonly { readonly stage: string; readonly status: number }[];
  /** /var/log/cloud-init-output.log (what runcmd and provision.sh printed). */
  readonly output: string;
  /** Where cloud-init's logs and each stage's output were kept. */
  readonly logDir: string;
}

/**
 * Runs user-data + the staged provision.sh through the real cloud-init stages in a fresh
 * container and collects the stages' exit codes, cloud-init's logs and the box's report.
 * `provision` replaces the emitted provision.sh (the negative test breaks a pin in it).
 */
export function provisionInContainer(suite: Suite, ws: Workspace, image: string, machine: string, boxName: string, provision?: string): ProvisionResult {
  const vmDir = join(ws.out, "vm", machine);
  const hcl = readFileSync(join(vmDir, `${machine}.pkr.hcl`), "utf8");
  const userData = readFileSync(join(vmDir, "user-data"), "utf8");
  const work = mkdtempSync(join(tmpdir(), "boxc-e2e-vm-"));
  const seed = join(work, "seed");
  const stage = join(work, "stage");
  const collected = join(work, "collected");
  mkdirSync(seed);
  mkdirSync(stage);
  mkdirSync(collected);
  writeFileSync(join(seed, "user-data"), userData);
  writeFileSync(join(seed, "meta-data"), "instance-id: boxc-e2e-vm\nlocal-hostname: boxc-e2e-vm\n");
  stageUploads(packerUploads(hcl, ws.root, vmDir), packerStage(hcl), stage);
  if (provision !== undefined) writeFileSync(join(stage, "provision.sh"), provision);

  const report = `/etc/boxc/${boxName}.json`;
  const script = [
    "set -u",
    ...CLOUD_INIT_STAGES.map((s, i) => `cloud-init ${s} >/collected/stage-${i}.log 2>&1; echo "$?" >/collected/stage-${i}.status`),
    "cp /var/log/cloud-init-output.log /var/log/cloud-init.log /collected/ 2>/dev/null",
    `cp ${report} /collected/report.json 2>/dev/null`,
    "true",
  ].join("\n");
  const r = command(
    "podman",
    [
      "run", "--rm", "--network=host",
      "-v", `${seed}:/var/lib/cloud/seed/nocloud:ro`,
      "-v", `${stage}:${cloudInitStage(userData)}:ro`,
      "-v", `${collected}:/collected`,
      image, "sh", "-c", script,
    ],
    { timeoutMs: 900_000 },
  );
  const label = `vm-${provision === undefined ? "" : "broken-"}${boxName}`;
  suite.log(`${label}-container`, r.output);
  // The suite's log folder keeps what the container left; the seed and stage go.
  const logDir = join(suite.logDir, label);
  cpSync(collected, logDir, { recursive: true });
  rmSync(work, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`podman run of the cloud-init container failed (${r.status}):\n${tail(r.output)}`);
  const read = (name: string) => (existsSync(join(logDir, name)) ? readFileSync(join(logDir, name), "utf8") : "");
  const stages = CLOUD_INIT_STAGES.map((stage, i) => ({ stage, status: Number(read(`stage-${i}.status`).trim() || "-1") }));
  const reportText = read("report.json");
  return {
    report: reportText === "" ? null : parseReport(reportText, `vm report ${report}`),
    stages,
    output: read("cloud-init-output.log"),
    logDir,
  };
}

/** Fails with cloud-init's own output unless every stage succeeded and the report is there. */
export function requireProvisioned(res: ProvisionResult, boxName: string): EnvironmentReport {
  const bad = res.stages.filter((s) => s.status !== 0);
  if (bad.length === 0 && res.report !== null) return res.report;
  const why = [
    ...bad.map((s) => `cloud-init ${s.stage} exited ${s.status}`),
    ...(res.report === null ? [`no /etc/boxc/${boxName}.json was written`] : []),
  ];
  throw new Error(`${why.join("; ")} (logs in ${res.logDir})\n--- /var/log/cloud-init-output.log (end)\n${tail(res.output, 60)}`);
}
