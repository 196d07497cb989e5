import { test } from "uvu";
import * as assert from "uvu/assert";
import { isSafeRelativePath, MANIFEST_PATH, parseManifest, serializeManifest, sha256 } from "../../src/cli/manifest.ts";
import { driftDiagnostics, makePlan, OutputPlanner, snapshotView, zoneOf, type DiskEntry, type DiskSnapshot, type PlanInput } from "../../src/cli/plan.ts";
import { GENERATED_MARKER } from "../../targets/_shared/header.ts";

const gen = (body: string) => `# ${GENERATED_MARKER} from shop.box. Do not edit.\n${body}`;
const FILES = [
  { path: "compose.yaml", content: gen("services: {}\n") },
  { path: "docker/api/Dockerfile", content: gen("FROM debian\n"), box: "api" },
];
const input = (over: Partial<PlanInput> = {}): PlanInput => ({
  files: FILES,
  irVersion: "1",
  boxes: new Map([["api", "sha256:aa"]]),
  dirLabel: "out",
  ...over,
});
const file = (s: string): DiskEntry => ({ kind: "file", bytes: Buffer.from(s) });
const snap = (entries: Record<string, DiskEntry>, scanned: string[] = []): DiskSnapshot => ({
  root: "dir",
  entries: new Map(Object.entries(entries)),
  scanned,
});
/** The folder exactly as a build of FILES leaves it. */
function built(files = FILES): Record<string, DiskEntry> {
  const plan = makePlan(input({ files }), snap({}));
  return Object.fromEntries(plan.writes.map((w) => [w.path, file(w.content)]));
}
const kinds = (p: ReturnType<typeof makePlan>) => p.drift.map((d) => `${d.kind} ${d.path}`);

test("empty folder: everything is created, the manifest last", () => {
  const p = makePlan(input(), { root: "missing", entries: new Map(), scanned: [] });
  assert.equal(p.writes.map((w) => w.path), ["compose.yaml", "docker/api/Dockerfile", MANIFEST_PATH]);
  assert.equal(p.diagnostics, []);
  assert.equal(kinds(p), ["missing boxc-manifest.json", "missing compose.yaml", "missing docker/api/Dockerfile"]);
});

test("manifest: every file with its sha256, box fingerprints, IR version; deterministic", () => {
  const p = makePlan(input(), snap({}));
  const text = p.writes.at(-1)!.content;
  const m = parseManifest(text)!;
  assert.equal([...m.files], [["compose.yaml", sha256(FILES[0]!.content)], ["docker/api/Dockerfile", sha256(FILES[1]!.content)]]);
  assert.equal([...m.boxes], [["api", "sha256:aa"]]);
  assert.is(m.irVersion, "1");
  assert.is(serializeManifest(m), text);
  assert.match(text.split("\n").slice(0, 5).join("\n"), GENERATED_MARKER);
  assert.is(parseManifest('{"generatedBy":"x"}'), null);
  assert.is(parseManifest("{"), null);
  const evil = JSON.parse(text);
  evil.files["../etc/passwd"] = sha256("x");
  assert.is(parseManifest(JSON.stringify(evil)), null, "paths escaping the folder are rejected");
});

test("an up-to-date folder: nothing to write, no drift", () => {
  const p = makePlan(input(), snap(built()));
  assert.equal(p.writes, []);
  assert.equal(p.drift, []);
  assert.equal(p.unchanged, ["boxc-manifest.json", "compose.yaml", "docker/api/Dockerfile"]);
});

test("a source change: the file is stale and rewritten", () => {
  const next = [FILES[0]!, { ...FILES[1]!, content: gen("FROM debian:12\n") }];
  const p = makePlan(input({ files: next }), snap(built()));
  assert.equal(p.writes.map((w) => w.path), ["docker/api/Dockerfile", MANIFEST_PATH]);
  assert.equal(kinds(p), ["stale boxc-manifest.json", "stale docker/api/Dockerfile"]);
});

