/**
 * The build cache (src/cli/cache.ts), through the in-process CLI: a hit prints what a full
 * unchanged build prints and writes nothing; every change the output depends on is a miss
 * followed by a correct build. Hit or miss is told by the phase timings: a hit never loads
 * the sources.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, unlinkSync, utimesSync, writeFileSync, type BigIntStats } from "node:fs";
import { tmpdir } from "node:os";
import { Worker } from "node:worker_threads";
import { join } from "node:path";
import { run } from "../../src/cli/main.ts";
import { CACHE_NAME, stillAsWritten } from "../../src/cli/cache.ts";
import { outputsUnchanged, signature } from "../../src/cli/cache-outputs.ts";
import { digest, recordingHost } from "../../src/host/recording.ts";
import { memoryHost } from "../../src/source/host.ts";
import { startTimings, takeTimings } from "../../src/perf/timings.ts";

const repo = join(import.meta.dirname, "../..");
const temps: string[] = [];
test.after(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "boxc-cache-"));
  temps.push(dir);
  cpSync(join(repo, "examples/shop"), dir, { recursive: true });
  return dir;
}

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the build was answered from the cache (the compiler never loaded a source). */
  readonly hit: boolean;
}

async function boxc(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Result> {
  let stdout = "";
  let stderr = "";
  startTimings();
  const code = await run(args, { cwd, env, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), stdoutIsTTY: false, stderrIsTTY: false });
  const phases = takeTimings()!.phases;
  return { code, stdout, stderr, hit: "cache" in phases && !("load" in phases) };
}

/** Every entry under `dir` (dot-files included) with what changes when it is written. */
function states(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      const r = rel === "" ? name : `${rel}/${name}`;
      const st = lstatSync(join(dir, r), { bigint: true });
      out.set(r, `${st.ino}:${st.mtimeNs}:${st.ctimeNs}:${st.size}`);
      if (st.isDirectory()) walk(r);
    }
  };
  walk("");
  return out;
}

/** A project built once (the record written), and the output of a full build over it. */
async function built(): Promise<{ dir: string; out: string; full: Result }> {
  const dir = project();
  const first = await boxc(["build"], dir);
  assert.is(first.code, 0, first.stderr);
  assert.ok(existsSync(join(dir, "out", CACHE_NAME)), "the record is written");
  const full = await boxc(["build", "--no-cache"], dir);
  assert.is(full.hit, false);
  assert.match(full.stderr, /^out: 0 written, \d+ unchanged, 0 removed\n$/);
  return { dir, out: join(dir, "out"), full };
}

/** The folder is exactly what a full build writes. */
async function upToDate(dir: string): Promise<void> {
  const r = await boxc(["build", "--check", "--no-cache"], dir);
  assert.is(r.code, 0, r.stderr);
}

test("a hit prints what an unchanged build prints, exits 0 and writes nothing", async () => {
  const { dir, out, full } = await built();
  const before = states(dir);
  const runs: [string[], Result][] = [];
  for (const args of [[], ["--check"], ["--diff"], ["--format", "json"], ["--quiet"], ["--format", "github"], ["--check", "--format", "json"]]) {
    const r = await boxc(["build", ...args], dir);
    assert.ok(r.hit, `answered from the cache: ${args.join(" ")}`);
    runs.push([args, r]);
  }
  assert.equal(states(dir), before, "no file written, not even the record");
  // The same as full builds (which take the folder's lock, so they do touch the folder itself).
  assert.equal({ ...runs[0]![1], hit: false }, full);
  for (const [args, r] of runs) assert.equal({ ...r, hit: false }, await boxc(["build", "--no-cache", ...args], dir), args.join(" "));
  assert.match(runs[1]![1].stderr, /^out is up to date \(\d+ files\)\n$/);
  assert.equal([runs[2]![1].code, runs[2]![1].stdout], [0, ""]);
  assert.ok(existsSync(join(out, CACHE_NAME)));
});

test("--no-cache and BOXC_NO_CACHE=1 neither read nor write the record", async () => {
  const dir = project();
  const r = await boxc(["build", "--no-cache"], dir);
  assert.is(r.code, 0);
  assert.not.ok(existsSync(join(dir, "out", CACHE_NAME)));
  assert.ok((await boxc(["build"], dir, { BOXC_NO_CACHE: "0" })).code === 0);
  assert.ok(existsSync(join(dir, "out", CACHE_NAME)));
  assert.is((await boxc(["build"], dir, { BOXC_NO_CACHE: "1" })).hit, false);
  assert.is((await boxc(["build", "--check"], dir, { BOXC_NO_CACHE: "1" })).hit, false);
  assert.is((await boxc(["build"], dir)).hit, true);
});

