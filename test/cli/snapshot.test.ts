/**
 * The `bin/boxc` launcher and the start-up snapshot (docs/performance.md, "Start-up"). Run
 * `node scripts/build.ts` first: it builds dist/cli.js, dist/boxc.blob and dist/snapshot.env.
 *  - the snapshot behaves exactly like the plain bundle (bin/boxc.js): every example builds to
 *    the same bytes, failing inputs give the same exit codes and messages; so the warm-up done
 *    while building the snapshot leaks nothing into real runs;
 *  - the launcher finds its package through symlinks (npm's .bin/boxc), passes arguments,
 *    exit codes and signals through, and falls back to the plain bundle whenever the snapshot
 *    cannot be run by the binary that would run it.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { CACHE_NAME } from "../../src/cli/cache.ts";

const repo = join(import.meta.dirname, "../..");
const launcher = join(repo, "bin/boxc");
const plainBin = join(repo, "bin/boxc.js");

for (const f of ["dist/cli.js", "dist/boxc.blob", "dist/snapshot.env"]) {
  if (!existsSync(join(repo, f))) throw new Error(`${f} is missing: run \`node scripts/build.ts\` before the launcher tests`);
}

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** From the BOXC_TIMINGS line (removed from stderr): did the run start from the snapshot? */
  readonly snapshot: boolean | undefined;
}

const baseEnv = () => ({ PATH: process.env.PATH ?? "", NO_COLOR: "1", BOXC_TIMINGS: "1" });

function result(r: { status: number | null; stdout: string; stderr: string }): Run {
  const lines = r.stderr.split("\n");
  const i = lines.findIndex((l) => l.startsWith('{"boxcTimings"'));
  const snapshot = i < 0 ? undefined : (JSON.parse(lines[i]!) as { snapshot: boolean }).snapshot;
  if (i >= 0) lines.splice(i, 1);
  return { status: r.status, stdout: r.stdout, stderr: lines.join("\n"), snapshot };
}

/** Runs a launcher file directly, as a hook runs the bin (the kernel reads its #! line). */
function launch(file: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Run {
  return result(spawnSync(file, args, { cwd, encoding: "utf8", env: { ...baseEnv(), ...env } }));
}

function plain(args: readonly string[], cwd: string, env: Record<string, string> = {}): Run {
  return result(spawnSync(process.execPath, [plainBin, ...args], { cwd, encoding: "utf8", env: { ...baseEnv(), ...env } }));
}

const temps: string[] = [];
function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}
test.after(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/** Every entry under `dir` with its kind, mode and bytes hash. */
function listing(dir: string, rel = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, rel)).sort()) {
    // The build cache's record holds this machine's paths and inodes, not artifacts.
    if (rel === "" && name === CACHE_NAME) continue;
    const p = rel ? `${rel}/${name}` : name;
    const st = statSync(join(dir, p));
    if (st.isDirectory()) out.push(`${p}/`, ...listing(dir, p));
    else out.push(`${p} ${st.mode.toString(8)} ${createHash("sha256").update(readFileSync(join(dir, p))).digest("hex")}`);
  }
  return out;
}

/** A fresh copy of an example (without any output folder). */
function example(name: string): string {
  const dir = tempDir(`boxc-snap-${name}-`);
  cpSync(join(repo, "examples", name), dir, { recursive: true });
  rmSync(join(dir, "out"), { recursive: true, force: true });
  return dir;
}

/** Same exit code, stdout and stderr; the snapshot run really started from the snapshot. */
function same(viaSnapshot: Run, viaBundle: Run, what: string): void {
  assert.is(viaSnapshot.snapshot, true, `${what}: bin/boxc started from the snapshot`);
  assert.is(viaBundle.snapshot, false, `${what}: bin/boxc.js ran the plain bundle`);
  assert.is(viaSnapshot.status, viaBundle.status, `${what}: exit code`);
  assert.is(viaSnapshot.stdout, viaBundle.stdout, `${what}: stdout`);
  assert.is(viaSnapshot.stderr, viaBundle.stderr, `${what}: stderr`);
}