test("a hand edit of a generated file is reported as hand-edited (and a build restores it)", () => {
  const disk = built();
  disk["compose.yaml"] = file(gen("services: {hacked: {}}\n"));
  const p = makePlan(input(), snap(disk));
  assert.equal(kinds(p), ["hand-edited compose.yaml"]);
  assert.equal(p.writes.map((w) => w.path), ["compose.yaml"]);
  assert.equal(driftDiagnostics(p.drift, "out").map((d) => [d.code, d.message]), [["BOX5010", "`out/compose.yaml` was edited by hand since boxc generated it"]]);
});

test("a file boxc did not write blocks the whole build", () => {
  const p = makePlan(input(), snap({ "compose.yaml": file("services: {}\n# mine\n") }));
  assert.equal(p.diagnostics.map((d) => d.code), ["BOX5003"]);
  assert.match(p.diagnostics[0]!.message, "`out/compose.yaml`");
});

test("a listed file whose header was removed and content changed is no longer boxc's", () => {
  const disk = built();
  disk["compose.yaml"] = file("services: {}\n");
  const p = makePlan(input(), snap(disk));
  assert.equal(p.diagnostics.map((d) => d.code), ["BOX5003"]);
});

test("a listed file without marker but with the recorded hash is boxc's", () => {
  const plain = [{ path: "venv/api/requirements.txt", content: "fastapi==1\n" }];
  const disk = built(plain);
  const p = makePlan(input({ files: [] }), snap(disk));
  assert.equal(p.deletes, ["venv/api/requirements.txt"]);
  assert.equal(kinds(p), ["stale boxc-manifest.json", "extra venv/api/requirements.txt"]);
});

test("generated files no longer produced are pruned; user files are not", () => {
  const disk = { ...built(), "docker/old/Dockerfile": file(gen("FROM x\n")), "docker/notes.txt": file("mine\n") };
  const p = makePlan(input(), snap(disk, ["compose.yaml", "docker/api/Dockerfile", "docker/old/Dockerfile"]));
  assert.equal(p.deletes, ["docker/old/Dockerfile"]);
  assert.equal(kinds(p), ["extra docker/old/Dockerfile"]);
});

test("a hand-edited file no longer produced is kept, still listed, and warned about", () => {
  const old = [...FILES, { path: "docker/old/Dockerfile", content: gen("FROM x\n") }];
  const disk = built(old);
  disk["docker/old/Dockerfile"] = file(gen("FROM x\nRUN mine\n"));
  const p = makePlan(input(), snap(disk, ["docker/old/Dockerfile"]));
  assert.equal(p.deletes, []);
  assert.equal(p.diagnostics.map((d) => [d.code, d.severity]), [["BOX5012", "warning"]]);
  // The manifest keeps listing it with the hash boxc wrote, so it stays recognisable.
  assert.ok(p.unchanged.includes(MANIFEST_PATH));
  assert.equal(kinds(p), ["hand-edited docker/old/Dockerfile"]);
});

test("symlinks: the folder, a parent folder, or the file itself", () => {
  assert.equal(makePlan(input(), { root: "symlink", entries: new Map(), scanned: [] }).diagnostics.map((d) => d.message), [
    "refusing to write through the symbolic link `out`",
  ]);
  const p = makePlan(input(), snap({ "docker/api/Dockerfile": { kind: "missing", blockedBy: "docker" }, "compose.yaml": { kind: "symlink" } }));
  assert.equal(p.diagnostics.map((d) => d.message).sort(), [
    "refusing to write through the symbolic link `out/compose.yaml`",
    "refusing to write through the symbolic link `out/docker`",
  ]);
});

test("a folder where a file should go, and a foreign manifest, block the build", () => {
  assert.equal(makePlan(input(), snap({ "compose.yaml": { kind: "dir" } })).diagnostics.map((d) => d.code), ["BOX5003"]);
  const p = makePlan(input(), snap({ [MANIFEST_PATH]: file('{"mine": true}\n') }));
  assert.equal(p.diagnostics.map((d) => d.code).sort(), ["BOX5003", "BOX5014"]);
});

test("--target manages only those targets' files", () => {
  const disk = built();
  const p = makePlan(input({ files: [FILES[1]!], only: ["docker"] }), snap(disk, ["compose.yaml", "docker/api/Dockerfile"]));
  assert.equal(p.deletes, [], "compose.yaml belongs to another target");
  assert.equal(p.drift, []);
  assert.equal(zoneOf("kubernetes/api.yaml"), "kubernetes");
  assert.equal(zoneOf("notes.txt"), null);
});

