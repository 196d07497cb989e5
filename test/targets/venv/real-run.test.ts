/**
 * The real thing: tiny wheels served as a PEP 503 index on 127.0.0.1, a box pointing at it,
 * and the generated setup-venv.sh run by sh with Debian's python3.11 — twice.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Box } from "../../../src/ir/types.ts";
import { box, req } from "../../fixtures/ir.ts";
import { startIndex, type RunningIndex } from "../../support/pypi-index.ts";
import { buildWheels, normalizeName, type BuiltWheel } from "../../support/wheels.ts";
import { emit, HOSTILE, projectOf } from "./cases.ts";

const root = mkdtempSync(join(tmpdir(), "boxc-venv-run-"));
const home = join(root, "home");
mkdirSync(home);
/** The caller's environment: Debian's python3.11 first, this machine's pip configuration neutralized. */
const ENV = { PATH: "/usr/bin:/bin", HOME: home, LC_ALL: "C.UTF-8", PIP_CONFIG_FILE: "/dev/null" };

let index: RunningIndex;
let wheels: BuiltWheel[];
const hashOf = (name: string) => wheels.find((w) => w.name === name)!.sha256;

test.before(async () => {
  wheels = buildWheels(join(root, "wheels"), [
    { name: "demo-lib", version: "1.0", extras: ["fast"], requires: ["dep-one==2.0", 'speedup==0.5; extra == "fast"'] },
    { name: "demo-lib", version: "1.1" },
    { name: "dep-one", version: "2.0" },
    { name: "speedup", version: "0.5" },
  ]);
  index = await startIndex(join(root, "wheels"));
});

test.after(async () => {
  await index?.stop();
  rmSync(root, { recursive: true, force: true });
});

function demoBox(name: string, hashed: boolean, over: Partial<Box> = {}): Box {
  const h = (n: string) => (hashed ? { hashes: [hashOf(n)] } : {});
  return box(name, {
    pip: {
      indexUrl: index.url,
      extraIndexUrls: [],
      requirements: [
        req("demo-lib", "==1.0", { extras: ["fast"], ...h("demo-lib") }),
        req("dep-one", "==2.0", h("dep-one")),
        // False everywhere: pip must skip it (no such distribution exists on the index).
        req("never-there", "==9.0", { marker: "python_version < '3'", ...(hashed ? { hashes: ["sha256:" + "0".repeat(64)] } : {}) }),
        req("speedup", "==0.5", h("speedup")),
      ],
      hashed,
    },
    apt: [
      { name: "coreutils", version: "0.0-not-this" },
      { name: "boxc-no-such-package", version: null },
    ],
    env: HOSTILE.map((value, i) => ({ name: `V${i}`, value })),
    ...over,
  });
}

/** Writes the box's venv files under `root/out/<case>` and returns the script's path. */
function emitTo(caseName: string, b: Box): string {
  const out = emit(projectOf([b]));
  assert.equal(out.diagnostics, []);
  for (const f of out.files) {
    const p = join(root, "out", caseName, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.content);
  }
  return join(root, "out", caseName, "venv", b.name, "setup-venv.sh");
}

function sh(script: string, cwd: string, env: Record<string, string> = ENV) {
  return spawnSync("sh", [script], { cwd, env, encoding: "utf8" });
}

function freeze(venv: string): string[] {
  const r = spawnSync(join(venv, "bin", "python"), ["-m", "pip", "--isolated", "freeze"], { env: ENV, encoding: "utf8" });
  assert.is(r.status, 0, r.stderr);
  return r.stdout
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => {
      const [n, v] = l.split("==");
      return `${normalizeName(n!)}==${v}`;
    })
    .sort();
}

