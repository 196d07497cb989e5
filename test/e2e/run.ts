/**
 * `npm run test:e2e`: proof of parity with the real tools (issue 8, docs/guide/parity.md).
 *
 *   1. compile test/e2e/project with the CLI; serve the wheels its box pins on 127.0.0.1
 *   2. the stand-in base image and the cloud-init image (cached in podman's store by content)
 *   3. docker: podman builds box `app` (its environment check runs inside the build)
 *   4. venv: setup-venv.sh on this host with Debian's python3.11
 *   5. vm: user-data through the four real cloud-init stages, whose runcmd runs provision.sh
 *   6. the three environment reports must agree with each other and with the source
 *   7. a pin broken in each target's output must fail that target, naming both versions
 *   8. compose: docker-compose v1 over podman's API brings up server, client and outsider;
 *      the declared connections work, the undeclared one does not
 *
 * Prints each step's time and ends with `N passed, N failed`; exits 1 on any failure.
 * Logs of every command: test/.tmp/e2e/logs/.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { breakDockerfilePin, breakProvisionPin, breakRequirementsPin } from "./break-pin.ts";
import { addressOn, ComposeProject, HTTP_PROBE, probe, startPodmanService, type PodmanService } from "./compose.ts";
import { buildBox, builtImages, imageReport, removeImages, runImage, tryBuild } from "./docker.ts";
import { indent, Suite, tail } from "./harness.ts";
import { ensureBaseImage, ensureCloudInitImage } from "./images.ts";
import { E2E_WHEELS, serveIndex } from "./index-server.ts";
import { parityDifferences, sourceDifferences, type EnvironmentReport, type ExpectedEnvironment, type LabelledReport } from "./reports.ts";
import { HOST_PYTHON, runInVenv, runSetupVenv, venvReport, type VenvRun } from "./venv.ts";
import { provisionInContainer, requireProvisioned } from "./vm.ts";
import { makeWorkspace, REPO, type Workspace } from "./workspace.ts";

const PARITY_BOX = "app";
const VM_MACHINE = "parity";
/** The requirement the negative tests break, and the version they break it to (on the index too). */
const BROKEN = { name: "demo-lib", to: "1.1" };
const COMPOSE = { server: "server", client: "client", outsider: "outsider", serverPort: 8000, clientPort: 9000 };

const suite = new Suite(join(REPO, "test", ".tmp", "e2e", "logs"));
/** Run in reverse order at exit, whatever failed. */
const cleanups: (() => void | Promise<void>)[] = [];
/** Set while the compose project may be up, so a failure in between still tears it down. */
let composeUp: ComposeProject | null = null;

/** Markers are evaluated by the interpreter every target uses (Debian's 3.11), with pip's own packaging. */
function markerHolds(marker: string): boolean {
  const r = spawnSync(HOST_PYTHON, ["-c", "import sys\nfrom pip._vendor.packaging.markers import Marker\nprint(Marker(sys.argv[1]).evaluate())", marker], {
    encoding: "utf8",
    env: { PATH: "/usr/bin:/bin", PIP_CONFIG_FILE: "/dev/null" },
  });
  if (r.status !== 0) throw new Error(`cannot evaluate the marker ${marker}: ${r.stderr}`);
  return r.stdout.trim() === "True";
}

function expectedFor(ws: Workspace, name: string): ExpectedEnvironment {
  const b = ws.box(name);
  const pins: Record<string, string> = {};
  const absent: string[] = [];
  for (const r of b.pip.requirements) {
    if (r.marker !== null && !markerHolds(r.marker)) absent.push(r.name);
    else if (r.pinned !== null) pins[r.name] = r.pinned;
  }
  if (b.python === null || b.user === null || b.workdir === null) throw new Error(`box ${name} must have python, user and workdir for the parity proof`);
  return {
    box: b.name,
    fingerprint: b.fingerprint,
    python: b.python.minor,
    pins,
    absent,
    env: Object.fromEntries(b.env.map((e) => [e.name, e.value])),
    user: b.user,
    workdir: b.workdir,
    apt: b.apt.map((a) => a.name),
  };
}

function describe(r: EnvironmentReport): string {
  const dists = Object.entries(r.distributions).map(([n, v]) => `${n} ${v}`).join(", ");
  const apt = Object.entries(r.apt).map(([n, v]) => `${n} ${v}`).join(", ") || "—";
  const user = r.user ? `${r.user.name} ${r.user.uid}:${r.user.gid}` : "—";
  return `python ${r.python}; ${dists}; apt ${apt}; user ${user}; workdir ${r.workdir ?? "—"}; env ${Object.keys(r.env).join(", ")}`;
}