test("an output path escaping the folder is a bug, never a write", () => {
  for (const path of ["../x", "/etc/passwd", "a//b", "docker/./x", MANIFEST_PATH]) {
    assert.throws(() => makePlan(input({ files: [{ path, content: "x" }] }), snap({})), /invalid output path/);
  }
});

test("streaming: files in any order, one at a time, give the plan of one sorted pass", () => {
  const files = [
    { path: "docker/web/Dockerfile", content: gen("FROM web\n") },
    { path: "compose.yaml", content: gen("services: {changed: {}}\n") },
    { path: "docker/api/Dockerfile", content: gen("FROM debian\n") },
    { path: "venv/api/requirements.txt", content: "mine\n" },
    { path: "kubernetes/api.yaml", content: gen("kind: x\n") },
  ];
  const disk = {
    ...built(),
    "docker/old/Dockerfile": file(gen("FROM x\n")),
    "venv/api/requirements.txt": file("user's\n"),
    "kubernetes/api.yaml": { kind: "dir" } as DiskEntry,
  };
  const sorted = makePlan(input({ files: [...files].sort((a, b) => (a.path < b.path ? -1 : 1)) }), snap(disk, ["docker/old/Dockerfile"]));
  for (const order of [files, [...files].reverse()]) {
    const planner = new OutputPlanner({ ...input(), keepTexts: true }, snapshotView(snap(disk, ["docker/old/Dockerfile"])));
    const decisions = order.map((f) => `${planner.file(f.path, f.content)} ${f.path}`).sort();
    assert.equal(decisions, [
      "keep docker/api/Dockerfile",
      "refuse kubernetes/api.yaml",
      "refuse venv/api/requirements.txt",
      "write compose.yaml",
      "write docker/web/Dockerfile",
    ]);
    const p = planner.finish();
    assert.equal(p.writes, sorted.writes.map((w) => w.path));
    assert.is(p.manifest, sorted.writes.at(-1)!.content);
    assert.equal(p.diagnostics, sorted.diagnostics);
    assert.equal(p.drift, sorted.drift);
    assert.equal([p.unchanged, p.deletes], [sorted.unchanged, sorted.deletes]);
  }
  assert.equal(sorted.diagnostics.map((d) => d.code), ["BOX5003", "BOX5003"], "kubernetes/ before venv/");
  assert.equal(sorted.deletes, ["docker/old/Dockerfile"]);
});

test("streaming: drift texts only when asked; another target's files are ignored under --target", () => {
  const disk = built();
  disk["compose.yaml"] = file(gen("services: {old: {}}\n"));
  const planner = new OutputPlanner({ ...input(), only: ["compose"] }, snapshotView(snap(disk)));
  assert.is(planner.file("docker/api/Dockerfile", gen("FROM other\n")), "ignore");
  assert.is(planner.file("compose.yaml", FILES[0]!.content), "write");
  const p = planner.finish();
  assert.equal(p.drift, [{ path: "compose.yaml", kind: "hand-edited", before: null, after: null }]);
  // The docker entry carries over in the manifest, untouched.
  assert.is(p.manifest, null);
  assert.equal(p.writes, ["compose.yaml"]);
});

test("safe relative paths: no empty, `.` or `..` segment, no backslash or NUL (every path over a./\\ up to 6 characters)", () => {
  const spec = (p: string) => !p.includes("\\") && !p.includes("\0") && p.split("/").every((seg) => seg !== "" && seg !== "." && seg !== "..");
  let paths = [""];
  for (let n = 0; n <= 6; n++) {
    for (const p of paths) assert.is(isSafeRelativePath(p), spec(p), JSON.stringify(p));
    paths = paths.flatMap((p) => ["a", ".", "/", "\\"].map((c) => p + c));
  }
  assert.ok(isSafeRelativePath("docker/api/.Dockerfile..x"));
  assert.not.ok(isSafeRelativePath("a\0b"));
});

test.run();
