import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readSnapshot } from "../../src/cli/disk.ts";
import { acquireLock, LOCK_NAME } from "../../src/cli/lock.ts";
import { sha256 } from "../../src/cli/manifest.ts";
import { OutputSession } from "../../src/cli/output.ts";
import { makePlan, type PlanInput } from "../../src/cli/plan.ts";
import { applyPlan, StagedWriter } from "../../src/cli/write.ts";
import type { EmittedFile } from "../../targets/_shared/api.ts";
import { GENERATED_MARKER } from "../../targets/_shared/header.ts";

const gen = (body: string) => `# ${GENERATED_MARKER} from a.box\n${body}`;
const FILES: EmittedFile[] = [
  { path: "compose.yaml", content: gen("services: {}\n") },
  { path: "docker/api/Dockerfile", content: gen("FROM debian\n") },
  { path: "venv/api/setup-venv.sh", content: gen("echo hi\n") },
];
const input = (files: readonly EmittedFile[]): PlanInput => ({ files, irVersion: "1", boxes: new Map([["api", "sha256:1"]]), dirLabel: "out" });

function tmp(): string {
  return mkdtempSync(join(tmpdir(), "boxc-write-"));
}
function build(dir: string, files: readonly EmittedFile[]) {
  const plan = makePlan(input(files), readSnapshot(dir));
  assert.equal(plan.diagnostics.filter((d) => d.severity === "error"), [], "no errors");
  return { plan, report: applyPlan(dir, plan, "out") };
}
function listing(dir: string, rel = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const p = rel ? `${rel}/${name}` : name;
    if (statSync(join(dir, p)).isDirectory()) out.push(`${p}/`, ...listing(dir, p));
    else out.push(p);
  }
  return out;
}