test("--check never writes the record", async () => {
  const dir = project();
  assert.is((await boxc(["build", "--no-cache"], dir)).code, 0);
  const r = await boxc(["build", "--check"], dir);
  assert.is(r.code, 0);
  assert.not.ok(existsSync(join(dir, "out", CACHE_NAME)));
});

test("editing a source: a miss, and the changed artifacts are written", async () => {
  const { dir } = await built();
  const shop = join(dir, "shop.box");
  writeFileSync(shop, readFileSync(shop, "utf8").replace('LOG_LEVEL = "info"', 'LOG_LEVEL = "debug"'));
  const r = await boxc(["build"], dir);
  assert.is(r.hit, false);
  assert.match(r.stderr, /^out: [1-9]\d* written, \d+ unchanged, 0 removed\n$/);
  await upToDate(dir);
  assert.ok((await boxc(["build"], dir)).hit, "the new record is used");
});

test("removing and restoring an imported file: a miss with its error, then the old record holds again", async () => {
  const { dir, full } = await built();
  const base = join(dir, "python-base.box");
  const text = readFileSync(base, "utf8");
  unlinkSync(base);
  const r = await boxc(["build"], dir);
  assert.is(r.hit, false);
  assert.is(r.code, 1);
  assert.match(r.stderr, "error[BOX");
  writeFileSync(base, text);
  // Same bytes, same folder: what the record describes is true again.
  const back = await boxc(["build"], dir);
  assert.ok(back.hit);
  assert.equal({ ...back, hit: false }, full);
});

test("adding an imported file: a miss", async () => {
  const { dir } = await built();
  writeFileSync(join(dir, "extra.box"), 'template extra() {\n  os "debian:12"\n}\n');
  const shop = join(dir, "shop.box");
  writeFileSync(shop, readFileSync(shop, "utf8").replace('import "./python-base.box"', 'import "./python-base.box"\nimport "./extra.box"'));
  const r = await boxc(["build", "shop.box"], dir);
  assert.is(r.hit, false);
  assert.is(r.code, 0, r.stderr);
  assert.ok((await boxc(["build", "shop.box"], dir)).hit);
  // The import is a source now: editing it is a miss.
  writeFileSync(join(dir, "extra.box"), 'template extra() {\n  os "debian:12"\n  user "x"\n}\n');
  assert.is((await boxc(["build", "shop.box"], dir)).hit, false);
});

test("copied sources: a file added to a copied folder or a copied file removed is a miss", async () => {
  const { dir } = await built();
  writeFileSync(join(dir, "api", "extra.py"), "print('hi')\n");
  const added = await boxc(["build"], dir);
  assert.is(added.hit, false);
  assert.is(added.code, 0);
  assert.ok((await boxc(["build"], dir)).hit);
  rmSync(join(dir, "config"), { recursive: true });
  const removed = await boxc(["build"], dir);
  assert.is(removed.hit, false);
  assert.is(removed.code, 1);
  assert.match(removed.stderr, "error[BOX2203]");
});

test("an output file edited, deleted or added: a miss, and the build repairs the folder", async () => {
  const { dir, out } = await built();
  const compose = join(out, "compose.yaml");
  writeFileSync(compose, `${readFileSync(compose, "utf8")}# mine\n`);
  const edited = await boxc(["build"], dir);
  assert.is(edited.hit, false);
  assert.match(edited.stderr, /^out: 1 written, /);

  const dockerfile = readdirSync(join(out, "docker")).map((b) => join(out, "docker", b, "Dockerfile")).find((f) => existsSync(f))!;
  const text = readFileSync(dockerfile, "utf8");
  unlinkSync(dockerfile);
  const deleted = await boxc(["build"], dir);
  assert.is(deleted.hit, false);
  assert.match(deleted.stderr, /^out: 1 written, /);
  assert.is(readFileSync(dockerfile, "utf8"), text);

  // A generated file copied in where no box produces one: pruned by the full build.
  mkdirSync(join(out, "docker", "ghost"));
  writeFileSync(join(out, "docker", "ghost", "Dockerfile"), text);
  const extra = await boxc(["build"], dir);
  assert.is(extra.hit, false);
  assert.match(extra.stderr, / 1 removed\n$/);
  await upToDate(dir);
  assert.ok((await boxc(["build"], dir)).hit);
});