test("every example builds to the same bytes through the snapshot and the plain bundle", () => {
  const names = readdirSync(join(repo, "examples")).sort();
  assert.ok(names.length > 0);
  for (const name of names) {
    const a = example(name);
    const b = example(name);
    const viaSnapshot = launch(launcher, ["build", "-o", "out"], a);
    const viaBundle = plain(["build", "-o", "out"], b);
    same(viaSnapshot, viaBundle, `examples/${name} build`);
    assert.is(viaSnapshot.status, 0, viaSnapshot.stderr);
    assert.equal(listing(join(a, "out")), listing(join(b, "out")), `examples/${name}: output folders`);
    // The IR (stdout), and a --check of the snapshot's output by both.
    same(launch(launcher, ["ir"], a), plain(["ir"], b), `examples/${name} ir`);
    same(launch(launcher, ["build", "--check", "-o", "out"], a), plain(["build", "--check", "-o", "out"], b), `examples/${name} --check`);
  }
});

test("failing inputs: the same exit codes and messages through the snapshot", () => {
  const a = example("shop");
  const b = example("shop");
  const edit = (dir: string, f: (s: string) => string) => writeFileSync(join(dir, "shop.box"), f(readFileSync(join(dir, "shop.box"), "utf8")));
  // A reference to a box that does not exist (a checker error), then a syntax error too.
  for (const dir of [a, b]) edit(dir, (s) => s.replace("connect db port 5432", "connect nowhere port 5432"));
  const checkA = launch(launcher, ["build"], a);
  same(checkA, plain(["build"], b), "unknown box");
  assert.is(checkA.status, 1);
  assert.match(checkA.stderr, /error\[BOX\d{4}\]/);
  for (const dir of [a, b]) edit(dir, (s) => `${s}\nbox broken {\n`);
  const syntax = launch(launcher, ["build", "--format", "json"], a);
  same(syntax, plain(["build", "--format", "json"], b), "syntax error, json");
  assert.is(syntax.status, 1);
  assert.not.ok(existsSync(join(a, "out")), "nothing written");
  // Usage (2) and internal (3) errors, with and without --debug (its stack differs: file names).
  same(launch(launcher, ["build", "--target", "rocket"], a), plain(["build", "--target", "rocket"], b), "usage");
  const internal = launch(launcher, ["validate"], a, { BOXC_TEST_INTERNAL_ERROR: "1" });
  same(internal, plain(["validate"], b, { BOXC_TEST_INTERNAL_ERROR: "1" }), "internal error");
  assert.is(internal.status, 3);
  const debug = launch(launcher, ["validate", "--debug"], a, { BOXC_TEST_INTERNAL_ERROR: "1" });
  assert.is(debug.status, 3);
  assert.match(debug.stderr, /\n\s+at /, "--debug prints the stack from the snapshot too");
});

test("arguments reach boxc unchanged: spaces, quotes, empty, `--`, and Node's own options", () => {
  const dir = example("shop");
  for (const args of [["--version"], ["-V"], ["--help"], ["validate", "a b", "", "it's", '"q"', "$HOME", "*"], ["build", "--", "--version"], ["explain", "box5003"], ["--no-warnings"], ["--snapshot-blob", "x"]]) {
    same(launch(launcher, args, dir), plain(args, dir), `boxc ${JSON.stringify(args)}`);
  }
  assert.is(launch(launcher, ["--version"], dir).stdout, `${JSON.parse(readFileSync(join(repo, "package.json"), "utf8")).version}\n`);
});

