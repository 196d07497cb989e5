/**
 * End-to-end tests of the real `boxc` bin (run `node scripts/build.ts` first: the bin loads
 * dist/cli.js). Each test works on a copy of examples/shop in a temporary folder.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const repo = join(import.meta.dirname, "../..");
const bin = join(repo, "bin/boxc.js");
const example = join(repo, "examples/shop");
const ENTRY = "shop.box";

if (!existsSync(join(repo, "dist/cli.js"))) throw new Error("dist/cli.js is missing: run `node scripts/build.ts` before the CLI tests");

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function boxc(args: readonly string[], cwd: string, env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const temps: string[] = [];
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "boxc-cli-"));
  temps.push(dir);
  cpSync(example, dir, { recursive: true });
  rmSync(join(dir, "out"), { recursive: true, force: true });
  return dir;
}
test.after(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/**
 * Every entry under `dir` with its kind, bytes hash and mtime: equal listings mean nothing
 * changed. The build cache's record is left out: local state naming inodes, not output
 * (test/cli/cache.test.ts covers it).
 */
function listing(dir: string, withTimes = true, rel = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, rel)).sort()) {
    if (rel === "" && name === ".boxc-cache.json") continue;
    const p = rel ? `${rel}/${name}` : name;
    const st = statSync(join(dir, p));
    if (st.isDirectory()) out.push(`${p}/`, ...listing(dir, withTimes, p));
    else {
      const hash = createHash("sha256").update(readFileSync(join(dir, p))).digest("hex");
      out.push(`${p} ${hash} ${st.mode.toString(8)}${withTimes ? ` ${st.mtimeMs}` : ""}`);
    }
  }
  return out;
}

function built(dir: string, args: readonly string[] = []): void {
  const r = boxc(["build", ...args], dir);
  assert.is(r.status, 0, `build failed:\n${r.stderr}${r.stdout}`);
}

/** The generated artifacts of a build (not the manifest). */
function artifacts(out: string): string[] {
  return listing(out, false).filter((l) => !l.endsWith("/")).map((l) => l.split(" ")[0]!).filter((p) => p !== "boxc-manifest.json");
}

function skip(reason: string): void {
  // uvu prints its progress dots without a newline; the driver looks for SKIP at a line start.
  console.log(`\nSKIP ${reason}`);
}

test("--help of the program and of every command, with examples, exit 0", () => {
  const dir = project();
  const top = boxc(["--help"], dir);
  assert.is(top.status, 0);
  for (const cmd of ["build", "validate", "ir", "fmt", "graph", "explain"]) {
    assert.match(top.stdout, `  ${cmd} `);
    const r = boxc([cmd, "--help"], dir);
    assert.is(r.status, 0, cmd);
    assert.match(r.stdout, `Usage: boxc ${cmd}`);
    assert.match(r.stdout, "Examples:\n  $ boxc ");
  }
  assert.is(boxc(["help", "build"], dir).status, 0);
  assert.is(boxc(["--version"], dir).stdout, `${JSON.parse(readFileSync(join(repo, "package.json"), "utf8")).version}\n`);
});

test("the launcher re-runs itself with the package's Node when started by an old Node", () => {
  const old = ["/usr/bin/node", "/usr/local/bin/node"].find((p) => existsSync(p));
  const version = old ? spawnSync(old, ["-p", "process.versions.node"], { encoding: "utf8" }).stdout.trim() : "";
  if (!old || Number(version.split(".")[0]) >= 22) return skip("bin.test launcher: no Node older than 22 on this machine");
  const r = spawnSync(old, [bin, "--version"], { encoding: "utf8" });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
  // Without node_modules/node beside it, a one-line error and exit 3.
  const lone = mkdtempSync(join(tmpdir(), "boxc-lone-"));
  temps.push(lone);
  mkdirSync(join(lone, "bin"));
  cpSync(bin, join(lone, "bin/boxc.js"));
  writeFileSync(join(lone, "package.json"), '{"type": "module"}\n');
  const e = spawnSync(old, [join(lone, "bin/boxc.js"), "--version"], { encoding: "utf8" });
  assert.is(e.status, 3);
  assert.is(e.stderr, `boxc needs Node.js ≥ 22 (found ${version})\n`);
});