test("an edit that keeps the size and restores the mtime (touch -d) is seen", async () => {
  const { dir, out } = await built();
  const compose = join(out, "compose.yaml");
  // A whole-second mtime, so that it can be restored exactly; recorded by the next build.
  const old = new Date("2001-01-01T00:00:00Z");
  utimesSync(compose, old, old);
  assert.is((await boxc(["build"], dir)).hit, false);
  assert.ok((await boxc(["build"], dir)).hit);
  const before = lstatSync(compose, { bigint: true });
  const text = readFileSync(compose, "utf8");
  const i = text.lastIndexOf("\n", text.length - 2) + 1;
  writeFileSync(compose, `${text.slice(0, i)}${text[i] === "#" ? "%" : "#"}${text.slice(i + 1)}`);
  utimesSync(compose, old, old);
  const after = lstatSync(compose, { bigint: true });
  assert.equal([after.size, after.mtimeNs, after.ino], [before.size, before.mtimeNs, before.ino]);
  const r = await boxc(["build", "--check"], dir);
  assert.is(r.hit, false);
  assert.is(r.code, 1);
  assert.match(r.stderr, "out/compose.yaml");
});

test("a racy entry is checked by content: same times, other bytes is a miss", () => {
  const dir = mkdtempSync(join(tmpdir(), "boxc-cache-racy-"));
  temps.push(dir);
  writeFileSync(join(dir, "a"), "one\n");
  mkdirSync(join(dir, "d"));
  const sigs = [signature(lstatSync(join(dir, "a"), { bigint: true })), signature(lstatSync(join(dir, "d"), { bigint: true }))];
  const sha = (s: string) => digest(Buffer.from(s));
  const rec = (fileCheck: string, names: string[]) => ({ paths: ["a", "d"], sigs, checks: { 0: fileCheck, 1: names } });
  assert.ok(outputsUnchanged(dir, rec(sha("one\n"), [])));
  assert.not.ok(outputsUnchanged(dir, rec(sha("two\n"), [])), "bytes differ");
  assert.not.ok(outputsUnchanged(dir, rec(sha("one\n"), ["x"])), "names differ");
  assert.throws(() => outputsUnchanged(dir, { paths: ["a"], sigs: [], checks: {} } as never));
});

test("an entry's signature: kind, size, mtime and ctime in ns, inode and mode, as records of every version 2 hold them", () => {
  const dir = mkdtempSync(join(tmpdir(), "boxc-cache-sig-"));
  temps.push(dir);
  writeFileSync(join(dir, "a"), "one\n");
  mkdirSync(join(dir, "d"));
  for (const [name, kind] of [["a", "f"], ["d", "d"]] as const) {
    const st = lstatSync(join(dir, name), { bigint: true });
    assert.is(signature(st), `${kind}${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}:${st.mode}`);
  }
  assert.is(signature(undefined), "-");
});

test("the output check works from inside the folder and gives the working directory back, hit or miss", () => {
  const dir = mkdtempSync(join(tmpdir(), "boxc-cache-cwd-"));
  temps.push(dir);
  mkdirSync(join(dir, "d"));
  writeFileSync(join(dir, "d", "f"), "x\n");
  const sig = (p: string) => signature(lstatSync(join(dir, p), { bigint: true }));
  const cwd = process.cwd();
  assert.ok(outputsUnchanged(dir, { paths: ["d", "d/f"], sigs: [sig("d"), sig("d/f")], checks: {} }));
  assert.is(process.cwd(), cwd);
  assert.not.ok(outputsUnchanged(dir, { paths: ["d", "d/f"], sigs: [sig("d"), "-"], checks: {} }), "a changed entry is a miss");
  assert.is(process.cwd(), cwd);
  // A path the folder does not hold is missing there, wherever the process runs.
  assert.not.ok(outputsUnchanged(dir, { paths: ["gone"], sigs: [sig("d")], checks: {} }));
  assert.ok(outputsUnchanged(dir, { paths: ["gone"], sigs: ["-"], checks: {} }));
  assert.is(process.cwd(), cwd);
});

