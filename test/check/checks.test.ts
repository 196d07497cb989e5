import { test } from "uvu";
import * as assert from "uvu/assert";
import { codes, compileFiles, errors, show, spanText } from "./helpers.ts";

const IMG = (n: string) => `image "${n}:7.2@sha256:${"a".repeat(64)}"`;

test("a bad template argument is reported at the call site", () => {
  const files = {
    "lib.box": 'template svc(py) {\n  os "debian:12"\n  python py\n  run ["x"]\n}\n',
    "app.box": 'import "./lib.box"\nbox a extends svc(py = 42) {\n}\n',
  };
  const r = compileFiles(files);
  assert.is(r.diagnostics.length, 1, show(r));
  assert.is(r.diagnostics[0]!.span!.file, "app.box");
  assert.is(spanText(files, r.diagnostics[0]!), "42");
});

test("an unused template's parameter errors are still reported, once per use otherwise", () => {
  const r = compileFiles({
    "app.box": 'template t(a) {\n  os "debian:12"\n  python b\n  run ["x"]\n}\nbox x extends t(a = "1") {}\nbox y extends t(a = "2") {}\n',
  });
  assert.equal(codes(r), ["BOX2009"]);
});

test("names: upper case and invalid labels are errors", () => {
  const r = compileFiles({ "app.box": 'box Api {\n  os "debian:12"\n  run ["x"]\n}\n' });
  assert.is(errors(r).length, 1, show(r));
  assert.match(r.diagnostics[0]!.help ?? r.diagnostics[0]!.message, "api");
});

test("duplicates across files point at both places", () => {
  const files = {
    "lib.box": 'template app() {\n  os "debian:12"\n}\n',
    "app.box": 'import "./lib.box"\nbox app {\n  os "debian:12"\n  run ["x"]\n}\n',
  };
  const r = compileFiles(files);
  assert.equal(codes(r), ["BOX2006"]);
  const d = r.diagnostics[0]!;
  assert.is(d.span!.file, "lib.box"); // lib.box is loaded after app.box, so its declaration is the second
  assert.is(d.related[0]!.span.file, "app.box");
});

test("project name: declared, default from the entry file, invalid default", () => {
  const box = 'box app {\n  os "debian:12"\n  run ["x"]\n}\n';
  assert.is(compileFiles({ "shop.box": box }, ["shop.box"]).ir!.project, "shop");
  assert.is(compileFiles({ "x.box": 'project "store"\n' + box }, ["x.box"]).ir!.project, "store");
  const bad = compileFiles({ "My_Shop.box": box }, ["My_Shop.box"]);
  assert.equal(codes(bad), ["BOX2012"]);
  assert.match(bad.diagnostics[0]!.help!, 'project "my-shop"');
  assert.equal(codes(compileFiles({ "x.box": 'project "Store"\n' + box }, ["x.box"])).length, 1);
});

test("defaults of an os box", () => {
  const r = compileFiles({ "app.box": 'box api {\n  os "debian:12"\n  run ["x"]\n  expose 80\n  health { http "/" port 80 }\n}\n' });
  const b = r.ir!.boxes[0]!;
  assert.is(b.workdir, "/srv/api");
  assert.is(b.user!.name, "app");
  assert.ok(b.user!.uid >= 10000 && b.user!.uid === b.user!.gid);
  assert.is(b.restart, "always");
  assert.is(b.stopSignal, "SIGTERM");
  assert.is(b.python, null);
  assert.equal(b.health, { check: { kind: "http", path: "/", port: 80 }, intervalMs: 30000, timeoutMs: 5000, retries: 3, startMs: 0 });
  assert.equal(b.resources, { cpuMillis: null, memoryBytes: null, diskBytes: null });
});

test("an image box keeps the image's user, workdir and command", () => {
  const r = compileFiles({ "app.box": `box cache {\n  ${IMG("redis")}\n}\n` });
  const b = r.ir!.boxes[0]!;
  assert.equal([b.user, b.workdir, b.run, b.os], [null, null, null, null]);
  assert.is(b.image!.repository, "redis");
});

test("image boxes own no os/python/pip/apt: one error at each", () => {
  const r = compileFiles({ "app.box": `box c {\n  ${IMG("redis")}\n  os "debian:12"\n  python "3.11"\n  pip { "a==1" }\n  apt { "curl" }\n}\n` });
  assert.equal(codes(r).filter((c) => c === "BOX2026").length, 4, show(r));
});

test("root needs allow-root", () => {
  const base = 'box a {\n  os "debian:12"\n  run ["x"]\n  user "root"\n';
  assert.equal(codes(compileFiles({ "app.box": `${base}}\n` })), ["BOX2025"]);
  assert.equal(codes(compileFiles({ "app.box": `${base}  allow-root false\n}\n` })), ["BOX2025"]);
  const ok = compileFiles({ "app.box": `${base}  allow-root true\n}\n` });
  assert.equal(ok.ir!.boxes[0]!.user, { name: "root", uid: 0, gid: 0 });
});

