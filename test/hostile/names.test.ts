/**
 * Names and paths (issue 10): names are ASCII DNS labels and never Windows device names; copy
 * sources and imports are resolved through symbolic links on a real file system (`nodeHost`)
 * and must stay inside the project — including links inside a copied folder, which Packer's
 * file provisioner follows; generated paths that differ only in case or Unicode normalization
 * are refused.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compile, emitWith, type CompileResult } from "../../src/compile.ts";
import { memoryHost } from "../../src/source/host.ts";
import { nodeHost } from "../../src/host/node.ts";
import { project, box } from "../fixtures/ir.ts";
import type { TargetBackend } from "../../targets/_shared/api.ts";

function codesOf(r: CompileResult): string[] {
  return [...new Set(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.code))].sort();
}

function fromText(text: string): CompileResult {
  return compile({ entries: ["/p/h.box"], root: "/p", host: memoryHost({ "/p/h.box": text }) });
}

test("box, template, target and volume names that are Windows device names are refused", () => {
  for (const name of ["con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9"]) {
    assert.ok(codesOf(fromText(`box ${name} { image "redis:7.2" }\ntarget compose\n`)).includes("BOX2192"), `box ${name}`);
    assert.ok(codesOf(fromText(`box a { os "debian:12" python "3.12" run "x" }\ntarget vm "${name}" { cloud "aws" region "eu-west-1" instance "t3.small" boxes [a] }\n`)).includes("BOX2192"), `vm ${name}`);
  }
});

test("names are ASCII DNS labels: upper case, non-ASCII look-alikes and bad shapes are refused at the name", () => {
  const cases: [string, string][] = [
    [`box Api { image "redis:7.2" }`, "BOX2190"],
    [`box api_1 { image "redis:7.2" }`, "BOX2191"],
    [`box ${"a".repeat(64)} { image "redis:7.2" }`, "BOX2191"],
    [`box a { os "debian:12" python "3.12" run "x" }\ntarget vm "wéb" { cloud "aws" region "eu-west-1" instance "t3.small" boxes [a] }`, "BOX2191"],
    [`box a { os "debian:12" python "3.12" run "x" }\ntarget vm "web\u0430" { cloud "aws" region "eu-west-1" instance "t3.small" boxes [a] }`, "BOX2191"],
  ];
  for (const [text, code] of cases) assert.ok(codesOf(fromText(`${text}\n`)).includes(code), `${code}: ${text}`);
  // Non-ASCII letters are not identifier characters at all: a syntax error, not a name.
  assert.ok(codesOf(fromText(`box \uff41pi { image "redis:7.2" }\n`)).some((c) => c.startsWith("BOX10")));
});

/** A real project folder with links, compiled through the Node host. */
function realProject(build: (root: string, outside: string) => string): { result: CompileResult; remove(): void } {
  const base = realpathSync(mkdtempSync(join(tmpdir(), "boxc-names-")));
  const root = join(base, "proj");
  const outside = join(base, "outside");
  mkdirSync(root);
  mkdirSync(outside);
  writeFileSync(join(outside, "credentials"), "secret\n");
  mkdirSync(join(outside, "dir"));
  writeFileSync(join(outside, "dir", "key"), "secret\n");
  writeFileSync(join(outside, "lib.box"), `box lib { image "redis:7.2" }\n`);
  const text = build(root, outside);
  writeFileSync(join(root, "p.box"), text);
  const result = compile({ entries: [join(root, "p.box")], root, host: nodeHost });
  return { result, remove: () => rmSync(base, { recursive: true, force: true }) };
}

function file(path: string, content = "x\n"): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

const copying = (src: string) => `project "p"\nbox api {\n  os "debian:12"\n  python "3.12"\n  copy "${src}" to "/srv/app/"\n  run ["/bin/app"]\n}\ntarget docker\ntarget vm "web" { cloud "aws" region "eu-west-1" instance "t3.small" boxes [api] }\n`;

