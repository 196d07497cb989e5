/**
 * Real-builder tests: podman (Buildah) reads generated Dockerfiles.
 *  - ENV values: only the generated ENV lines, on `FROM scratch`, so no base image is needed;
 *    the image config must hold every value byte for byte.
 *  - A full build of a Python box on the local stand-in `python:3.11-slim-bookworm` (see
 *    REAL-TOOLS.md), whose environment check must pass and write the report; and the same box
 *    on a base whose Python differs from the source, which must fail the build.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import type { Box } from "../../../src/ir/types.ts";
import { dockerBackend } from "../../../targets/docker/target.ts";
import { box, project } from "../../fixtures/ir.ts";
import { dockerTarget, HOSTILE } from "./cases.ts";

const BASE = "docker.io/library/python:3.11-slim-bookworm";
const podman = (args: string[], cwd?: string) => spawnSync("podman", args, { cwd, encoding: "utf8", timeout: 600_000 });
const hasPodman = podman(["--version"]).status === 0;
const hasBase = hasPodman && podman(["image", "exists", BASE]).status === 0;
const tag = `localhost/boxc-c-test-${process.pid}`;

function dockerfile(b: Box, over = {}): string {
  const ir = project([b], [dockerTarget({ boxes: [b.name], ...over })]);
  const out = dockerBackend.emit(ir, ir.targets[0] as Extract<(typeof ir.targets)[number], { kind: "docker" }>);
  assert.equal(out.diagnostics, []);
  return out.files.find((f) => f.path.endsWith("/Dockerfile"))!.content;
}

function imageEnv(image: string): Map<string, string> {
  const r = podman(["image", "inspect", image, "--format", "{{json .Config.Env}}"]);
  assert.equal(r.status, 0, r.stderr);
  const env = new Map<string, string>();
  for (const kv of JSON.parse(r.stdout) as string[]) env.set(kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1));
  return env;
}

test("ENV values survive a real build (podman/Buildah) byte for byte", () => {
  if (!hasPodman) return console.log("SKIP podman is not installed: ENV values not checked by a real builder");
  const values = [...HOSTILE, ...fc.sample(fc.string({ unit: "grapheme", maxLength: 30 }).filter((s) => !/[\u0000-\u001f\u007f]/u.test(s)), { numRuns: 200, seed: 42 })];
  const env = values.map((value, i) => ({ name: `V${i}`, value }));
  const text = dockerfile(box("envs", { env }));
  const envLines = text.split("\n").filter((l) => /^ENV V\d+=/.test(l));
  assert.equal(envLines.length, env.length);
  const dir = mkdtempSync(join(tmpdir(), "boxc-env-"));
  writeFileSync(join(dir, "Dockerfile"), `FROM scratch\n${envLines.join("\n")}\n`);
  const image = `${tag}-env`;
  // One commit for the whole file instead of one per ENV line.
  const r = podman(["build", "--pull=never", "--layers=false", "-q", "-t", image, "."], dir);
  assert.equal(r.status, 0, r.stderr);
  try {
    const got = imageEnv(image);
    for (const e of env) assert.equal(got.get(e.name), e.value, e.name);
  } finally {
    podman(["rmi", "-f", image]);
    rmSync(dir, { recursive: true, force: true });
  }
});

function probeBox(): Box {
  return box("probe", {
    files: [{ source: "app", sourceKind: "dir", dest: "/srv/probe" }],
    env: [{ name: "GREETING", value: "it's $HOME \"q\" \\ ${X} $(id)" }],
    build: ["test -f /srv/probe/main.py"],
    volumes: [{ name: "d", path: "/data", sizeBytes: null }],
    expose: [{ port: 8080, protocol: "tcp" }],
    health: { check: { kind: "http", path: "/", port: 8080 }, intervalMs: 5000, timeoutMs: 2000, retries: 2, startMs: 0 },
  });
}

function context(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "boxc-build-"));
  mkdirSync(join(dir, "app"));
  writeFileSync(join(dir, "app", "main.py"), "print('hello')\n");
  mkdirSync(join(dir, "out", "docker", "probe"), { recursive: true });
  writeFileSync(join(dir, "out", "docker", "probe", "Dockerfile"), text);
  return dir;
}

test("a generated Dockerfile builds for real; the environment check passes and writes the report", () => {
  if (!hasBase) return console.log(`SKIP ${BASE} is not in local storage (make it as REAL-TOOLS.md says): no real build`);
  const dir = context(dockerfile(probeBox()));
  const image = `${tag}-probe`;
  try {
    const r = podman(["build", "--pull=never", "--layers=false", "--format", "docker", "-f", "out/docker/probe/Dockerfile", "-t", image, "."], dir);
    assert.equal(r.status, 0, r.stdout.slice(-3000) + r.stderr.slice(-3000));
    const cat = podman(["run", "--rm", "--entrypoint", "cat", image, "/etc/boxc/probe.json"]);
    assert.equal(cat.status, 0, cat.stderr);
    const report = JSON.parse(cat.stdout);
    assert.equal(Object.keys(report), ["apt", "box", "distributions", "env", "fingerprint", "python", "user", "workdir"]);
    assert.equal(report.python, "3.11");
    assert.equal(report.env, { GREETING: "it's $HOME \"q\" \\ ${X} $(id)" });
    assert.equal(report.user, { gid: 10001, name: "app", uid: 10001 });
    assert.equal(report.workdir, "/srv/probe");
    assert.ok(cat.stdout.startsWith('{\n  "apt"'), "2-space indented, sorted");
    const own = podman(["run", "--rm", "--entrypoint", "stat", image, "-c", "%u:%g", "/data", "/srv/probe/main.py"]);
    assert.equal(own.stdout.trim().split("\n"), ["10001:10001", "10001:10001"]);
    const inspect = podman(["image", "inspect", image, "--format", "{{.Config.User}} {{json .Config.Cmd}} {{index .Config.Labels \"io.boxc.fingerprint\"}}"]);
    assert.equal(inspect.stdout.trim(), `10001:10001 ["python","-m","probe"] sha256:${"0123456789abcdef".repeat(4)}`);
  } finally {
    podman(["rmi", "-f", image]);
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the build fails, naming the difference, when the base's Python is not the box's", () => {
  if (!hasBase) return console.log(`SKIP ${BASE} is not in local storage: no real build`);
  // The stand-in has Python 3.11; call it 3.12 through base-registry so the check must catch it.
  const mirror = `${tag}-mirror`;
  assert.equal(podman(["tag", BASE, `${mirror}/python:3.12-slim-bookworm`]).status, 0);
  const b = { ...probeBox(), python: { version: "3.12", minor: "3.12", fromOs: false } };
  const dir = context(dockerfile(b, { baseRegistry: mirror }));
  const image = `${tag}-bad`;
  try {
    const r = podman(["build", "--pull=never", "--layers=false", "-f", "out/docker/probe/Dockerfile", "-t", image, "."], dir);
    assert.not.equal(r.status, 0, "the build must fail");
    assert.match(r.stdout + r.stderr, "python: expected 3.12, found 3.11");
  } finally {
    podman(["rmi", "-f", image]);
    // Name the tag to remove: without a name, untag strips every name of the shared base image.
    podman(["untag", `${mirror}/python:3.12-slim-bookworm`, `${mirror}/python:3.12-slim-bookworm`]);
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a box without Python builds for real; its sh environment check writes the report", () => {
  if (!hasBase) return console.log(`SKIP ${BASE} is not in local storage: no real build`);
  // The stand-in is Debian bookworm; name it debian:bookworm-slim through base-registry.
  const mirror = `${tag}-debian`;
  const name = `${mirror}/debian:bookworm-slim`;
  assert.equal(podman(["tag", BASE, name]).status, 0);
  const b = { ...probeBox(), python: null, env: [{ name: "MODE", value: "it's $HOME \\ ${X}" }], health: null };
  const dir = context(dockerfile(b, { baseRegistry: mirror }));
  const image = `${tag}-nopy`;
  try {
    const r = podman(["build", "--pull=never", "--layers=false", "-f", "out/docker/probe/Dockerfile", "-t", image, "."], dir);
    assert.equal(r.status, 0, r.stdout.slice(-3000) + r.stderr.slice(-3000));
    const cat = podman(["run", "--rm", "--entrypoint", "cat", image, "/etc/boxc/probe.json"]);
    assert.equal(cat.status, 0, cat.stderr);
    const report = JSON.parse(cat.stdout);
    assert.equal(report.python, null);
    assert.equal(report.env, { MODE: "it's $HOME \\ ${X}" });
    assert.equal(report.user, { gid: 10001, name: "app", uid: 10001 });
  } finally {
    podman(["rmi", "-f", image]);
    // Name the tag to remove: without a name, untag strips every name of the shared base image.
    podman(["untag", name, name]);
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
