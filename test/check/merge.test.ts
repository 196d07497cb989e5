/**
 * One row per line of LANGUAGE.md's "merge under extends" column: a parent body, a child
 * body, and what the child's IR holds.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Box } from "../../src/ir/types.ts";
import { compileFiles, errors, show } from "./helpers.ts";

const BASE = 'os "debian:12"\n  python "3.11"\n  run ["x"]';
const IMG = 'image "redis:7.2@sha256:' + "a".repeat(64) + '"';

interface Row {
  readonly row: string;
  readonly parent: string;
  readonly child: string;
  readonly expect: (b: Box) => unknown;
  readonly want: unknown;
  readonly base?: string;
}

const rows: Row[] = [
  { row: "os replaced", parent: "", child: 'os "debian:13"', expect: (b) => b.os?.id, want: "debian:13" },
  { row: "python replaced", parent: "", child: 'python "3.12"', expect: (b) => b.python?.version, want: "3.12" },
  {
    row: "pip by normalized name, child wins",
    parent: 'pip { "Foo_Bar==1.0" "keep==2.0" }',
    child: 'pip { "foo.bar==1.1" }',
    expect: (b) => b.pip.requirements.map((r) => r.line),
    want: ["foo-bar==1.1", "keep==2.0"],
  },
  {
    row: "pip index replaced by the child's",
    parent: 'pip { index "https://a.example/simple" }',
    child: 'pip { index "https://b.example/simple" }',
    expect: (b) => b.pip.indexUrl,
    want: "https://b.example/simple",
  },
  {
    row: "pip index kept when the child has none",
    parent: 'pip { index "https://a.example/simple" }',
    child: 'pip { "x==1" }',
    expect: (b) => b.pip.indexUrl,
    want: "https://a.example/simple",
  },
  {
    row: "pip extra indexes: union",
    parent: 'pip { extra-index "https://a.example/simple" extra-index "https://c.example/simple" }',
    child: 'pip { extra-index "https://b.example/simple" extra-index "https://a.example/simple" }',
    expect: (b) => b.pip.extraIndexUrls,
    want: ["https://a.example/simple", "https://c.example/simple", "https://b.example/simple"],
  },
  {
    row: "apt by name, child wins",
    parent: 'apt { "curl=7.88.1-10" "git" }',
    child: 'apt { "curl" }',
    expect: (b) => b.apt,
    want: [{ name: "curl", version: null }, { name: "git", version: null }],
  },
  {
    row: "copy appended, parent first",
    parent: 'copy "./a.txt" to "/srv/a.txt"',
    child: 'copy "./b.txt" to "/srv/a.txt"',
    expect: (b) => b.files.map((f) => f.source),
    want: ["a.txt", "b.txt"],
  },
  {
    row: "env by name, child wins",
    parent: 'env { A = "1" B = "2" }',
    child: 'env { B = "3" C = "4" }',
    expect: (b) => b.env,
    want: [{ name: "A", value: "1" }, { name: "B", value: "3" }, { name: "C", value: "4" }],
  },
  {
    row: "secret union",
    parent: 'secret A\n  secret B file "/run/b"',
    child: "secret C\n  secret A",
    expect: (b) => b.secrets,
    want: [{ name: "A", file: null }, { name: "B", file: "/run/b" }, { name: "C", file: null }],
  },
  { row: "build appended", parent: 'build "one"', child: 'build "two"', expect: (b) => b.build, want: ["one", "two"] },
  {
    row: "expose union",
    parent: "expose 80\n  expose 53 udp",
    child: "expose 80\n  expose 443",
    expect: (b) => b.expose,
    want: [{ port: 53, protocol: "udp" }, { port: 80, protocol: "tcp" }, { port: 443, protocol: "tcp" }],
  },
  {
    row: "health replaced whole",
    parent: 'expose 80\n  health { http "/a" port 80  every 5s  retries 7 }',
    child: 'health { command ["true"] }',
    expect: (b) => b.health,
    want: { check: { kind: "command", argv: ["true"] }, intervalMs: 30000, timeoutMs: 5000, retries: 3, startMs: 0 },
  },
  {
    row: "resources per field",
    parent: "resources { cpu 1  memory 1GiB }",
    child: "resources { memory 2GiB  disk 1GiB }",
    expect: (b) => b.resources,
    want: { cpuMillis: 1000, memoryBytes: 2 * 1024 ** 3, diskBytes: 1024 ** 3 },
  },
  {
    row: "connect union",
    parent: "connect db port 5432",
    child: "connect cache\n  connect db port 5432",
    expect: (b) => b.connects,
    want: [
      { box: "cache", ports: [{ port: 6379, protocol: "tcp" }] },
      { box: "db", ports: [{ port: 5432, protocol: "tcp" }] },
    ],
  },
  {
    row: "volume by name, child wins",
    parent: 'volume "data" at "/data"\n  volume "logs" at "/logs"',
    child: 'volume "data" at "/srv/data" size 1GiB',
    expect: (b) => b.volumes,
    want: [{ name: "data", path: "/srv/data", sizeBytes: 1024 ** 3 }, { name: "logs", path: "/logs", sizeBytes: null }],
  },
  {
    row: "publish union",
    parent: "expose 80\n  expose 443\n  publish 80 on 8080",
    child: "publish 443\n  publish 80 on 8080",
    expect: (b) => b.publish,
    want: [{ port: 80, hostPort: 8080, protocol: "tcp" }, { port: 443, hostPort: 443, protocol: "tcp" }],
  },
  { row: "allow-root replaced", parent: "allow-root true", child: "allow-root false", expect: (b) => b.allowRoot, want: false },
  { row: "user replaced", parent: 'user "web"', child: 'user "api"', expect: (b) => b.user?.name, want: "api" },
  { row: "workdir replaced", parent: 'workdir "/a"', child: 'workdir "/b"', expect: (b) => b.workdir, want: "/b" },
  { row: "run replaced", parent: "", child: 'run "serve"', expect: (b) => b.run, want: { form: "shell", command: "serve" } },
  {
    row: "image replaced",
    base: IMG,
    parent: "",
    child: 'image "redis:7.4@sha256:' + "b".repeat(64) + '"',
    expect: (b) => b.image?.tag,
    want: "7.4",
  },
  { row: "restart replaced", parent: 'restart "on-failure"', child: 'restart "always"', expect: (b) => b.restart, want: "always" },
  { row: "stop-signal replaced", parent: 'stop-signal "SIGINT"', child: 'stop-signal "SIGQUIT"', expect: (b) => b.stopSignal, want: "SIGQUIT" },
];

const others =
  'box db {\n  image "postgres:16@sha256:' + "c".repeat(64) + '"\n  expose 5432\n}\n' +
  'box cache {\n  image "redis:7.2@sha256:' + "d".repeat(64) + '"\n  expose 6379\n}\n';

for (const r of rows) {
  for (const via of ["box", "template"] as const) {
    test(`${r.row} (extends a ${via})`, () => {
      const base = r.base ?? BASE;
      const parentDecl = via === "box" ? `box parent {\n  ${base}\n  ${r.parent}\n}\n` : `template parent() {\n  ${base}\n  ${r.parent}\n}\n`;
      const src = `${parentDecl}box child extends parent${via === "template" ? "()" : ""} {\n  ${r.child}\n}\n${others}`;
      const res = compileFiles({ "app.box": src, "a.txt": "a", "b.txt": "b" });
      assert.equal(errors(res), [], show(res));
      const child = res.ir!.boxes.find((b) => b.name === "child")!;
      assert.equal(r.expect(child), r.want);
    });
  }
}

test("three levels: template → box → box, each layer merged in order", () => {
  const src = `template t(v = "1") {\n  ${BASE}\n  env { A = v  B = "t" }\n}\nbox a extends t(v = "2") {\n  env { B = "a" }\n}\nbox b extends a {\n  env { C = "b" }\n}\n`;
  const res = compileFiles({ "app.box": src });
  assert.equal(errors(res), [], show(res));
  assert.equal(res.ir!.boxes.find((b) => b.name === "b")!.env, [
    { name: "A", value: "2" },
    { name: "B", value: "a" },
    { name: "C", value: "b" },
  ]);
});

test("the same key twice in one body is an error, across bodies a merge", () => {
  for (const body of ['apt { "curl" "curl=1.0" }', 'pip { "a==1" "A==2" }', 'env { A = "1" }\n  env { A = "2" }', 'volume "d" at "/a"\n  volume "d" at "/b"', "resources { cpu 1 cpu 2 }", "secret A\n  secret A"]) {
    const res = compileFiles({ "app.box": `box app {\n  ${BASE}\n  ${body}\n}\n` });
    assert.equal(res.diagnostics.map((d) => d.code), ["BOX2039"], `${body}: ${show(res)}`);
  }
});

test.run();