test("copy sources are confined to the project after following symbolic links (real file system)", () => {
  const cases: [string, (root: string, outside: string) => void, string[]][] = [
    ["a link to a file outside", (r, o) => symlinkSync(join(o, "credentials"), join(r, "creds")), ["BOX2202"]],
    ["a link to a folder outside", (r, o) => symlinkSync(join(o, "dir"), join(r, "creds")), ["BOX2202"]],
    ["a relative link climbing out", (r) => symlinkSync("../outside/credentials", join(r, "creds")), ["BOX2202"]],
    ["a folder holding a link to a file outside", (r, o) => (file(join(r, "creds", "ok.txt")), symlinkSync(join(o, "credentials"), join(r, "creds", "leak"))), ["BOX2202"]],
    ["a folder holding, deeper, a link to a folder outside", (r, o) => (file(join(r, "creds", "a", "b", "ok.txt")), symlinkSync(join(o, "dir"), join(r, "creds", "a", "b", "leak"))), ["BOX2202"]],
    ["a folder holding a link inside the project", (r) => (file(join(r, "shared.txt")), file(join(r, "creds", "ok.txt")), symlinkSync(join(r, "shared.txt"), join(r, "creds", "link"))), []],
    ["a folder holding a link to itself (a cycle)", (r) => (file(join(r, "creds", "ok.txt")), symlinkSync(join(r, "creds"), join(r, "creds", "again"))), []],
    ["a link inside the project", (r) => (file(join(r, "real", "ok.txt")), symlinkSync(join(r, "real"), join(r, "creds"))), []],
  ];
  for (const [name, setup, expected] of cases) {
    const p = realProject((root, outside) => {
      setup(root, outside);
      return copying("./creds");
    });
    try {
      assert.equal(codesOf(p.result), expected, name);
      if (expected.length) {
        const d = p.result.diagnostics.find((x) => x.code === "BOX2202")!;
        assert.is(d.span!.file, "p.box", `${name}: located`);
        assert.match(d.message, /creds/, `${name}: names the path`);
      }
    } finally {
      p.remove();
    }
  }
});

test("copy sources and imports cannot climb out with `..` or absolute paths", () => {
  const p = realProject((root) => {
    file(join(root, "ok.txt"));
    return copying("../outside/credentials");
  });
  try {
    assert.equal(codesOf(p.result), ["BOX2201"]);
  } finally {
    p.remove();
  }
  // An absolute import is read relative to the importing file (`/etc/passwd` → `<dir>/etc/passwd`): never outside.
  for (const [spec, codes] of [["../outside/lib.box", ["BOX2002"]], ["/etc/passwd", ["BOX2001", "BOX2002"]]] as const) {
    const q = realProject(() => `project "p"\nimport "${spec}"\ntarget compose\n`);
    try {
      assert.ok(codesOf(q.result).some((c) => (codes as readonly string[]).includes(c)), `${spec}: ${codesOf(q.result)}`);
      assert.not.ok([...q.result.sources.keys()].some((k) => k.includes("passwd") || k.includes("lib.box")), "nothing outside was read");
    } finally {
      q.remove();
    }
  }
  const r = realProject((root, outside) => {
    symlinkSync(join(outside, "lib.box"), join(root, "lib.box"));
    return `project "p"\nimport "./lib.box"\ntarget compose\n`;
  });
  try {
    assert.ok(codesOf(r.result).includes("BOX2002"), `an import through a link out of the project: ${codesOf(r.result)}`);
  } finally {
    r.remove();
  }
});

test("generated paths equal after case folding or Unicode normalization are refused (BOX2045)", () => {
  const fake = (paths: string[]): TargetBackend<"compose"> => ({
    kind: "compose",
    emit: () => ({ files: paths.map((path) => ({ path, content: "x\n" })), diagnostics: [] }),
  });
  const ir = project([box("api")], [{ kind: "compose", name: null, networkPrefix: null } as never]);
  for (const pair of [["docker/Api/Dockerfile", "docker/api/Dockerfile"], ["vm/caf\u00e9/user-data", "vm/cafe\u0301/user-data"], ["a/x", "a/x"]]) {
    const out = emitWith({ compose: fake(pair) }, ir);
    assert.equal(out.diagnostics.map((d) => d.code), ["BOX2045"], pair.join(" vs "));
    assert.equal(out.files, [], "nothing is written");
  }
  const ok = emitWith({ compose: fake(["docker/api/Dockerfile", "docker/apj/Dockerfile"]) }, ir);
  assert.equal(ok.diagnostics, []);
});

test.run();