/** Every file under `dir` with the sha256 of its content (what a second run must not change). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (st?.isDirectory()) walk(p);
      else if (st?.isFile()) out[relative(dir, p)] = createHash("sha256").update(readFileSync(p)).digest("hex");
    }
  };
  walk(dir);
  return out;
}

const PINS = ["demo-lib==1.0", "dep-one==2.0", "speedup==0.5"];

for (const hashed of [false, true]) {
  const name = hashed ? "hashed" : "plain";
  test(`${name}: setup-venv.sh installs exactly the pins, skips the false marker, and is idempotent`, () => {
    const script = emitTo(name, demoBox(name, hashed));
    assert.is(readFileSync(script, "utf8").includes("--require-hashes"), hashed);
    const work = join(root, `work-${name}`);
    mkdirSync(work);
    const first = sh(script, work);
    assert.is(first.status, 0, `first run failed:\n${first.stdout}${first.stderr}`);
    const venv = join(work, `.venv-${name}`);
    assert.equal(freeze(venv), PINS);
    // Host checks are warnings, never silent.
    assert.match(first.stderr, /warning: apt package boxc-no-such-package is not installed on this host/);
    assert.match(first.stderr, /warning: apt package coreutils is at version \S+ on this host; box \S+ pins 0\.0-not-this/);
    assert.match(first.stdout + first.stderr, /Ignoring never-there/);

    const report = JSON.parse(readFileSync(join(venv, "boxc-environment.json"), "utf8"));
    assert.is(report.box, name);
    assert.is(report.python, "3.11");
    assert.equal(report.env, Object.fromEntries(HOSTILE.map((v, i) => [`V${i}`, v])));

    // Activation exports every value byte for byte.
    const names = HOSTILE.map((_, i) => `"$V${i}"`).join(" ");
    const act = spawnSync("sh", ["-c", `. ./.venv-${name}/bin/activate && printf '%s\\0' "$VIRTUAL_ENV" ${names}`], { cwd: work, env: ENV });
    assert.is(act.status, 0, act.stderr.toString());
    assert.equal(act.stdout.toString("utf8").split("\0").slice(0, -1), [venv, ...HOSTILE]);

    const before = snapshot(venv);
    const second = sh(script, work);
    assert.is(second.status, 0, `second run failed:\n${second.stdout}${second.stderr}`);
    assert.match(second.stderr, /reusing/);
    assert.equal(freeze(venv), PINS);
    assert.equal(snapshot(venv), before, "the second run changed files in the venv");
  });
}

test("a wrong hash stops the install", () => {
  const b = demoBox("badhash", true);
  const reqs = b.pip.requirements.map((r) => (r.name === "dep-one" ? { ...r, hashes: ["sha256:" + "f".repeat(64)] } : r));
  const script = emitTo("badhash", { ...b, pip: { ...b.pip, requirements: reqs } });
  const work = join(root, "work-badhash");
  mkdirSync(work);
  const r = sh(script, work);
  assert.is.not(r.status, 0);
  assert.match(r.stderr, /THESE PACKAGES DO NOT MATCH THE HASHES/);
});

test("no interpreter of the box's version: fails naming the version and how to get it", () => {
  const script = emitTo("old", demoBox("old", false, { python: { version: "3.8", minor: "3.8", fromOs: false } }));
  const work = join(root, "work-old");
  mkdirSync(work);
  const r = sh(script, work);
  assert.is(r.status, 1);
  assert.match(r.stderr, /box old needs Python 3\.8, and neither python3\.8 nor python3 on PATH is that version\. Install it \(apt-get install python3\.8 python3\.8-venv, or pyenv install 3\.8\) or set BOXC_PYTHON/);
  assert.not.ok(existsSync(join(work, ".venv-old")));
});

test("BOXC_PYTHON is checked too", () => {
  const script = emitTo("pick", demoBox("pick", false, { python: { version: "3.11.0", minor: "3.11", fromOs: false } }));
  const work = join(root, "work-pick");
  mkdirSync(work);
  const r = sh(script, work, { ...ENV, BOXC_PYTHON: "/usr/bin/python3.11" });
  assert.is(r.status, 1);
  assert.match(r.stderr, /BOXC_PYTHON=\/usr\/bin\/python3\.11 is not Python 3\.11\.0/);
});

test("a folder the script did not make is never touched; a changed box rebuilds its own venv", () => {
  const work = join(root, "work-foreign");
  mkdirSync(join(work, ".venv-foreign"), { recursive: true });
  writeFileSync(join(work, ".venv-foreign", "keep.txt"), "mine");
  const script = emitTo("foreign", demoBox("foreign", false));
  const r = sh(script, work);
  assert.is(r.status, 1);
  assert.match(r.stderr, /\.venv-foreign exists but was not made by this script/);
  assert.is(readFileSync(join(work, ".venv-foreign", "keep.txt"), "utf8"), "mine");

  rmSync(join(work, ".venv-foreign"), { recursive: true });
  assert.is(sh(script, work).status, 0);
  const changed = demoBox("foreign", false, { fingerprint: "sha256:" + "e".repeat(64) });
  const pins = changed.pip.requirements.filter((q) => q.name !== "speedup").map((q) => (q.name === "demo-lib" ? req("demo-lib", "==1.1") : q));
  const script2 = emitTo("foreign2", { ...changed, pip: { ...changed.pip, requirements: pins } });
  const r2 = sh(script2, work);
  assert.is(r2.status, 0, r2.stderr);
  assert.match(r2.stderr, /changed since \.venv-foreign was made: rebuilding it/);
  assert.equal(freeze(join(work, ".venv-foreign")), ["demo-lib==1.1", "dep-one==2.0"]);
});

test.run();