test("health: unknown key, two checks, http without port", () => {
  const h = (s: string) => codes(compileFiles({ "app.box": `box a {\n  os "debian:12"\n  run ["x"]\n  expose 80\n  health { ${s} }\n}\n` }));
  assert.equal(h('http "/" port 80  evry 1s'), ["BOX2022"]);
  assert.equal(h('http "/" port 80  command ["true"]'), ["BOX2024"]);
  assert.equal(h('http "/"'), ["BOX2023"]);
  assert.equal(h('http "/" port 80  every 1s  every 2s'), ["BOX2039"]);
  assert.equal(h('command "true"'), ["BOX2021"]);
});

test("connect: all exposed ports without `port`, the named one with it", () => {
  const r = compileFiles({
    "app.box":
      'box a {\n  os "debian:12"\n  run ["x"]\n  connect b\n}\n' +
      'box b {\n  os "debian:12"\n  run ["x"]\n  expose 80\n  expose 53 udp\n}\n' +
      'box c {\n  os "debian:12"\n  run ["x"]\n  connect b port 80\n  connect b port 53\n}\n',
  });
  assert.equal(errors(r), [], show(r));
  const [a, , c] = r.ir!.boxes;
  assert.equal(a!.connects, [{ box: "b", ports: [{ port: 53, protocol: "udp" }, { port: 80, protocol: "tcp" }] }]);
  assert.equal(c!.connects, [{ box: "b", ports: [{ port: 53, protocol: "udp" }, { port: 80, protocol: "tcp" }] }]);
});

test("publish of a udp-only exposed port is udp", () => {
  const r = compileFiles({ "app.box": 'box a {\n  os "debian:12"\n  run ["x"]\n  expose 53 udp\n  publish 53 on 5353\n}\n' });
  assert.equal(r.ir!.boxes[0]!.publish, [{ port: 53, hostPort: 5353, protocol: "udp" }]);
});

test("copy: relative to the file that writes the statement, also through templates; DEST/ appends the base name", () => {
  const files = {
    "lib/base.box": 'template t() {\n  os "debian:12"\n  run ["x"]\n  copy "./conf/app.ini" to "/etc/app/"\n  copy "conf" to "/etc/all"\n}\n',
    "lib/conf/app.ini": "x",
    "app.box": 'import "./lib/base.box"\nbox a extends t() {\n  copy "./main.py" to "/srv/a/"\n  copy "main.py" to "/srv/a/run.py"\n}\n',
    "main.py": "print()",
  };
  const r = compileFiles(files);
  assert.equal(errors(r), [], show(r));
  assert.equal(r.ir!.boxes[0]!.files, [
    { source: "lib/conf/app.ini", sourceKind: "file", dest: "/etc/app/app.ini" },
    { source: "lib/conf", sourceKind: "dir", dest: "/etc/all" },
    { source: "main.py", sourceKind: "file", dest: "/srv/a/main.py" },
    { source: "main.py", sourceKind: "file", dest: "/srv/a/run.py" },
  ]);
  const missing = compileFiles({ "app.box": 'box a {\n  os "debian:12"\n  run ["x"]\n  copy "./nope" to "/x"\n}\n' });
  assert.is(errors(missing).length, 1);
  assert.is(missing.ir, null);
});

test("targets: defaults when none are declared", () => {
  const one = compileFiles({ "app.box": 'box a {\n  os "debian:12"\n  python "3.11"\n  run ["x"]\n}\n' });
  assert.equal(one.ir!.targets.map((t) => [t.kind, t.declared, t.boxes]), [
    ["docker", false, ["a"]],
    ["kubernetes", false, ["a"]],
    ["venv", false, ["a"]],
  ]);
  const two = compileFiles({ "app.box": `box a {\n  os "debian:12"\n  run ["x"]\n}\nbox b {\n  ${IMG("redis")}\n}\n` });
  assert.equal(two.ir!.targets.map((t) => [t.kind, t.boxes]), [
    ["compose", ["a", "b"]],
    ["docker", ["a", "b"]],
    ["kubernetes", ["a", "b"]],
  ]);
});

test("targets: declared set, options, sorting by kind then name", () => {
  const r = compileFiles({
    "app.box":
      'box a {\n  os "debian:12"\n  python "3.11"\n  run ["x"]\n}\nbox b {\n  os "debian:12"\n  run ["x"]\n}\n' +
      'target vm "z" { boxes [b, a]  disk 10GiB }\ntarget vm "m" { boxes [a] }\ntarget kubernetes { replicas 3  namespace "prod" }\n' +
      'target docker { registry "ghcr.io/acme"  tag "v1" }\ntarget compose { network-prefix "shop" }\ntarget venv { path "envs/{box}" }\n',
  });
  assert.equal(errors(r), [], show(r));
  assert.equal(r.ir!.targets, [
    { kind: "compose", declared: true, boxes: ["a", "b"], networkPrefix: "shop" },
    { kind: "docker", declared: true, boxes: ["a", "b"], registry: "ghcr.io/acme", baseRegistry: null, tag: "v1" },
    { kind: "kubernetes", declared: true, boxes: ["a", "b"], namespace: "prod", replicas: 3 },
    { kind: "venv", declared: true, boxes: ["a"], path: "envs/{box}" },
    { kind: "vm", declared: true, boxes: ["a"], name: "m", cloud: "aws", region: null, instance: null, diskBytes: null },
    { kind: "vm", declared: true, boxes: ["a", "b"], name: "z", cloud: "aws", region: null, instance: null, diskBytes: 10 * 1024 ** 3 },
  ]);
  assert.ok(r.origins.get("/targets/5/boxes/0"));
});

