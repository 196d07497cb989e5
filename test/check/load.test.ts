import { test } from "uvu";
import * as assert from "uvu/assert";
import { memoryHost, type Host } from "../../src/source/host.ts";
import { codes, compileFiles, errors, spanText } from "./helpers.ts";

const APP = 'box app {\n  os "debian:12"\n  run ["app"]\n}\n';

test("diamond imports: each file read once, all sources listed", () => {
  let reads = 0;
  const files = {
    "/p/app.box": 'import "./a.box"\nimport "./b.box"\n' + APP,
    "/p/a.box": 'import "./lib/c.box"\n',
    "/p/b.box": 'import "lib/c.box"\n',
    "/p/lib/c.box": 'template t() {\n  os "debian:12"\n}\n',
  };
  const mem = memoryHost(files);
  const host: Host = { ...mem, readFile: (p) => (reads++, mem.readFile(p)) };
  const r = compileFiles({}, ["app.box"], host);
  assert.equal(errors(r), []);
  assert.is(reads, 4);
  assert.equal(r.ir!.sources, ["a.box", "app.box", "b.box", "lib/c.box"]);
  assert.equal(r.ir!.entries, ["app.box"]);
  assert.equal([...r.sources.keys()].sort(), ["a.box", "app.box", "b.box", "lib/c.box"]);
});

test("missing import is an error at the import string", () => {
  const files = { "app.box": 'import "./nope.box"\n' + APP };
  const r = compileFiles(files);
  assert.equal(codes(r), ["BOX2001"]);
  assert.is(spanText(files, r.diagnostics[0]!), '"./nope.box"');
  assert.is(r.ir, null);
});

test("an import leaving the root is refused even when the file exists", () => {
  const host = memoryHost({ "/p/app.box": 'import "../outside.box"\n' + APP, "/outside.box": "" });
  const r = compileFiles({}, ["app.box"], host);
  assert.equal(codes(r), ["BOX2002"]);
});

test("a symlink leading out of the root is refused", () => {
  const mem = memoryHost({ "/p/app.box": 'import "./link.box"\n' + APP, "/etc/x.box": "" });
  const host: Host = {
    ...mem,
    realpath: (p) => (p === "/p/link.box" ? "/etc/x.box" : mem.realpath(p)),
    stat: (p) => (p === "/p/link.box" ? "file" : mem.stat(p)),
  };
  const r = compileFiles({}, ["app.box"], host);
  assert.equal(codes(r), ["BOX2002"]);
});

test("import cycle shows the chain and the imports along it", () => {
  const files = {
    "app.box": 'import "./a.box"\n' + APP,
    "a.box": 'import "./b.box"\n',
    "b.box": 'import "./a.box"\n',
  };
  const r = compileFiles(files);
  assert.equal(codes(r), ["BOX2003"]);
  const d = r.diagnostics[0]!;
  assert.is(d.message, "import cycle: a.box → b.box → a.box");
  assert.is(d.span!.file, "b.box");
  assert.equal(d.related.map((x) => x.span.file), ["a.box"]);
});

test("a file importing itself is a cycle", () => {
  const r = compileFiles({ "app.box": 'import "./app.box"\n' + APP });
  assert.equal(codes(r), ["BOX2003"]);
  assert.is(r.diagnostics[0]!.message, "import cycle: app.box → app.box");
});

test("the same file imported twice in one file, spelled differently", () => {
  const files = { "app.box": 'import "./a.box"\nimport "a.box"\n' + APP, "a.box": "" };
  const r = compileFiles(files);
  assert.equal(codes(r), ["BOX2004"]);
  assert.is(spanText(files, r.diagnostics[0]!), '"a.box"');
  assert.is(r.diagnostics[0]!.related.length, 1);
});

test("a missing entry file is an error without a span", () => {
  const r = compileFiles({}, ["nope.box"]);
  assert.equal(codes(r), ["BOX2005"]);
  assert.is(r.diagnostics[0]!.span, undefined);
});

test("syntax errors stop before checking, and the source is still returned", () => {
  const r = compileFiles({ "app.box": "box app {\n" });
  assert.ok(r.diagnostics.length > 0);
  assert.ok(r.diagnostics.every((d) => d.code.startsWith("BOX1")), r.diagnostics.map((d) => d.code).join());
  assert.ok(r.sources.has("app.box"));
  assert.is(r.ir, null);
});

test("an exception inside compile becomes BOX9001, never a throw", () => {
  const host: Host = { ...memoryHost({}), realpath: () => { throw new Error("disk on fire"); } };
  const r = compileFiles({}, ["app.box"], host);
  assert.equal(codes(r), ["BOX9001"]);
  assert.match(r.diagnostics[0]!.message, "disk on fire");
  assert.is(r.ir, null);
});

test.run();