test("the launcher finds its package through symlinks, as npm links .bin/boxc", () => {
  const dir = example("shop");
  const links = tempDir("boxc-links-");
  mkdirSync(join(links, "node_modules/.bin"), { recursive: true });
  // Absolute link, then a relative link to that link (two levels, like a global bin dir).
  symlinkSync(launcher, join(links, "node_modules/.bin/boxc"));
  mkdirSync(join(links, "bin"));
  symlinkSync("../node_modules/.bin/boxc", join(links, "bin/boxc"));
  for (const via of [join(links, "node_modules/.bin/boxc"), join(links, "bin/boxc")]) {
    const r = launch(via, ["validate"], dir);
    assert.is(r.status, 0, r.stderr);
    assert.is(r.snapshot, true, `${via} starts from the snapshot`);
  }
  // Started by name from PATH, and as `sh boxc` from its own folder.
  const byName = launch("boxc", ["validate"], dir, { PATH: `${join(links, "bin")}:${process.env.PATH ?? ""}` });
  assert.is(byName.snapshot, true, byName.stderr);
  const r = result(spawnSync("sh", ["boxc", "--version"], { cwd: join(repo, "bin"), encoding: "utf8", env: baseEnv() }));
  assert.is(r.status, 0, r.stderr);
  assert.is(r.snapshot, true);
});

const LONG_AGO = new Date("2001-01-01T00:00:00Z");
const BLOB_TIME = new Date("2011-01-01T00:00:00Z");

/** A copy of the package's launchers and bundle, with the snapshot and an env file to taste. */
function packageCopy(nodeLine: string | null): string {
  const pkg = tempDir("boxc-pkg-");
  mkdirSync(join(pkg, "bin"));
  mkdirSync(join(pkg, "dist"));
  for (const f of ["bin/boxc", "bin/boxc.js", "dist/cli.js", "dist/boxc.blob"]) copyFileSync(join(repo, f), join(pkg, f));
  chmodSync(join(pkg, "bin/boxc"), 0o755);
  // Between LONG_AGO and now, whatever the order the test makes its files in.
  utimesSync(join(pkg, "dist/boxc.blob"), BLOB_TIME, BLOB_TIME);
  writeFileSync(join(pkg, "package.json"), '{"type": "module"}\n');
  if (nodeLine !== null) writeFileSync(join(pkg, "dist/snapshot.env"), `${nodeLine}\n`);
  return pkg;
}

/** A stand-in "Node" that fails loudly: the launcher must not exec it. */
function fakeNode(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const fake = join(dir, "node");
  writeFileSync(fake, "#!/bin/sh\necho 'fake node ran' >&2\nexit 14\n");
  chmodSync(fake, 0o755);
  return fake;
}


