/**
 * The shared environment check (targets/_shared/verify.ts), run for real with this machine's
 * python3, dpkg-query and user database: it passes on a matching environment and writes the
 * report, and fails naming every difference.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Box } from "../../../src/ir/types.ts";
import { verifyScript, verifyShell } from "../../../targets/_shared/verify.ts";
import { box, req } from "../../fixtures/ir.ts";
import { HOSTILE } from "./cases.ts";

const py = spawnSync("python3", ["-c", "import sys, yaml; print('%d.%d' % sys.version_info[:2], yaml.__version__)"], { encoding: "utf8" });
const [minor, yamlVersion] = py.stdout.trim().split(" ");
const me = userInfo();
const bash = spawnSync("dpkg-query", ["-W", "-f=${Version}", "bash"], { encoding: "utf8" }).stdout;

function run(b: Box, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "boxc-verify-"));
  const report = join(dir, "etc", "boxc", `${b.name}.json`);
  const r = spawnSync("python3", ["-c", verifyScript(b), report], { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH!, ...env } });
  let text: string | null = null;
  try {
    text = readFileSync(report, "utf8");
  } catch {
    text = null;
  }
  rmSync(dir, { recursive: true, force: true });
  return { status: r.status, stderr: r.stderr, report: text, dir };
}

function matching(over: Partial<Box> = {}): Box {
  return box("check", {
    python: { version: minor!, minor: minor!, fromOs: true },
    pip: { indexUrl: null, extraIndexUrls: [], hashed: false, requirements: [req("pyyaml", `==${yamlVersion}`), req("tomli-nope", "==1", { marker: "python_version < '3.0'" })] },
    apt: [{ name: "bash", version: bash }],
    user: { name: me.username, uid: me.uid, gid: me.gid },
    env: HOSTILE.map((v, i) => ({ name: `V${i}`, value: v })),
    workdir: null,
    ...over,
  });
}

test("a matching environment passes and gets a sorted, 2-space JSON report", () => {
  const b = matching();
  const env = Object.fromEntries(b.env.map((e) => [e.name, e.value]));
  const r = run(b, env);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.report!);
  assert.equal(Object.keys(report), ["apt", "box", "distributions", "env", "fingerprint", "python", "user", "workdir"]);
  assert.equal(report.python, minor);
  assert.equal(report.apt, { bash });
  assert.equal(report.distributions["pyyaml"], yamlVersion);
  assert.equal(report.env, env);
  assert.equal(report.user, { gid: me.gid, name: me.username, uid: me.uid });
  assert.ok(r.report!.startsWith('{\n  "apt": {\n    "bash": '));
  const names = Object.keys(report.distributions);
  assert.equal(names, [...names].sort());
});

test("every difference is named and fails the check; no report is written", () => {
  const b = matching({
    python: { version: "2.7", minor: "2.7", fromOs: false },
    pip: { indexUrl: null, extraIndexUrls: [], hashed: false, requirements: [req("pyyaml", "==0.0.1"), req("surely-not-installed-x", "==1.0"), req("pyyaml", "<1")] },
    apt: [{ name: "bash", version: "0:0-wrong" }, { name: "no-such-package-x", version: null }],
    user: { name: me.username, uid: me.uid + 1, gid: me.gid },
    env: [{ name: "BOXC_V", value: "it's $x" }],
    workdir: "/nonexistent-dir",
  });
  const r = run(b, { BOXC_V: "it's " });
  assert.equal(r.status, 1);
  assert.equal(r.report, null);
  for (const expected of [
    "python: expected 2.7, found " + minor,
    `pyyaml: expected 0.0.1, found ${yamlVersion}`,
    "surely-not-installed-x: not installed",
    `pyyaml: ${yamlVersion} does not satisfy <1`,
    "apt bash: expected 0:0-wrong",
    "apt no-such-package-x: not installed",
    `user ${me.username}: expected uid:gid ${me.uid + 1}:${me.gid}`,
    "env BOXC_V: expected",
    "workdir: expected /nonexistent-dir",
  ]) assert.ok(r.stderr.includes(expected), `${expected}\n${r.stderr}`);
});

test("hostile values in the box cannot become Python code", () => {
  const evil = '"""); import os; os._exit(3) #';
  const b = matching({ name: "check", env: [{ name: "E", value: evil }], pip: { indexUrl: null, extraIndexUrls: [], hashed: false, requirements: [] }, apt: [] });
  const r = run(b, { E: evil });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.report!).env, { E: evil });
});

function runShell(b: Box, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "boxc-verify-sh-"));
  const report = join(dir, "etc", "boxc", `${b.name}.json`);
  const v = verifyShell(b, report);
  const r = spawnSync("sh", ["-c", v.program, "boxc-verify", ...v.args], { cwd: b.workdir ?? dir, encoding: "utf8", env: { PATH: process.env.PATH!, ...env } });
  let text: string | null = null;
  try {
    text = readFileSync(report, "utf8");
  } catch {
    text = null;
  }
  rmSync(dir, { recursive: true, force: true });
  return { status: r.status, stderr: r.stderr, report: text };
}

test("without Python: the sh check passes and writes the same report shape as the Python one", () => {
  const b = matching({ python: null, pip: { indexUrl: null, extraIndexUrls: [], hashed: false, requirements: [] }, workdir: tmpdir() });
  const env = Object.fromEntries(b.env.map((e) => [e.name, e.value]));
  const sh = runShell(b, env);
  assert.equal(sh.status, 0, sh.stderr);
  const report = JSON.parse(sh.report!);
  assert.equal(report, { apt: { bash }, box: "check", distributions: {}, env, fingerprint: b.fingerprint, python: null, user: { gid: me.gid, name: me.username, uid: me.uid }, workdir: tmpdir() });
  // Byte-identical to what Python's json.dump(indent=2, sort_keys=True, ensure_ascii=False) writes for it.
  const dumped = spawnSync("python3", ["-c", "import json, sys; json.dump(json.loads(sys.stdin.read()), sys.stdout, indent=2, sort_keys=True, ensure_ascii=False); print()"], { input: sh.report!, encoding: "utf8" });
  assert.equal(sh.report, dumped.stdout);
});

test("without Python: every difference is named and fails the sh check", () => {
  const b = matching({
    python: null,
    apt: [{ name: "bash", version: "0:0-wrong" }, { name: "no-such-package-x", version: null }],
    user: { name: me.username, uid: me.uid + 1, gid: me.gid },
    env: [{ name: "BOXC_V", value: "it's $x" }],
    workdir: "/",
  });
  const r = runShell(b, { BOXC_V: "it's " });
  assert.equal(r.status, 1);
  assert.equal(r.report, null);
  for (const expected of ["apt bash: expected 0:0-wrong", "apt no-such-package-x: not installed", `user ${me.username}: expected uid:gid ${me.uid + 1}:${me.gid}`, "env BOXC_V: expected 'it's $x', found 'it's '"]) {
    assert.ok(r.stderr.includes(expected), `${expected}\n${r.stderr}`);
  }
});

test.run();