test("the output check also works in a worker thread, which cannot change the working directory", async () => {
  const dir = mkdtempSync(join(tmpdir(), "boxc-cache-worker-"));
  temps.push(dir);
  mkdirSync(join(dir, "d"));
  writeFileSync(join(dir, "d", "f"), "x\n");
  const sig = (p: string) => signature(lstatSync(join(dir, p), { bigint: true }));
  const module = new URL("../../src/cli/cache-outputs.ts", import.meta.url).href;
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    import(workerData.module).then(({ outputsUnchanged }) => {
      const hit = outputsUnchanged(workerData.dir, workerData.hit);
      const miss = outputsUnchanged(workerData.dir, workerData.miss);
      parentPort.postMessage({ hit, miss, cwd: process.cwd() });
    });`;
  const workerData = {
    module,
    dir,
    hit: { paths: ["d", "d/f"], sigs: [sig("d"), sig("d/f")], checks: {} },
    miss: { paths: ["d", "d/f"], sigs: [sig("d"), "-"], checks: {} },
  };
  const answer = await new Promise<{ hit: boolean; miss: boolean; cwd: string }>((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData });
    w.once("message", resolve);
    w.once("error", reject);
  });
  assert.equal(answer, { hit: true, miss: false, cwd: process.cwd() });
});

test("another --target, --allow or output folder is another key: a miss", async () => {
  const { dir } = await built();
  const docker = await boxc(["build", "--target", "docker"], dir);
  assert.is(docker.hit, false);
  assert.is(docker.code, 0);
  assert.match(docker.stderr, /^out: 0 written, \d+ unchanged, 0 removed\n$/);
  assert.ok((await boxc(["build", "--target", "docker"], dir)).hit);
  assert.is((await boxc(["build"], dir)).hit, false, "the record now describes the docker-only build");
  assert.ok((await boxc(["build", "-o", "./out/"], dir)).hit, "the same folder, spelled differently");
  assert.is((await boxc(["build", "--allow", "image-not-digest-pinned"], dir)).hit, false);
});

test("another boxc build (identity) is a miss", async () => {
  const { dir } = await built();
  assert.is((await boxc(["build"], dir, { BOXC_TEST_BUILD_ID: "other" })).hit, false);
  assert.ok((await boxc(["build"], dir, { BOXC_TEST_BUILD_ID: "other" })).hit);
  assert.is((await boxc(["build"], dir)).hit, false);
});

test("a corrupt, truncated or tampered record is ignored and rewritten", async () => {
  const { dir, out, full } = await built();
  const record = join(out, CACHE_NAME);
  const good = readFileSync(record, "utf8");
  for (const bad of [good.slice(0, good.length >> 1), "{}\n", "not json", good.replace(/"unchanged":\d+/, '"unchanged":1'), good.replace(/\n\{/, "\n[")]) {
    writeFileSync(record, bad);
    const r = await boxc(["build"], dir);
    assert.is(r.hit, false, JSON.stringify(bad.slice(0, 40)));
    assert.equal({ ...r, hit: false }, full);
    assert.ok((await boxc(["build"], dir)).hit, "rewritten");
  }
  truncateSync(record, 0);
  assert.is((await boxc(["build", "--check"], dir)).hit, false);
});

test("--check over a drifted folder after a record was written reports the drift", async () => {
  const { dir, out } = await built();
  const compose = join(out, "compose.yaml");
  writeFileSync(compose, `${readFileSync(compose, "utf8")}# mine\n`);
  const ghost = join(out, "docker", "ghost");
  mkdirSync(ghost);
  writeFileSync(join(ghost, "Dockerfile"), readFileSync(compose));
  const before = states(dir);
  const r = await boxc(["build", "--check"], dir);
  assert.is(r.hit, false);
  assert.is(r.code, 1);
  assert.match(r.stderr, "error[BOX5010]: `out/compose.yaml` was edited by hand");
  assert.match(r.stderr, "error[BOX5009]");
  assert.equal(states(dir), before, "--check changes nothing, the record included");
});