test("a box no declared target builds is a warning; the IR is still produced", () => {
  const r = compileFiles({ "app.box": 'box a {\n  os "debian:12"\n  run ["x"]\n}\nbox b {\n  os "debian:12"\n  run ["x"]\n}\ntarget vm "w" { boxes [a] }\n' });
  assert.equal(codes(r), ["BOX2037"]);
  assert.is(r.diagnostics[0]!.severity, "warning");
  assert.ok(r.ir);
});

test("target boxes: unknown name with did-you-mean, image box on venv", () => {
  const r = compileFiles({ "app.box": `box api {\n  os "debian:12"\n  run ["x"]\n}\nbox cache {\n  ${IMG("redis")}\n}\ntarget venv { boxes [api, cache, aip] }\n` });
  assert.equal(codes(r).sort(), ["BOX2007", "BOX2035"]);
  assert.is(r.diagnostics.find((d) => d.code === "BOX2007")!.help, "did you mean `api`?");
});

test("diagnostics are sorted by file, offset, code", () => {
  const r = compileFiles({ "app.box": 'box a {\n  pyhton "3"\n  run ["x"]\n  frobnicate 1\n}\nbox B {\n  os "debian:12"\n  run ["x"]\n}\n' });
  const offs = r.diagnostics.map((d) => d.span!.start);
  assert.equal(offs, [...offs].sort((x, y) => x - y));
  assert.ok(r.diagnostics.length >= 3, show(r));
});

test("an unused template's body still gets its structural checks", () => {
  const r = compileFiles({ "app.box": 'template t() {\n  os "debian:12"\n  pyhton "3.11"\n}\nbox a {\n  os "debian:12"\n  run ["x"]\n}\n' });
  assert.equal(codes(r), ["BOX2019"]);
});

test("a box that failed its own checks is not reported again by targets or connects", () => {
  const r = compileFiles({
    "app.box": 'box a extends nothing {\n}\nbox b {\n  os "debian:12"\n  run ["x"]\n  connect a port 80\n}\ntarget docker { boxes [a, b] }\n',
  });
  assert.equal(codes(r), ["BOX2008"]);
});

test("health http path must be a URL path", () => {
  const r = compileFiles({ "app.box": 'box a {\n  os "debian:12"\n  run ["x"]\n  expose 80\n  health { http "healthz" port 80 }\n}\n' });
  assert.equal(codes(r), ["BOX2021"]);
  assert.match(r.diagnostics[0]!.message, "starting with `/`");
});

test("a file copied to `/` lands inside it", () => {
  const r = compileFiles({ "app.box": 'box a {\n  os "debian:12"\n  run ["x"]\n  copy "x.txt" to "/"\n}\n', "x.txt": "x" });
  assert.equal(r.ir!.boxes[0]!.files, [{ source: "x.txt", sourceKind: "file", dest: "/x.txt" }]);
});

test("extends cycle of three boxes: the chain, and one related span per other link", () => {
  const r = compileFiles({ "app.box": 'box a extends c {\n  os "debian:12"\n  run ["x"]\n}\nbox b extends a {}\nbox c extends b {}\n' });
  assert.equal(codes(r), ["BOX2016"]);
  assert.is(r.diagnostics[0]!.message, "`extends` cycle: a → c → b → a");
  assert.is(r.diagnostics[0]!.related.length, 2);
});

test("extends does not depend on declaration order or file", () => {
  const r = compileFiles({
    "app.box": 'import "./base.box"\nbox child extends parent {\n  env { B = "2" }\n}\n',
    "base.box": 'box parent {\n  os "debian:12"\n  run ["x"]\n  env { A = "1" }\n}\n',
  });
  assert.equal(errors(r), [], show(r));
  assert.equal(r.ir!.boxes.map((b) => [b.name, b.source, b.env.length]), [["child", "app.box", 2], ["parent", "base.box", 1]]);
});

test("template argument defaults, and a required parameter given", () => {
  const r = compileFiles({
    "app.box": 'template svc(port, py = "3.11") {\n  os "debian:12"\n  python py\n  run ["x"]\n  expose port\n}\nbox a extends svc(port = 8080) {}\nbox b extends svc(port = 9090, py = "3.12") {}\n',
  });
  assert.equal(errors(r), [], show(r));
  assert.equal(r.ir!.boxes.map((b) => [b.python!.version, b.expose[0]!.port]), [["3.11", 8080], ["3.12", 9090]]);
});

test.run();