test("writes every file and the manifest into a new folder; scripts are executable; no temp files", () => {
  const base = tmp();
  const dir = join(base, "out");
  try {
    const { report } = build(dir, FILES);
    assert.equal(report.written, ["compose.yaml", "docker/api/Dockerfile", "venv/api/setup-venv.sh", "boxc-manifest.json"]);
    assert.equal(listing(dir), ["boxc-manifest.json", "compose.yaml", "docker/", "docker/api/", "docker/api/Dockerfile", "venv/", "venv/api/", "venv/api/setup-venv.sh"]);
    assert.is(readFileSync(join(dir, "docker/api/Dockerfile"), "utf8"), FILES[1]!.content);
    assert.is(statSync(join(dir, "venv/api/setup-venv.sh")).mode & 0o777, 0o755);
    assert.is(statSync(join(dir, "compose.yaml")).mode & 0o111, 0);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test("unchanged files keep their mtime; changed ones are replaced", () => {
  const dir = tmp();
  try {
    build(dir, FILES);
    const old = new Date("2001-01-01T00:00:00Z");
    for (const f of ["compose.yaml", "docker/api/Dockerfile"]) utimesSync(join(dir, f), old, old);
    const next = [FILES[0]!, { ...FILES[1]!, content: gen("FROM debian:12\n") }, FILES[2]!];
    const { report } = build(dir, next);
    assert.equal(report.written, ["docker/api/Dockerfile", "boxc-manifest.json"]);
    assert.is(statSync(join(dir, "compose.yaml")).mtimeMs, old.getTime());
    assert.is.not(statSync(join(dir, "docker/api/Dockerfile")).mtimeMs, old.getTime());
    const again = build(dir, next);
    assert.equal(again.report.written, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("pruning removes generated files and emptied folders, keeps user files and their folders", () => {
  const dir = tmp();
  try {
    build(dir, [...FILES, { path: "docker/old/Dockerfile", content: gen("FROM x\n") }, { path: "docker/gone/Dockerfile", content: gen("FROM y\n") }]);
    writeFileSync(join(dir, "docker/gone/NOTES.md"), "mine\n");
    writeFileSync(join(dir, "README.txt"), "mine too\n");
    const { report } = build(dir, FILES);
    assert.equal(report.deleted, ["docker/gone/Dockerfile", "docker/old/Dockerfile"]);
    assert.not.ok(existsSync(join(dir, "docker/old")));
    assert.is(readFileSync(join(dir, "docker/gone/NOTES.md"), "utf8"), "mine\n");
    assert.is(readFileSync(join(dir, "README.txt"), "utf8"), "mine too\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("generated files found by their header are pruned even without a manifest", () => {
  const dir = tmp();
  try {
    mkdirSync(join(dir, "kubernetes"), { recursive: true });
    writeFileSync(join(dir, "kubernetes/old.yaml"), gen("kind: x\n"));
    writeFileSync(join(dir, "kubernetes/mine.yaml"), "kind: mine\n");
    const { report } = build(dir, FILES);
    assert.equal(report.deleted, ["kubernetes/old.yaml"]);
    assert.ok(existsSync(join(dir, "kubernetes/mine.yaml")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the snapshot sees symlinks instead of following them", () => {
  const dir = tmp();
  const elsewhere = tmp();
  try {
    mkdirSync(join(dir, "out"));
    symlinkSync(elsewhere, join(dir, "out/docker"));
    writeFileSync(join(elsewhere, "victim"), gen("keep\n"));
    const plan = makePlan(input(FILES), readSnapshot(join(dir, "out")));
    assert.equal(plan.diagnostics.map((d) => d.message), ["refusing to write through the symbolic link `out/docker`"]);
    symlinkSync(elsewhere, join(dir, "linked"));
    assert.is(readSnapshot(join(dir, "linked")).root, "symlink");
    assert.is(readFileSync(join(elsewhere, "victim"), "utf8"), gen("keep\n"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  }
});

test("a write failure leaves earlier files intact and no temp files", () => {
  const dir = tmp();
  try {
    build(dir, FILES);
    const before = readFileSync(join(dir, "compose.yaml"), "utf8");
    const next = FILES.map((f) => ({ ...f, content: `${f.content}changed\n` }));
    const plan = makePlan(input(next), readSnapshot(dir));
    // Sabotage after planning: a file appears where the folder of the Dockerfile goes.
    rmSync(join(dir, "docker/api"), { recursive: true });
    writeFileSync(join(dir, "docker/api"), "now a file\n");
    const report = applyPlan(dir, plan, "out");
    assert.equal(report.diagnostics.map((d) => d.code), ["BOX5006"]);
    assert.is(readFileSync(join(dir, "compose.yaml"), "utf8"), before, "nothing was renamed into place");
    assert.equal(listing(dir).filter((p) => p.includes("boxc-tmp")), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("staged files stay beside their destinations until commit; abort removes them and the folders made for them", () => {
  const dir = tmp();
  try {
    build(dir, FILES);
    const before = listing(dir);
    const w = new StagedWriter(dir, "out");
    assert.ok(w.stage("compose.yaml", Buffer.from(gen("services: {x: {}}\n"))));
    assert.ok(w.stage("docker/new/deep/Dockerfile", Buffer.from(gen("FROM y\n"))));
    assert.ok(w.stage("venv/api/setup-venv.sh", Buffer.from(gen("echo changed\n"))));
    const staged = listing(dir).filter((p) => p.includes(".boxc-tmp-"));
    assert.equal(staged.length, 3);
    assert.ok(staged.every((p) => /(^|\/)\.[^/]+\.boxc-tmp-\d+$/.test(p)), "hidden, beside the destination");
    assert.is(readFileSync(join(dir, "compose.yaml"), "utf8"), FILES[0]!.content, "nothing in place before commit");
    w.abort();
    assert.equal(listing(dir), before, "no temporaries, no new folders");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("commit renames in the order given and keeps scripts executable; a staging failure refuses the commit", () => {
  const dir = tmp();
  try {
    const w = new StagedWriter(dir, "out");
    for (const f of FILES) assert.ok(w.stage(f.path, Buffer.from(f.content)));
    const report = w.commit(FILES.map((f) => f.path), []);
    assert.equal(report, { written: FILES.map((f) => f.path), deleted: [], diagnostics: [] });
    assert.is(statSync(join(dir, "venv/api/setup-venv.sh")).mode & 0o777, 0o755);
    writeFileSync(join(dir, "blocker"), "a file\n");
    const bad = new StagedWriter(dir, "out");
    assert.ok(bad.stage("docker/api/Dockerfile", Buffer.from("x\n")));
    assert.not.ok(bad.stage("blocker/x", Buffer.from("x\n")));
    assert.not.ok(bad.stage("compose.yaml", Buffer.from("x\n")), "nothing more after a failure");
    const failed = bad.commit(["docker/api/Dockerfile"], []);
    assert.equal(failed.diagnostics.map((d) => d.message), ["cannot write `out/blocker/x`: ENOTDIR"]);
    assert.is(readFileSync(join(dir, "docker/api/Dockerfile"), "utf8"), FILES[1]!.content);
    assert.equal(listing(dir).filter((p) => p.includes("boxc-tmp")), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("files get exactly their mode whatever the umask, and their stamps still hold", () => {
  const dir = tmp();
  for (const mask of [0o077, 0o000, 0o022]) {
    const old = process.umask(mask);
    try {
      const w = new StagedWriter(join(dir, String(mask)), "out");
      for (const f of FILES) assert.ok(w.stage(f.path, Buffer.from(f.content)));
      w.commit(FILES.map((f) => f.path), []);
      for (const f of FILES) {
        const st = lstatSync(join(dir, String(mask), f.path), { bigint: true });
        assert.is(Number(st.mode) & 0o7777, f.path.endsWith(".sh") ? 0o755 : 0o644, `${f.path}, umask ${mask.toString(8)}`);
        assert.equal([w.stamps.get(f.path)!.ino, w.stamps.get(f.path)!.mtimeNs], [st.ino, st.mtimeNs]);
      }
    } finally {
      process.umask(old);
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

test("stamps: what each staged file looked like once written; the rename into place keeps inode, size and mtime", () => {
  const dir = tmp();
  try {
    const w = new StagedWriter(dir, "out");
    for (const f of FILES) assert.ok(w.stage(f.path, Buffer.from(f.content)));
    assert.equal([...w.stamps.keys()], FILES.map((f) => f.path));
    w.commit(FILES.map((f) => f.path), []);
    for (const f of FILES) {
      const st = lstatSync(join(dir, f.path), { bigint: true });
      const stamp = w.stamps.get(f.path)!;
      assert.equal([stamp.ino, stamp.size, stamp.mtimeNs], [st.ino, st.size, st.mtimeNs], f.path);
      assert.is(stamp.size, BigInt(Buffer.byteLength(f.content)));
    }
    const aborted = new StagedWriter(dir, "out");
    assert.ok(aborted.stage("compose.yaml", Buffer.from("x\n")));
    aborted.abort();
    assert.is(aborted.stamps.size, 0, "an aborted build wrote nothing to vouch for");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the folder view: kinds from one scan, bytes read on demand, blocked paths, no temporaries", () => {
  const dir = tmp();
  const elsewhere = tmp();
  try {
    mkdirSync(join(dir, "docker/api"), { recursive: true });
    writeFileSync(join(dir, "docker/api/Dockerfile"), "FROM x\n");
    writeFileSync(join(dir, "docker/api/.Dockerfile.boxc-tmp-1"), "half\n");
    writeFileSync(join(dir, "docker/file"), "not a folder\n");
    symlinkSync(elsewhere, join(dir, "venv"));
    writeFileSync(join(dir, "notes.txt"), "mine\n");
    const big = "x".repeat(600_000);
    writeFileSync(join(dir, "docker/api/big"), big);
    const view = readSnapshot(dir);
    assert.equal([...view.candidates()].sort(), ["docker/api/Dockerfile", "docker/api/big", "docker/file"]);
    const e = view.entry("docker/api/Dockerfile");
    assert.is(e.kind === "file" && Buffer.from(e.bytes).toString(), "FROM x\n");
    assert.equal(view.entry("docker/api"), { kind: "dir" });
    assert.equal(view.entry("docker/new/Dockerfile"), { kind: "missing" });
    assert.equal(view.entry("docker/file/Dockerfile"), { kind: "other" });
    assert.equal(view.entry("venv/api/setup-venv.sh"), { kind: "missing", blockedBy: "venv" });
    assert.equal(view.entry("venv"), { kind: "symlink" });
    assert.equal(view.entry("compose.yaml"), { kind: "missing" });
    // Files larger than the reader's buffer, one after another.
    const b = view.entry("docker/api/big");
    assert.is(b.kind === "file" && Buffer.from(b.bytes).toString() === big, true);
    const small = view.entry("docker/api/Dockerfile");
    assert.is(small.kind === "file" && Buffer.from(small.bytes).toString(), "FROM x\n");
    const outside = view.entry("notes.txt");
    assert.is(outside.kind === "file" && Buffer.from(outside.bytes).toString(), "mine\n", "paths outside the scanned roots are looked up");
    assert.equal(readSnapshot(join(dir, "nowhere")).entry("compose.yaml"), { kind: "missing" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  }
});

test("the output session writes files of every size byte for byte (its reused buffer, and large files past it)", () => {
  const dir = tmp();
  // Sizes around the reused buffer's start (64 KiB) and its cap (1 MiB), ASCII and multi-byte:
  // a large file gets bytes of its own, and the buffer is still right for the files after it.
  const files: EmittedFile[] = [
    { path: "docker/a/Dockerfile", content: gen("FROM debian\n") },
    { path: "docker/b/Dockerfile", content: gen(`${"é€𝄞x".repeat(30_000)}\n`) },
    { path: "compose.yaml", content: gen(`${"a: b\n".repeat(400_000)}`) },
    { path: "docker/c/Dockerfile", content: gen(`${"ü".repeat(700_000)}\n`) },
    { path: "docker/d/Dockerfile", content: gen("FROM scratch\n") },
  ];
  const session = new OutputSession({ dir, write: true, plan: input([]) });
  for (const f of files) session.add(f);
  const plan = session.finish();
  assert.equal(session.commit(plan).diagnostics, []);
  for (const f of files) {
    const bytes = readFileSync(join(dir, f.path));
    assert.ok(bytes.equals(Buffer.from(f.content, "utf8")), f.path);
    assert.is(plan.produced.get(f.path), sha256(bytes), `${f.path}: the manifest's hash is of the bytes written`);
  }
  rmSync(dir, { recursive: true });
});

test("lock: exclusive, released, stale locks of dead processes are taken over", () => {
  const dir = tmp();
  try {
    const a = acquireLock(dir, 0);
    assert.ok(a.ok);
    assert.is(readFileSync(join(dir, LOCK_NAME), "utf8"), `${process.pid}\n`);
    // Another process holding it: simulate with a live pid (our parent's).
    a.ok && a.release();
    writeFileSync(join(dir, LOCK_NAME), `${process.ppid}\n`);
    const t0 = Date.now();
    const b = acquireLock(dir, 150);
    assert.not.ok(b.ok);
    assert.ok(Date.now() - t0 >= 150, "it waited");
    assert.is(!b.ok && b.pid, String(process.ppid));
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    writeFileSync(join(dir, LOCK_NAME), `${dead}\n`);
    const c = acquireLock(dir, 0);
    assert.ok(c.ok, "stale lock taken over");
    c.ok && c.release();
    assert.not.ok(existsSync(join(dir, LOCK_NAME)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