test("the launcher without a build: a one-line error, exit 3", () => {
  const lone = mkdtempSync(join(tmpdir(), "boxc-unbuilt-"));
  temps.push(lone);
  mkdirSync(join(lone, "bin"));
  cpSync(bin, join(lone, "bin/boxc.js"));
  writeFileSync(join(lone, "package.json"), '{"type": "module"}\n');
  const r = spawnSync(process.execPath, [join(lone, "bin/boxc.js"), "--version"], { encoding: "utf8" });
  assert.is(r.status, 3);
  assert.is(r.stderr, "boxc is not built: run `npm run build` in its package folder\n");
});

test("exit code 2 for wrong usage, never a stack", () => {
  const dir = project();
  for (const args of [["build", "--nope"], ["frobnicate"], ["explain"], ["build", "--format", "xml"], ["build", "--target", "rocket"], ["explain", "BOX0000"], []]) {
    const r = boxc(args, dir);
    assert.is(r.status, 2, `boxc ${args.join(" ")}: ${r.stderr}`);
    assert.not.match(r.stderr, /\n\s+at /, "no stack trace");
  }
});

test("exit code 3 for an internal error: a short message, the stack only with --debug", () => {
  const dir = project();
  const r = boxc(["validate"], dir, { BOXC_TEST_INTERNAL_ERROR: "1" });
  assert.is(r.status, 3);
  assert.match(r.stderr, "error[BOX9001]: internal error: deliberate internal error");
  assert.not.match(r.stderr, /\n\s+at /);
  const d = boxc(["validate", "--debug"], dir, { BOXC_TEST_INTERNAL_ERROR: "1" });
  assert.is(d.status, 3);
  assert.match(d.stderr, /\n\s+at /);
});

test("exit codes 0 and 1 from the sources; explain works from the bundle", () => {
  const dir = project();
  assert.is(boxc(["validate"], dir).status, 0);
  writeFileSync(join(dir, "broken.box"), "box {\n");
  const r = boxc(["validate", "broken.box"], dir);
  assert.is(r.status, 1);
  assert.match(r.stderr, /error\[BOX1\d{3}\]/);
  assert.match(r.stderr, " --> broken.box:");
  const e = boxc(["explain", "BOX5003"], dir);
  assert.is(e.status, 0);
  assert.match(e.stdout, "BOX5003 output-not-generated (error)");
  assert.match(e.stdout, "## Example", "the markdown explanation is embedded in the bundle");
});

test("--format json and github", () => {
  const dir = project();
  writeFileSync(join(dir, "broken.box"), "box {\n");
  const j = boxc(["validate", "broken.box", "--format", "json"], dir);
  assert.is(j.status, 1);
  const doc = JSON.parse(j.stdout);
  assert.is(doc.version, 1);
  assert.ok(doc.summary.errors > 0);
  const d = doc.diagnostics[0];
  assert.is(d.file, "broken.box");
  assert.type(d.line, "number");
  assert.match(d.rendered, `error[${d.code}]`);
  const g = boxc(["--format", "github", "validate", "broken.box"], dir);
  assert.is(g.status, 1);
  assert.match(g.stdout, /^::error file=broken\.box,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=BOX\d{4} [a-z-]+::/m);
});

test("build is deterministic: twice, and from another working directory", () => {
  // compose.yaml names the output folder (its build context points back at the project), so
  // every build goes to the same folder; it is emptied in between.
  const dir = project();
  const out = join(dir, "out");
  built(dir, ["-o", "out"]);
  const a = listing(out, false);
  assert.ok(a.some((l) => l.startsWith("boxc-manifest.json ")));
  rmSync(out, { recursive: true, force: true });
  built(dir, ["-o", "out"]);
  assert.equal(listing(out, false), a);
  rmSync(out, { recursive: true, force: true });
  const elsewhere = mkdtempSync(join(tmpdir(), "boxc-cwd-"));
  temps.push(elsewhere);
  built(elsewhere, [join(dir, ENTRY), "-o", out]);
  assert.equal(listing(out, false), a);
});

