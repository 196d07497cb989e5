import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { GENERATED_MARKER } from "../../../targets/_shared/header.ts";
import { REQUIREMENTS_CODING_LINE } from "../../../targets/_shared/encode-requirements.ts";
import { shQuote } from "../../../targets/_shared/encode-shell.ts";
import { verifyScript } from "../../../targets/_shared/verify.ts";
import { box, req } from "../../fixtures/ir.ts";
import { apiBox, emit, file, hashedBox, HOSTILE, projectOf } from "./cases.ts";
import { PipReader } from "./pip-reader.ts";

const pip = new PipReader();

function run(cmd: string, args: string[], input?: string) {
  return spawnSync(cmd, args, { input, encoding: "utf8", env: { PATH: "/usr/bin:/bin", HOME: "/nonexistent", LC_ALL: "C.UTF-8" } });
}

function lintShell(script: string): void {
  const dir = mkdtempSync(join(tmpdir(), "boxc-venv-lint-"));
  const path = join(dir, "setup-venv.sh");
  try {
    spawnSync("sh", ["-c", 'cat > "$1"', "sh", path], { input: script });
    const sc = run("shellcheck", ["-s", "sh", path]);
    assert.is(sc.status, 0, `shellcheck:\n${sc.stdout}${sc.stderr}`);
    for (const sh of ["sh", "dash", "bash"]) {
      const r = run(sh, ["-n", path]);
      assert.is(r.status, 0, `${sh} -n: ${r.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("emits requirements.txt and setup-venv.sh per Python box, in box order", () => {
  const out = emit(projectOf([apiBox(), hashedBox()]));
  assert.equal(out.diagnostics, []);
  assert.equal(
    out.files.map((f) => [f.path, f.box]),
    [
      ["venv/api/requirements.txt", "api"],
      ["venv/api/setup-venv.sh", "api"],
      ["venv/worker/requirements.txt", "worker"],
      ["venv/worker/setup-venv.sh", "worker"],
    ],
  );
  for (const f of out.files) {
    assert.ok(f.content.endsWith("\n") && !f.content.endsWith("\n\n"), `${f.path}: one trailing newline`);
    assert.not.ok(f.content.includes("\r"), `${f.path}: \\n line ends`);
    const lines = f.content.split("\n");
    assert.is(lines[0], f.path.endsWith(".sh") ? "#!/bin/sh" : REQUIREMENTS_CODING_LINE);
    assert.ok(lines[1]!.startsWith(`# ${GENERATED_MARKER} from `), lines[1]);
    assert.ok(f.content.includes(`Environment fingerprint of ${f.box}: sha256:0123456789abcdef`));
  }
  assert.equal(emit(projectOf([apiBox(), hashedBox()])), out, "deterministic");
});

test("requirements.txt: indexes, then one canonical line per requirement, no option lines", () => {
  const text = file(emit(projectOf([apiBox()])), "venv/api/requirements.txt");
  const body = text.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
  assert.equal(body, [
    "--index-url=https://pypi.org/simple",
    "--extra-index-url=https://mirror.example/simple",
    "fastapi==0.115.0",
    "numpy<2,>=1.26; python_version >= '3.10'",
    "uvicorn[standard]==0.30.6",
  ]);
});

test("pip reads requirements.txt back: the box's pins, extras, markers and hashes intact", async () => {
  for (const b of [apiBox(), hashedBox()]) {
    const r = await pip.parse(file(emit(projectOf([b])), `venv/${b.name}/requirements.txt`));
    assert.ok("lines" in r, JSON.stringify(r));
    if (!("lines" in r)) return;
    const reqs = r.lines.filter((l) => l.isRequirement);
    assert.equal(reqs.map((l) => l.args), b.pip.requirements.map((q) => q.line));
    assert.equal(reqs.map((l) => l.hashes), b.pip.requirements.map((q) => q.hashes));
    assert.equal(r.lines.find((l) => l.indexUrl)?.indexUrl ?? null, b.pip.indexUrl);
    assert.equal(r.lines.flatMap((l) => l.extraIndexUrls), b.pip.extraIndexUrls);
    for (const l of r.lines) assert.equal(l.otherOptions, []);
  }
});

test("setup-venv.sh: --require-hashes exactly when every requirement is hashed; pip never upgrades", () => {
  const plain = file(emit(projectOf([apiBox()])), "venv/api/setup-venv.sh");
  const hashed = file(emit(projectOf([hashedBox()])), "venv/worker/setup-venv.sh");
  assert.ok(/-m pip install [^\n]*-r "\$requirements"/.test(plain));
  assert.not.ok(plain.includes("--require-hashes"));
  assert.ok(/-m pip install [^\n]*--require-hashes -r "\$requirements"/.test(hashed));
  for (const s of [plain, hashed]) {
    assert.not.ok(/pip install[^\n]*(--upgrade|-U\b)/.test(s), "no implicit upgrade");
    assert.not.ok(/(^|[;&|]\s*)eval\b/m.test(s), "no eval");
    assert.ok(s.includes("\nset -eu\n"));
  }
  assert.ok(plain.includes("python_version='3.11'") && plain.includes("python_minor='3.11'"));
  assert.ok(hashed.includes("python_version='3.11.7'") && hashed.includes("pyenv install 3.11.7"));
});

test("setup-venv.sh: apt packages are checked with dpkg-query, pins included", () => {
  const s = file(emit(projectOf([apiBox()])), "venv/api/setup-venv.sh");
  assert.ok(s.includes("check_apt 'curl' '7.88.1-10+deb12u8'\n"));
  assert.ok(s.includes("check_apt 'libpq5' ''\n"));
  assert.not.ok(file(emit(projectOf([hashedBox()])), "venv/worker/setup-venv.sh").includes("check_apt"));
});

test("the header says what a venv reproduces and what it cannot", () => {
  const s = file(emit(projectOf([apiBox()])), "venv/api/setup-venv.sh");
  const header = s.split("\nset -eu\n")[0]!;
  assert.ok(header.includes("# Reproduces: Python 3.11, the pip requirements"));
  for (const word of ["the OS (debian:12", "apt packages", "the user (app 10001:10001", "copied files", "build commands", "resource limits", "ports"])
    assert.ok(header.includes(word), word);
});

test("setup-venv.sh carries the environment check exactly (a once-quoted body spliced per box)", () => {
  for (const value of HOSTILE) {
    const b = apiBox({ env: [{ name: "V", value }] });
    const s = file(emit(projectOf([b])), "venv/api/setup-venv.sh");
    assert.ok(s.includes(shQuote(verifyScript(b, { apt: false, user: false, workdir: false }))), JSON.stringify(value));
  }
});

test("shellcheck -s sh, sh -n, dash -n and bash -n accept every case", () => {
  const paths = ["-x'y (id) {box} #1 ~", "venvs/{box}", "/opt/venvs/{box}"];
  for (const b of [apiBox(), hashedBox(), box("bare")])
    for (const p of paths) {
      const out = emit(projectOf([b], p));
      assert.equal(out.diagnostics, [], `${b.name} ${p}`);
      lintShell(file(out, `venv/${b.name}/setup-venv.sh`));
    }
});

test("the venv path option: {box} replaced, a leading `-` never reaches venv as an option", () => {
  const s = file(emit(projectOf([apiBox()], "-envs/{box}-{box}")), "venv/api/setup-venv.sh");
  assert.ok(s.includes("\nvenv='./-envs/api-api'\n"));
});

test("hostile env values reach the activation hook literally (the script's own here-document, run by sh)", () => {
  // A line break is not valid in an env value, but the encoding must not depend on it.
  const values = [...HOSTILE, "x\nBOXC_ENV\nexport INJECTED=1"];
  const b = hashedBox();
  const script = file(emit(projectOf([{ ...b, env: values.map((value, i) => ({ name: `V${i}`, value })) }])), "venv/worker/setup-venv.sh");
  const m = /\ncat > "\$venv\/bin\/boxc-env\.sh" <<'([A-Z_0-9]+)'\n[\s\S]*?\n\1\n/.exec(script);
  assert.ok(m, "hook here-document");
  assert.is(m![1], "BOXC_ENV_1", "the delimiter avoids a value that equals it");
  const dir = mkdtempSync(join(tmpdir(), "boxc-venv-hook-"));
  try {
    const names = values.map((_, i) => `V${i}`);
    const probe = `venv=${dir}\nmkdir -p "$venv/bin"\n${m![0]}\n. "$venv/bin/boxc-env.sh"\nprintf '%s\\0' ${names.map((n) => `"$${n}"`).join(" ")} "\${INJECTED-unset}"`;
    const r = spawnSync("sh", ["-c", probe], { env: { PATH: "/usr/bin:/bin", HOME: "/home/x" } });
    assert.is(r.status, 0, r.stderr.toString());
    assert.equal(r.stdout.toString("utf8").split("\0").slice(0, -1), [...values, "unset"]);
    assert.ok(r.stderr.toString().includes("secret TOKEN of box worker is read from the file /run/secrets/it's token"), r.stderr.toString());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("hostile requirement text: refused with BOX4303 at the requirement, and no files", () => {
  const b = apiBox({
    pip: {
      indexUrl: null,
      extraIndexUrls: [],
      requirements: [req("ok", "==1.0", { marker: "platform_release == '$x %{y} {{z}} `q` é'" }), req("evil", "==1.0", { marker: "platform_release == 'x --hash=sha256:00'" })],
      hashed: false,
    },
  });
  const out = emit(projectOf([b]));
  assert.equal(out.files, []);
  assert.equal(out.diagnostics.map((d) => [d.code, d.at]), [["BOX4303", "/boxes/0/pip/requirements/1"]]);
  assert.match(out.diagnostics[0]!.message, /requirement `evil` cannot be written to requirements\.txt exactly: a word of it starts with `-`/);
});

test("a marker with $, %{}, {{}}, backquotes and unicode arrives intact", async () => {
  const marker = "platform_release == '$x ${lower} %{y} {{z}} `q` é \\ \"d\"'";
  const b = apiBox({ pip: { indexUrl: null, extraIndexUrls: [], requirements: [req("ok", "==1.0", { marker })], hashed: false } });
  const out = emit(projectOf([b]));
  assert.equal(out.diagnostics, []);
  const r = await pip.parse(file(out, "venv/api/requirements.txt"));
  assert.ok("lines" in r && r.lines[0]!.args === `ok==1.0; ${marker}`, JSON.stringify(r));
});

test("index URLs pip would expand are refused with BOX4304", () => {
  const b = apiBox({ pip: { indexUrl: "https://${TOKEN}@pypi.example/simple", extraIndexUrls: ["https://x/ a"], requirements: [], hashed: false } });
  const out = emit(projectOf([b]));
  assert.equal(out.diagnostics.map((d) => [d.code, d.at]), [["BOX4304", "/boxes/0/pip/indexUrl"], ["BOX4304", "/boxes/0/pip/extraIndexUrls/0"]]);
  assert.equal(out.files, []);
});

test("hashes on some requirements only, or on an unpinned one, are errors", () => {
  const H = "sha256:" + "a".repeat(64);
  const b = apiBox({
    pip: { indexUrl: null, extraIndexUrls: [], requirements: [req("a", "==1.0", { hashes: [H] }), req("b", ">=2", { hashes: [H] }), req("c", "==3.0")], hashed: false },
  });
  const out = emit(projectOf([b]));
  assert.equal(out.diagnostics.map((d) => [d.code, d.at]), [["BOX4306", "/boxes/0/pip/requirements/1"], ["BOX4305", "/boxes/0/pip/requirements/2"]]);
});

test("image boxes are errors, boxes without python produce nothing (a warning)", () => {
  const cache = box("cache", { os: null, python: null, image: { ref: "redis:7.2-bookworm", repository: "redis", tag: "7.2-bookworm", digest: null }, user: null, workdir: null, run: null });
  const db = box("db", { python: null });
  const out = emit(projectOf([cache, db, apiBox()]));
  assert.equal(out.files.map((f) => f.path), ["venv/api/requirements.txt", "venv/api/setup-venv.sh"]);
  assert.equal(out.diagnostics.map((d) => [d.code, d.severity, d.at]), [["BOX4301", "error", "/boxes/1/"].slice(0, 2).concat("/boxes/1"), ["BOX4302", "warning", "/boxes/2"]]);
});

test("venv paths that are not a folder of their own, or that venv cannot quote, are refused", () => {
  for (const p of ["", ".", "..", "/", "a/..", "x$y", 'a"b', "a\\b", "a`b`"]) {
    const out = emit(projectOf([apiBox()], p));
    assert.equal(out.diagnostics.map((d) => [d.code, d.at]), [["BOX4307", "/targets/0/path"]], JSON.stringify(p));
  }
});

test("secret names appear only as references; env names are checked", () => {
  const s = file(emit(projectOf([apiBox()])), "venv/api/setup-venv.sh");
  assert.ok(s.includes('if [ -z "${DATABASE_URL+x}" ]'));
  const bad = emit(projectOf([apiBox({ env: [{ name: "A;rm", value: "x" }] })]));
  assert.equal(bad.diagnostics.map((d) => d.code), ["BOX4308"]);
});

test("a source name with a line break cannot break out of the header comments", () => {
  const out = emit(projectOf([apiBox({ source: "evil\nrm -rf ~\n.box" })]));
  const s = file(out, "venv/api/setup-venv.sh");
  assert.ok(s.includes("# Generated by boxc from evil\\u{a}rm -rf ~\\u{a}.box."));
  lintShell(s);
});

test.after(() => {
  pip.close();
});
test.run();