/** The requirement's line with its pin moved to `to`. */
function brokenLine(ws: Workspace): { line: string; newLine: string; from: string } {
  const req = ws.box(PARITY_BOX).pip.requirements.find((r) => r.name === BROKEN.name);
  if (!req || req.pinned === null) throw new Error(`box ${PARITY_BOX} does not pin ${BROKEN.name}`);
  if (!E2E_WHEELS.some((w) => w.name === BROKEN.name && w.version === BROKEN.to)) throw new Error(`the index has no ${BROKEN.name} ${BROKEN.to}`);
  const newLine = req.line.replace(`==${req.pinned}`, `==${BROKEN.to}`);
  if (newLine === req.line) throw new Error(`cannot find ==${req.pinned} in ${req.line}`);
  return { line: req.line, newLine, from: req.pinned };
}

/** The check's message must name the distribution and both versions. */
function requireMismatchMessage(output: string, from: string, where: string): void {
  const want = `${BROKEN.name}: expected ${from}, found ${BROKEN.to}`;
  if (!output.includes(want)) throw new Error(`${where} failed, but its output does not say "${want}":\n${tail(output)}`);
  const line = output.split("\n").find((l) => l.includes(want))!.trim();
  console.log(indent(`message: ${line}`));
}

async function main(): Promise<number> {
  const ws = await suite.step("compile test/e2e/project with the CLI (boxc build, boxc ir)", [], () => {
    const w = makeWorkspace(suite);
    cleanups.push(() => rmSync(w.root, { recursive: true, force: true }));
    return w;
  });
  const index = await suite.step("serve the wheels as a PEP 503 index on the box's 127.0.0.1 address", [ws], async () => {
    const w = ws as Workspace;
    const url = w.box(PARITY_BOX).pip.indexUrl;
    if (url === null) throw new Error(`box ${PARITY_BOX} declares no index`);
    const dir = mkdtempSync(join(tmpdir(), "boxc-e2e-wheels-"));
    const served = await serveIndex(dir, url);
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    cleanups.push(() => served.stop());
    console.log(indent(`${served.url}: ${served.wheels.map((x) => x.file).join(", ")}`));
    return served;
  });
  const base = await suite.step("base image: debootstrap bookworm tagged python:3.11-slim-bookworm (cached by content)", [], () =>
    ensureBaseImage((s) => console.log(indent(s))),
  );
  const ciImage = await suite.step("cloud-init image: base + Debian's cloud-init (cached by content)", [base], () =>
    ensureCloudInitImage((s) => console.log(indent(s))),
  );

  // ---- the three targets of one box
  const appImage = await suite.step(`docker: podman build of box ${PARITY_BOX} (the environment check runs in the build)`, [ws, index, base], () => {
    const { tag, images } = buildBox(suite, ws as Workspace, PARITY_BOX, { noCache: true });
    // Built without cache on every run: drop it afterwards rather than pile up layers.
    cleanups.push(() => removeImages([tag, ...images]));
    return tag;
  });
  const dockerReport = await suite.step(`docker: read /etc/boxc/${PARITY_BOX}.json from the image`, [appImage], () => {
    const r = imageReport(suite, appImage as string, PARITY_BOX);
    console.log(indent(describe(r)));
    return r;
  });
  const venv = await suite.step(`venv: setup-venv.sh with ${HOST_PYTHON} on this host`, [ws, index], () => {
    const run = runSetupVenv(suite, ws as Workspace, PARITY_BOX);
    cleanups.push(() => rmSync(run.cwd, { recursive: true, force: true }));
    if (run.result.status !== 0) throw new Error(`setup-venv.sh exited ${run.result.status}:\n${tail(run.result.output)}`);
    return run;
  });
  const venvRep = await suite.step(`venv: read ${`.venv-${PARITY_BOX}`}/boxc-environment.json`, [venv], () => {
    const r = venvReport(venv as VenvRun);
    console.log(indent(describe(r)));
    return r;
  });
  const vmReport = await suite.step(`vm: user-data through the four cloud-init stages, runcmd runs provision.sh`, [ws, index, ciImage], () => {
    const res = provisionInContainer(suite, ws as Workspace, ciImage as string, VM_MACHINE, PARITY_BOX);
    const r = requireProvisioned(res, PARITY_BOX);
    console.log(indent(describe(r)));
    return r;
  });

  await suite.step("parity: the three reports agree with each other and with the source", [ws, dockerReport, venvRep, vmReport], () => {
    const reports: LabelledReport[] = [
      { target: "docker", report: dockerReport as EnvironmentReport, ownsMachine: true },
      { target: "venv", report: venvRep as EnvironmentReport, ownsMachine: false },
      { target: "vm", report: vmReport as EnvironmentReport, ownsMachine: true },
    ];
    const want = expectedFor(ws as Workspace, PARITY_BOX);
    const diffs = [...parityDifferences(reports), ...reports.flatMap((r) => sourceDifferences(r, want))];
    if (diffs.length) throw new Error(`the targets do not install the same environment:\n  - ${diffs.join("\n  - ")}`);
  });

  await suite.step("parity: the box's command prints the same in its image and in its venv", [ws, appImage, venv], () => {
    const w = ws as Workspace;
    const b = w.box(PARITY_BOX);
    if (b.run?.form !== "exec") throw new Error(`box ${PARITY_BOX} needs an exec-form run`);
    const inImage = runImage(suite, appImage as string, "docker-run-app");
    const source = b.files.find((f) => f.dest === b.workdir);
    if (!source) throw new Error(`box ${PARITY_BOX} copies nothing to its workdir`);
    const r = runInVenv(suite, venv as VenvRun, b.run.argv, join(w.root, source.source));
    if (r.status !== 0) throw new Error(`the box's command failed in the venv:\n${tail(r.output)}`);
    if (r.stdout !== inImage) throw new Error(`different output:\n--- image\n${inImage}--- venv\n${r.stdout}`);
    console.log(indent(inImage.trimEnd()));
  });

  // ---- a broken pin in each target's output must fail that target
  await suite.step(`negative: ${BROKEN.name} pinned to ${BROKEN.to} in the Dockerfile fails the build`, [ws, index, base, appImage], () => {
    const w = ws as Workspace;
    const { line, newLine, from } = brokenLine(w);
    const path = join(w.out, "docker", PARITY_BOX, "Dockerfile.broken");
    writeFileSync(path, breakDockerfilePin(w.read(`docker/${PARITY_BOX}/Dockerfile`), line, newLine));
    const tag = `localhost/boxc-e2e-broken-${PARITY_BOX}:${Date.now()}`;
    const r = tryBuild(suite, w, path, tag);
    cleanups.push(() => removeImages(builtImages(r.output)));
    if (r.status === 0) {
      removeImages([tag]);
      throw new Error("the build with a broken pin succeeded");
    }
    requireMismatchMessage(r.output, from, "podman build");
  });
  await suite.step(`negative: ${BROKEN.name} pinned to ${BROKEN.to} in requirements.txt fails setup-venv.sh`, [ws, index], () => {
    const w = ws as Workspace;
    const { line, newLine, from } = brokenLine(w);
    const run = runSetupVenv(suite, w, PARITY_BOX, breakRequirementsPin(w.read(`venv/${PARITY_BOX}/requirements.txt`), line, newLine));
    cleanups.push(() => rmSync(run.cwd, { recursive: true, force: true }));
    if (run.result.status === 0) throw new Error("setup-venv.sh with a broken pin succeeded");
    requireMismatchMessage(run.result.output, from, "setup-venv.sh");
  });
  await suite.step(`negative: ${BROKEN.name} pinned to ${BROKEN.to} in provision.sh fails provisioning`, [ws, index, ciImage], () => {
    const w = ws as Workspace;
    const { line, newLine, from } = brokenLine(w);
    const provision = breakProvisionPin(w.read(`vm/${VM_MACHINE}/provision.sh`), line, newLine);
    const res = provisionInContainer(suite, w, ciImage as string, VM_MACHINE, PARITY_BOX, provision);
    if (res.report !== null) throw new Error(`provisioning with a broken pin wrote /etc/boxc/${PARITY_BOX}.json`);
    const final = res.stages.at(-1)!;
    if (final.status === 0) throw new Error(`cloud-init ${final.stage} succeeded although provision.sh failed`);
    requireMismatchMessage(res.output, from, "provision.sh");
  });

  // ---- compose: declared connections work, undeclared ones do not
  const service = await suite.step("compose: a private podman API service (netavark backend)", [], async () => {
    const s = await startPodmanService(suite);
    cleanups.push(() => s.stop());
    cleanups.push(() => {
      const r = composeUp?.down();
      if (r && r.status !== 0) console.log(`warning: docker-compose down failed:\n${indent(tail(r.output))}`);
    });
    return s;
  });
  const project = await suite.step("compose: docker-compose build (each service's build section, through the API)", [ws, base, service], () => {
    const w = ws as Workspace;
    const p = new ComposeProject(suite, w.out, w.ir.project, service as PodmanService);
    p.must(["build"], "build");
    return p;
  });
  const up = await suite.step("compose: docker-compose up -d", [project], () => {
    const p = project as ComposeProject;
    composeUp = p;
    p.must(["up", "-d", "--no-build"], "up");
    return p;
  });
  await suite.step(`compose: ${COMPOSE.client} → ${COMPOSE.server}:${COMPOSE.serverPort} by service name (declared) works`, [up], async () => {
    const r = await probe(up as ComposeProject, COMPOSE.client, `http://${COMPOSE.server}:${COMPOSE.serverPort}/`, 20);
    if (r.status !== 0) throw new Error(`the declared connection failed:\n${tail(r.output)}`);
    console.log(indent(r.stdout.trim()));
  });
  await suite.step(`compose: ${COMPOSE.outsider} → ${COMPOSE.client}:${COMPOSE.clientPort} (declared) works`, [up], async () => {
    const r = await probe(up as ComposeProject, COMPOSE.outsider, `http://${COMPOSE.client}:${COMPOSE.clientPort}/`, 20);
    if (r.status !== 0) throw new Error(`the declared connection failed:\n${tail(r.output)}`);
    console.log(indent(r.stdout.trim()));
  });
  await suite.step(`compose: ${COMPOSE.outsider} → ${COMPOSE.server} (not declared) fails by name and by address`, [ws, up, service], async () => {
    const w = ws as Workspace;
    const p = up as ComposeProject;
    const byName = p.exec(COMPOSE.outsider, ["python", "-c", HTTP_PROBE, `http://${COMPOSE.server}:${COMPOSE.serverPort}/`]);
    if (byName.status === 0) throw new Error(`${COMPOSE.outsider} reached ${COMPOSE.server} by name:\n${byName.output}`);
    // The probe itself must have run and failed on the network, not for some other reason.
    if (!byName.stdout.startsWith("FAIL URLError(gaierror")) throw new Error(`the probe failed otherwise than on name resolution:\n${byName.output}`);
    console.log(indent(`by name: ${byName.stdout.trim()}`));
    // The server's address on the network it shares with the client: not routable from the outsider.
    const doc = parse(readFileSync(join(w.out, "compose.yaml"), "utf8")) as { services: Record<string, { networks?: string[] }> };
    const shared = (doc.services[COMPOSE.server]?.networks ?? []).find((n) => doc.services[COMPOSE.client]?.networks?.includes(n));
    if (!shared) throw new Error(`compose.yaml puts ${COMPOSE.server} and ${COMPOSE.client} on no common network`);
    if (doc.services[COMPOSE.outsider]?.networks?.includes(shared)) throw new Error(`compose.yaml puts ${COMPOSE.outsider} on ${shared} too`);
    const ip = addressOn(suite, service as PodmanService, `${p.name}_${COMPOSE.server}_1`, `${p.name}_${shared}`);
    const sanity = await probe(p, COMPOSE.client, `http://${ip}:${COMPOSE.serverPort}/`, 5);
    if (sanity.status !== 0) throw new Error(`${COMPOSE.client} cannot reach ${COMPOSE.server} at ${ip} either, so the address test proves nothing:\n${sanity.output}`);
    const byAddress = p.exec(COMPOSE.outsider, ["python", "-c", HTTP_PROBE, `http://${ip}:${COMPOSE.serverPort}/`]);
    if (byAddress.status === 0) throw new Error(`${COMPOSE.outsider} reached ${COMPOSE.server} at ${ip}:\n${byAddress.output}`);
    if (!byAddress.stdout.startsWith("FAIL URLError(")) throw new Error(`the probe failed otherwise than on the network:\n${byAddress.output}`);
    console.log(indent(`by address ${ip}: ${byAddress.stdout.trim()}`));
  });
  await suite.step("compose: docker-compose down", [up], () => {
    composeUp = null;
    const r = (up as ComposeProject).down();
    if (r.status !== 0) throw new Error(`docker-compose down failed:\n${tail(r.output)}`);
  });
  return suite.summary();
}

let code = 1;
try {
  code = await main();
} finally {
  for (const c of cleanups.reverse()) {
    try {
      await c();
    } catch (e) {
      console.log(`warning: cleanup failed: ${(e as Error).message}`);
    }
  }
}
process.exit(code);