test("a second build writes nothing and keeps every mtime", () => {
  const dir = project();
  built(dir);
  const before = listing(join(dir, "out"));
  const r = boxc(["build"], dir);
  assert.is(r.status, 0);
  assert.match(r.stderr, "out: 0 written");
  assert.equal(listing(join(dir, "out")), before);
});

test("--check: 0 after a build, 1 after a source change (listing the files), --diff shows it", () => {
  const dir = project();
  built(dir);
  const ok = boxc(["build", "--check"], dir);
  assert.is(ok.status, 0, ok.stderr);
  const before = listing(join(dir, "out"));
  writeFileSync(join(dir, ENTRY), readFileSync(join(dir, ENTRY), "utf8").replace('LOG_LEVEL = "info"', 'LOG_LEVEL = "debug"'));
  const stale = boxc(["build", "--check"], dir);
  assert.is(stale.status, 1);
  assert.match(stale.stderr, "error[BOX5007]: `out/boxc-manifest.json` is stale");
  const diff = boxc(["build", "--check", "--diff"], dir);
  assert.is(diff.status, 1);
  assert.match(diff.stdout, "--- a/boxc-manifest.json\n+++ b/boxc-manifest.json\n@@ ");
  assert.equal(listing(join(dir, "out")), before, "--check and --diff write nothing");
  const missing = boxc(["build", "--check", "-o", "nowhere"], dir);
  assert.is(missing.status, 1);
  assert.match(missing.stderr, "BOX5008");
  assert.not.ok(existsSync(join(dir, "nowhere")));
});

test("--check: 1 after a hand edit of a generated file, listing it", () => {
  const dir = project();
  built(dir);
  const files = artifacts(join(dir, "out"));
  if (files.length === 0) return skip("bin.test hand-edit: no target produced artifacts yet (targets/registry.ts is empty)");
  appendFileSync(join(dir, "out", files[0]!), "# my edit\n");
  const r = boxc(["build", "--check"], dir);
  assert.is(r.status, 1);
  assert.match(r.stderr, `error[BOX5010]: \`out/${files[0]}\` was edited by hand`);
  built(dir);
  assert.is(boxc(["build", "--check"], dir).status, 0, "a build restores it");
});

test("a failing build leaves the output folder byte-identical", () => {
  const dir = project();
  built(dir);
  const before = listing(join(dir, "out"));
  writeFileSync(join(dir, ENTRY), `${readFileSync(join(dir, ENTRY), "utf8")}\nbox broken {\n`);
  const r = boxc(["build"], dir);
  assert.is(r.status, 1);
  assert.equal(listing(join(dir, "out")), before);
  const fresh = boxc(["build", "-o", "never"], dir);
  assert.is(fresh.status, 1);
  assert.not.ok(existsSync(join(dir, "never")), "no folder is created by a failing build");
});

test("user files in the output folder survive; a user file at an artifact path blocks the build", () => {
  const dir = project();
  built(dir);
  const out = join(dir, "out");
  writeFileSync(join(out, "NOTES.md"), "mine\n");
  mkdirSync(join(out, "docker"), { recursive: true });
  writeFileSync(join(out, "docker", "mine.txt"), "mine\n");
  built(dir);
  assert.is(readFileSync(join(out, "NOTES.md"), "utf8"), "mine\n");
  assert.is(readFileSync(join(out, "docker", "mine.txt"), "utf8"), "mine\n");
  writeFileSync(join(out, "boxc-manifest.json"), "{}\n");
  const before = listing(out);
  const r = boxc(["build"], dir);
  assert.is(r.status, 1);
  assert.match(r.stderr, "error[BOX5003]: `out/boxc-manifest.json` exists in the output folder and was not generated by boxc");
  assert.equal(listing(out), before, "nothing written");
});

