import { test } from "uvu";
import * as assert from "uvu/assert";
import { emitWith, locate, type Backends } from "../../src/compile.ts";
import { diag } from "../../src/diagnostics/make.ts";
import type { ProjectIR } from "../../src/ir/types.ts";
import { box, project } from "../fixtures/ir.ts";

const ir: ProjectIR = project(
  [box("api"), box("db")],
  [
    { kind: "docker", declared: true, boxes: ["api", "db"], registry: null, baseRegistry: null, tag: null },
    { kind: "venv", declared: true, boxes: ["api"], path: ".venv-{box}" },
  ],
);
const span = (start: number) => ({ file: "app.box", start, end: start + 1 });
const origins = new Map([
  ["/boxes/0", span(1)],
  ["/boxes/0/env/0", span(2)],
  ["/boxes/0/env/0/value", span(3)],
]);

test("locate: longest pointer prefix wins", () => {
  const at = (p: string) => locate(diag("BOX9001", { detail: "x" }, { at: p }), origins).span;
  assert.equal(at("/boxes/0/env/0/value"), span(3));
  assert.equal(at("/boxes/0/env/0/name"), span(2));
  assert.equal(at("/boxes/0/apt/3"), span(1));
  assert.is(at("/targets/0"), undefined);
  // `/boxes/0/env/01` is not under `/boxes/0/env/0`: prefixes are whole segments.
  assert.equal(at("/boxes/0/env/01"), span(1));
});

test("files from every target, sorted by path; target diagnostics get spans", () => {
  const backends: Backends = {
    venv: { kind: "venv", emit: () => ({ files: [{ path: "venv/api/requirements.txt", content: "x\n" }], diagnostics: [] }) },
    docker: {
      kind: "docker",
      emit: (_ir, t) => ({
        files: t.boxes.map((b) => ({ path: `docker/${b}/Dockerfile`, content: "FROM x\n", box: b })),
        diagnostics: [diag("BOX9001", { detail: "w" }, { at: "/boxes/0/env/0/value" })],
      }),
    },
  };
  const r = emitWith(backends, ir, { origins });
  assert.equal(r.files, []); // BOX9001 is an error: nothing is emitted
  assert.equal(r.diagnostics[0]!.span, span(3));
  const ok = emitWith({ ...backends, docker: { kind: "docker", emit: (_ir, t) => ({ files: t.boxes.map((b) => ({ path: `docker/${b}/Dockerfile`, content: "F\n" })), diagnostics: [] }) } }, ir);
  assert.equal(ok.files.map((f) => f.path), ["docker/api/Dockerfile", "docker/db/Dockerfile", "venv/api/requirements.txt"]);
  const only = emitWith(backends, ir, { only: ["venv"] });
  assert.equal(only.files.map((f) => f.path), ["venv/api/requirements.txt"]);
});

test("colliding paths are refused: same path, case, Unicode normalization", () => {
  for (const [a, b] of [["x/a", "x/a"], ["x/A", "x/a"], ["x/caf\u00e9", "x/cafe\u0301"]] as const) {
    const r = emitWith({ docker: { kind: "docker", emit: () => ({ files: [{ path: a, content: "1\n" }, { path: b, content: "2\n" }], diagnostics: [] }) } }, ir);
    assert.equal(r.files, []);
    assert.equal(r.diagnostics.map((d) => d.code), ["BOX2045"]);
  }
});

test("a backend that throws becomes an internal error, not an exception", () => {
  const r = emitWith({ docker: { kind: "docker", emit: () => { throw new Error("boom"); } } }, ir);
  assert.equal(r.diagnostics.map((d) => d.code), ["BOX9001"]);
  assert.match(r.diagnostics[0]!.message, "boom");
});

test.run();