test("a build that kept a hand-edited file is not recorded: --check still reports the file", async () => {
  const dir = project();
  const box = (name: string) => `box ${name} {\n  os "debian:12"\n  run ["sleep", "1"]\n}\n`;
  writeFileSync(join(dir, "shop.box"), `${box("a")}${box("b")}target docker\n`);
  assert.is((await boxc(["build"], dir)).code, 0);
  const edited = join(dir, "out", "docker", "b", "Dockerfile");
  writeFileSync(edited, `${readFileSync(edited, "utf8")}# mine\n`);
  writeFileSync(join(dir, "shop.box"), `${box("a")}target docker\n`);
  const kept = await boxc(["build"], dir);
  assert.is(kept.code, 0, kept.stderr);
  assert.match(kept.stderr, "warning[BOX5012]");
  for (let i = 0; i < 2; i++) {
    const r = await boxc(["build", "--check"], dir);
    assert.is(r.hit, false, "never answered from a record");
    assert.equal(r, await boxc(["build", "--check", "--no-cache"], dir));
    assert.is(r.code, 1);
    assert.match(r.stderr, "error[BOX5010]");
    // A build in between keeps the file again, and again records nothing.
    assert.is((await boxc(["build"], dir)).hit, false);
  }
});

test("a build that printed a warning is cached, and a hit prints the warning again, code frame and all", async () => {
  const dir = project();
  writeFileSync(join(dir, "shop.box"), 'box cache {\n  image "redis:7.2.5-bookworm"\n  expose 6379\n}\n');
  const first = await boxc(["build"], dir);
  assert.is(first.code, 0, first.stderr);
  assert.match(first.stderr, "warning[");
  assert.ok(existsSync(join(dir, "out", CACHE_NAME)));
  for (const format of ["text", "json", "github"]) {
    const full = await boxc(["build", "--format", format, "--no-cache"], dir);
    const again = await boxc(["build", "--format", format], dir);
    assert.is(again.hit, true, format);
    assert.is(again.code, full.code, format);
    assert.is(again.stdout, full.stdout, format);
    assert.is(again.stderr, full.stderr, format);
  }
  assert.match((await boxc(["build"], dir)).stderr, /\| +image "redis:7\.2\.5-bookworm"/);
  // --deny turns the warning into an error: another key, a full build, exit 1.
  const denied = await boxc(["build", "--deny", "image-not-digest-pinned"], dir);
  assert.is(denied.hit, false);
  assert.is(denied.code, 1);
});

test("the recording host answers like its host, records each question once, and gives up on two answers", () => {
  const files: Record<string, string> = { "/p/a.box": "box a {}\n", "/p/d/x": "x" };
  const host = recordingHost(memoryHost(files));
  assert.is(new TextDecoder().decode(host.readFile("/p/a.box")), "box a {}\n");
  assert.is(host.readFile("/p/none"), undefined);
  assert.is(host.stat("/p/d"), "dir");
  assert.equal(host.readDir("/p/d"), ["x"]);
  assert.is(host.realpath("/p/a.box"), "/p/a.box");
  host.readFile("/p/a.box");
  assert.equal(host.observations(), [
    ["readFile", "/p/a.box", digest(Buffer.from("box a {}\n"))],
    ["readFile", "/p/none", null],
    ["stat", "/p/d", "dir"],
    ["readDir", "/p/d", ["x"]],
    ["realpath", "/p/a.box", "/p/a.box"],
  ]);
  files["/p/a.box"] = "changed";
  host.readFile("/p/a.box");
  assert.is(host.observations(), null, "a file that changed while it was compiled");
});

test("a file the build wrote is vouched for by its stamp only when nothing could have rewritten it unseen", () => {
  const stamp = { ino: 7n, size: 120n, mtimeNs: 1_000_000_000n };
  const st = (o: Partial<{ ino: bigint; size: bigint; mtimeNs: bigint; ctimeNs: bigint }>) =>
    ({ ino: 7n, size: 120n, mtimeNs: 1_000_000_000n, ctimeNs: 1_004_000_000n, ...o }) as unknown as BigIntStats;
  assert.ok(stillAsWritten(stamp, st({})), "renamed in a later tick, untouched since");
  assert.not.ok(stillAsWritten(undefined, st({})), "not written by this build");
  assert.not.ok(stillAsWritten(stamp, st({ ino: 8n })), "replaced by another file");
  assert.not.ok(stillAsWritten(stamp, st({ size: 121n })), "grown");
  assert.not.ok(stillAsWritten(stamp, st({ mtimeNs: 1_004_000_000n })), "written again later");
  assert.not.ok(stillAsWritten(stamp, st({ ctimeNs: 1_000_000_000n })), "renamed within the tick of the write: a same-tick rewrite would not show");
});

test.run();