test("a symlinked output folder is refused and its target untouched", () => {
  const dir = project();
  const target = mkdtempSync(join(tmpdir(), "boxc-target-"));
  temps.push(target);
  writeFileSync(join(target, "precious"), "x\n");
  symlinkSync(target, join(dir, "linked"));
  const r = boxc(["build", "-o", "linked"], dir);
  assert.is(r.status, 1);
  assert.match(r.stderr, "error[BOX5004]: refusing to write through the symbolic link `linked`");
  assert.equal(readdirSync(target), ["precious"]);
  built(dir);
  const sub = artifacts(join(dir, "out")).find((p) => p.includes("/"))?.split("/")[0];
  if (sub === undefined) return skip("bin.test symlinked subfolder: no artifact in a subfolder yet (targets/registry.ts is empty)");
  mkdirSync(join(dir, "out2"));
  symlinkSync(target, join(dir, "out2", sub));
  const inner = boxc(["build", "-o", "out2"], dir);
  assert.is(inner.status, 1);
  assert.match(inner.stderr, "BOX5004");
  assert.equal(readdirSync(target), ["precious"]);
});

test("a stale lock of a dead process is taken over", () => {
  const dir = project();
  mkdirSync(join(dir, "out"));
  const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
  writeFileSync(join(dir, "out", ".boxc.lock"), `${dead}\n`);
  built(dir);
  assert.not.ok(existsSync(join(dir, "out", ".boxc.lock")));
});

test("a live lock makes a build wait, then fail cleanly", () => {
  const dir = project();
  mkdirSync(join(dir, "out"));
  writeFileSync(join(dir, "out", ".boxc.lock"), `${process.pid}\n`);
  const r = boxc(["build"], dir, { BOXC_LOCK_TIMEOUT_MS: "200" });
  assert.is(r.status, 1);
  assert.match(r.stderr, `error[BOX5005]: the output folder \`out\` is locked by another boxc process (pid ${process.pid})`);
  assert.equal(readdirSync(join(dir, "out")), [".boxc.lock"]);
});