test("the recorded binary runs the snapshot only while it is older than the blob", () => {
  const dir = example("shop");
  // The fallback runs `node` from PATH: this test's own (a package copy has no node dev dependency).
  const withNode = { PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}` };
  // Control: the env file is honoured (a binary and folder older than the blob are used).
  const old = tempDir("boxc-old-node-");
  const oldFake = fakeNode(old);
  utimesSync(oldFake, LONG_AGO, LONG_AGO);
  utimesSync(old, LONG_AGO, LONG_AGO);
  const control = packageCopy(`boxc_node='${oldFake}'`);
  const used = launch(join(control, "bin/boxc"), ["--version"], dir, withNode);
  assert.is(used.status, 14, "the launcher execs the recorded binary");
  assert.match(used.stderr, "fake node ran");

  // A binary replaced after the blob was built (newer file): the plain bundle instead.
  const replaced = tempDir("boxc-new-node-");
  const newFake = fakeNode(replaced);
  utimesSync(replaced, LONG_AGO, LONG_AGO);
  const r1 = launch(join(packageCopy(`boxc_node='${newFake}'`), "bin/boxc"), ["validate"], dir, withNode);
  assert.is(r1.status, 0, r1.stderr);
  assert.is(r1.snapshot, false);

  // Replaced by a rename that kept an old modification time (a package manager): the folder is newer.
  const renamed = tempDir("boxc-renamed-node-");
  const keptTime = fakeNode(renamed);
  utimesSync(keptTime, LONG_AGO, LONG_AGO);
  const r2 = launch(join(packageCopy(`boxc_node='${keptTime}'`), "bin/boxc"), ["validate"], dir, withNode);
  assert.is(r2.status, 0, r2.stderr);
  assert.is(r2.snapshot, false);

  // Gone, not recorded at all, or BOXC_SNAPSHOT=0: the plain bundle.
  for (const [pkg, env] of [
    [packageCopy(`boxc_node='${join(old, "missing", "node")}'`), withNode],
    [packageCopy(null), withNode],
    [packageCopy(`boxc_node='${oldFake}'`), { ...withNode, BOXC_SNAPSHOT: "0" }],
  ] as const) {
    const r = launch(join(pkg, "bin/boxc"), ["validate"], dir, env);
    assert.is(r.status, 0, r.stderr);
    assert.is(r.snapshot, false);
  }
});

/** The malloc settings bin/boxc gives Node (docs/performance.md, "Fourth round"). */
const TUNABLES = "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=67108864";

/** The heap flags bin/boxc gives Node (docs/performance.md, "Fifth round", "Seventh round"), each left out when NODE_OPTIONS names it. */
const HEAP_FLAGS = ["--max-semi-space-size=4", "--heap-growing-percent=50"];
/** `gc()` for src/cli/memory.ts ("Seventh round"): always given, as nothing of the user's conflicts with it. */
const V8_FLAGS = [...HEAP_FLAGS, "--expose-gc"];
/** Grows the young generation to its cap, then prints its size in MiB (two semi-spaces). */
const NEW_SPACE_AFTER_ALLOCATING =
  'const a = []; for (let i = 0; i < 3e6; i++) a.push({ i }); require("v8").getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size / 2 ** 20';

test("the launcher tunes glibc's malloc and V8's heap for Node, and a malloc setting of the user's own wins", () => {
  // A stand-in Node, older than the blob (so the launcher execs it), that shows what it was given.
  const dir = tempDir("boxc-env-node-");
  const shown = join(dir, "node");
  writeFileSync(shown, '#!/bin/sh\nprintf "%s\\n" "$GLIBC_TUNABLES" "$@"\n');
  chmodSync(shown, 0o755);
  utimesSync(shown, LONG_AGO, LONG_AGO);
  utimesSync(dir, LONG_AGO, LONG_AGO);
  const pkg = packageCopy(`boxc_node='${shown}'`);
  const bin = join(pkg, "bin/boxc");
  const given = (env: Record<string, string>) => spawnSync(bin, ["--version"], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", ...env } });
  const ours = given({});
  assert.is(ours.status, 0, ours.stderr);
  assert.equal(ours.stdout.split("\n"), [TUNABLES, ...V8_FLAGS, "--snapshot-blob", `${pkg}/bin/../dist/boxc.blob`, "--", "--version", ""]);
  const theirs = given({ GLIBC_TUNABLES: "glibc.malloc.hugetlb=0" });
  assert.is(theirs.stdout.split("\n")[0], `${TUNABLES}:glibc.malloc.hugetlb=0`);
  // Without the snapshot, the same flags reach the Node that runs the plain bundle.
  const plainRun = spawnSync(bin, ["--version"], { encoding: "utf8", env: { PATH: `${dir}:${process.env.PATH ?? ""}`, BOXC_SNAPSHOT: "0" } });
  assert.equal(plainRun.stdout.split("\n").slice(1), [...V8_FLAGS, `${pkg}/bin/boxc.js`, "--version", ""]);
  // Node knows every flag (a misspelt one is an error, and the build would not start).
  const real = spawnSync(process.execPath, [...V8_FLAGS, "-e", "0"], { encoding: "utf8" });
  assert.is(real.status, 0, real.stderr);
  assert.is(real.stderr, "");
  // Node's command line overrides NODE_OPTIONS: a heap flag the user set there must not be
  // given again, or ours would win. Each flag is left out on its own, in either spelling.
  const flagsWith = (nodeOptions: string) => given({ NODE_OPTIONS: nodeOptions }).stdout.split("\n").slice(1, -5);
  assert.equal(flagsWith("--max-semi-space-size=16"), [HEAP_FLAGS[1], "--expose-gc"]);
  assert.equal(flagsWith("--inspect=0 --heap_growing_percent=50"), [HEAP_FLAGS[0], "--expose-gc"]);
  assert.equal(flagsWith("--heap-growing-percent=30 --max_semi_space_size=1"), ["--expose-gc"]);
  assert.equal(flagsWith("--no-warnings --max-old-space-size=900"), V8_FLAGS);
  const newSpaceMiB = (nodeOptions: string) =>
    spawnSync(process.execPath, ["--max-semi-space-size=4", "-p", NEW_SPACE_AFTER_ALLOCATING], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: nodeOptions } }).stdout.trim();
  assert.is(newSpaceMiB("--max-semi-space-size=16"), "8", "the command line's 4 MiB semi-spaces, not NODE_OPTIONS' 16");

  // glibc silently ignores a misspelt tunable: its dynamic loader lists what it understood,
  // and that the user's setting, coming last, is the one that holds.
  const loader = ["/lib64/ld-linux-x86-64.so.2", "/lib/ld-linux-aarch64.so.1"].find((p) => existsSync(p));
  if (!loader) {
    console.log("\nSKIP snapshot.test malloc tunables: no glibc dynamic loader to list them");
    return;
  }
  const listed = (value: string) => spawnSync(loader, ["--list-tunables"], { encoding: "utf8", env: { GLIBC_TUNABLES: value } }).stdout;
  const mine = listed(TUNABLES);
  assert.match(mine, /^glibc\.malloc\.hugetlb: 0x1 /m);
  assert.match(mine, /^glibc\.malloc\.mmap_threshold: 0x2000000 /m);
  assert.match(mine, /^glibc\.malloc\.trim_threshold: 0x4000000 /m);
  assert.match(listed(theirs.stdout.split("\n")[0]!), /^glibc\.malloc\.hugetlb: 0x0 /m);
});

test("the snapshot of another Node version is refused by Node itself (exit 14): why the launcher checks first", () => {
  const old = ["/usr/bin/node", "/usr/local/bin/node"].find((p) => existsSync(p));
  const version = old ? spawnSync(old, ["-p", "process.versions.node"], { encoding: "utf8" }).stdout.trim() : "";
  if (!old || version === process.versions.node) {
    console.log(`\nSKIP snapshot.test other Node: no Node other than ${process.versions.node} on this machine`);
    return;
  }
  const r = spawnSync(old, ["--snapshot-blob", join(repo, "dist/boxc.blob"), "--", "--version"], { encoding: "utf8" });
  assert.is(r.status, 14, r.stderr);
  assert.match(r.stderr, "Failed to load the startup snapshot");
  assert.not.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
});

test("without a Node on PATH the fallback uses the package's own `node` dev dependency", () => {
  if (!existsSync(join(repo, "node_modules/node/bin/node"))) {
    console.log("\nSKIP snapshot.test no PATH: the node dev dependency is not installed");
    return;
  }
  // PATH holds nothing: no node, and no `readlink` either (not needed: no symlink on the way).
  const r = launch(launcher, ["--version"], repo, { PATH: "/nonexistent", BOXC_SNAPSHOT: "0" });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.snapshot, false);
});

test("--watch through the launcher: Ctrl-C (SIGINT) reaches boxc, which exits 0", async () => {
  const dir = example("shop");
  const child = spawn(launcher, ["build", "--watch"], { cwd: dir, env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" } });
  let stderr = "";
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out; stderr:\n${stderr}`)), 20_000);
    child.stderr.on("data", (d) => {
      stderr += d;
      if (stderr.includes("watching for changes")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  try {
    await started;
  } finally {
    child.kill("SIGINT");
  }
  assert.is(await exited, 0);
});

test("the launcher is a POSIX sh script that shellcheck accepts, and the package's bin", () => {
  assert.ok(readFileSync(launcher, "utf8").startsWith("#!/bin/sh\n"));
  assert.ok(statSync(launcher).mode & 0o111, "executable");
  assert.is(JSON.parse(readFileSync(join(repo, "package.json"), "utf8")).bin.boxc, "bin/boxc");
  const r = spawnSync("shellcheck", ["-s", "sh", launcher], { encoding: "utf8" });
  if (r.error) throw new Error(`shellcheck is not installed (see REAL-TOOLS.md): ${r.error.message}`);
  assert.is(r.status, 0, r.stdout + r.stderr);
});

test.run();