function spawnBuild(dir: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, "build"], { cwd: dir, env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

test("concurrent builds into one folder: all succeed, the folder is consistent", async () => {
  const dir = project();
  const runs = await Promise.all([spawnBuild(dir), spawnBuild(dir), spawnBuild(dir), spawnBuild(dir)]);
  for (const r of runs) assert.is(r.status, 0, r.stderr);
  const check = boxc(["build", "--check"], dir);
  assert.is(check.status, 0, check.stderr);
  assert.equal(listing(join(dir, "out"), false).filter((l) => l.includes(".boxc")), [], "no lock or temp files left");
});

test("ir prints the IR as JSON; graph prints mermaid and dot", () => {
  const dir = project();
  const ir = boxc(["ir"], dir);
  assert.is(ir.status, 0, ir.stderr);
  const doc = JSON.parse(ir.stdout);
  assert.is(doc.irVersion, "1");
  assert.equal(doc.boxes.map((b: { name: string }) => b.name), ["api", "cache", "db", "worker"]);
  const m = boxc(["graph", ENTRY], dir);
  assert.is(m.status, 0, m.stderr);
  assert.match(m.stdout, /^flowchart LR\n/);
  assert.match(m.stdout, 'box_api -->|"5432/tcp"| box_db');
  const d = boxc(["graph", ENTRY, "--format", "dot"], dir);
  assert.is(d.status, 0, d.stderr);
  assert.match(d.stdout, '"api" -> "db" [label="5432/tcp"];');
});

test("fmt --check and fmt", () => {
  if (!existsSync(join(repo, "src/fmt/format.ts"))) return skip("bin.test fmt: src/fmt/format.ts (the formatter) is not there yet");
  const dir = project();
  const r = boxc(["fmt"], dir);
  assert.is(r.status, 0, r.stderr);
  assert.is(boxc(["fmt", "--check"], dir).status, 0, "formatted files pass --check");
  const formatted = readFileSync(join(dir, ENTRY), "utf8");
  // Only layout changes: other indentation and trailing blanks.
  writeFileSync(join(dir, ENTRY), formatted.replace(/^( +)/gm, (m) => "\t".repeat(m.length / 2)).replace(/\n/g, "   \n"));
  const c = boxc(["fmt", "--check"], dir);
  assert.is(c.status, 1);
  assert.match(c.stderr, "error[BOX5011]: `shop.box` is not in the canonical layout");
  assert.is(boxc(["fmt"], dir).status, 0);
  assert.is(readFileSync(join(dir, ENTRY), "utf8"), formatted, "idempotent: back to the same layout");
});

test("fmt reads bytes as the compiler does: invalid UTF-8 is BOX1001 with a code frame, and the file keeps its bytes", () => {
  const dir = mkdtempSync(join(tmpdir(), "boxc-fmt-utf8-"));
  try {
    // Unformatted (extra spaces) and not UTF-8 (0xFF): a lossy read would have "formatted" it into U+FFFD.
    const bytes = Buffer.concat([Buffer.from('box   api {\n  os "debian'), Buffer.from([0xff]), Buffer.from(':12"\n}\n')]);
    writeFileSync(join(dir, "a.box"), bytes);
    for (const args of [["fmt", "a.box"], ["fmt", "--check", "a.box"], ["validate", "a.box"]]) {
      const r = boxc(args, dir);
      assert.is(r.status, 1, args.join(" "));
      assert.match(r.stderr, "error[BOX1001]: invalid UTF-8 byte `0xFF` at line 2, column 13\n --> a.box:2:13\n  |\n2 |   os \"debian\ufffd:12\"\n  |             ^");
      assert.ok(readFileSync(join(dir, "a.box")).equals(bytes), `${args.join(" ")}: the file is untouched`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("fmt never changes meaning: the IR of every example is the same before and after", () => {
  for (const name of readdirSync(join(repo, "examples")).sort()) {
    const dir = mkdtempSync(join(tmpdir(), "boxc-fmt-"));
    temps.push(dir);
    cpSync(join(repo, "examples", name), dir, { recursive: true });
    const before = boxc(["ir"], dir);
    if (before.status !== 0) {
      // The golden tests report examples that do not compile; here there is no IR to compare.
      skip(`bin.test fmt meaning: examples/${name} does not compile`);
      continue;
    }
    const f = boxc(["fmt"], dir);
    assert.is(f.status, 0, `${name}: ${f.stderr}`);
    assert.is(boxc(["fmt", "--check"], dir).status, 0, `${name}: formatted files pass --check`);
    const after = boxc(["ir"], dir);
    assert.is(after.status, 0, `${name}: ${after.stderr}`);
    assert.is(after.stdout, before.stdout, `${name}: same IR`);
  }
});

test("--watch rebuilds on a source change and exits 0 on Ctrl-C", async () => {
  const dir = project();
  const child = spawn(process.execPath, [bin, "build", "--watch"], { cwd: dir, env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" } });
  let stderr = "";
  const waitFor = (needle: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${JSON.stringify(needle)}; stderr:\n${stderr}`)), 20_000);
      const check = () => {
        if (stderr.includes(needle)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stderr.on("data", (d) => {
        stderr += d;
        check();
      });
      check();
    });
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  try {
    await waitFor("watching for changes");
    assert.match(stderr, "[watch] build 1 ok:");
    writeFileSync(join(dir, "python-base.box"), readFileSync(join(dir, "python-base.box"), "utf8").replace('PYTHONUNBUFFERED = "1"', 'PYTHONUNBUFFERED = "0"'));
    await waitFor("[watch] build 2 ok:");
    assert.match(stderr, /\[watch\] build 2 ok: [1-9]\d* written/);
  } finally {
    child.kill("SIGINT");
  }
  assert.is(await exited, 0);
});

test.run();
