/**
 * The full example of LANGUAGE.md and every project under examples/ compile to IR that
 * validates against the schema, deterministically, and CRLF/BOM sources give the same IR.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { compile } from "../../src/compile.ts";
import { validateIR } from "../../src/ir/validate.ts";
import { memoryHost } from "../../src/source/host.ts";

const root = join(import.meta.dirname, "../..");

function tree(dir: string, out: Record<string, string> = {}, base = dir): Record<string, string> {
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) tree(p, out, base);
    else out[`/p/${relative(base, p).split("\\").join("/")}`] = readFileSync(p, "utf8");
  }
  return out;
}

/** Entry files of a project: `.box` files no other file imports. */
function entriesOf(files: Record<string, string>): string[] {
  const boxes = Object.keys(files).filter((f) => f.endsWith(".box"));
  const imported = new Set(Object.values(files).flatMap((t) => [...t.matchAll(/import "(?:\.\/)?([^"]+)"/g)].map((m) => `/p/${m[1]}`)));
  return boxes.filter((b) => !imported.has(b));
}

const projects: [string, Record<string, string>][] = readdirSync(join(root, "examples"))
  .filter((d) => statSync(join(root, "examples", d)).isDirectory())
  .sort()
  .map((d) => [`examples/${d}`, tree(join(root, "examples", d))]);
projects.push([
  "LANGUAGE.md example",
  {
    "/p/shop.box": readFileSync(join(root, "test/fixtures/language/shop.box"), "utf8"),
    "/p/python-base.box": "# The example imports this file; its templates are not used.\n",
    "/p/api/main.py": "print('api')\n",
  },
]);

const run = (files: Record<string, string | Uint8Array>) => {
  const entries = entriesOf(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === "string" ? v : new TextDecoder().decode(v)])));
  return compile({ entries, root: "/p", host: memoryHost(files) });
};

for (const [name, files] of projects) {
  test(`${name}: compiles without errors to schema-valid IR`, () => {
    const r = run(files);
    const errs = r.diagnostics.filter((d) => d.severity === "error");
    assert.equal(errs.map((d) => `${d.code} ${d.message}`), []);
    assert.ok(r.ir);
    assert.equal(validateIR(r.ir), []);
    assert.ok(r.ir!.boxes.length > 0);
    for (const b of r.ir!.boxes) assert.match(b.fingerprint, /^sha256:[0-9a-f]{64}$/);
  });

  test(`${name}: deterministic (twice → identical JSON and origins)`, () => {
    const a = run(files);
    const b = run(files);
    assert.is(JSON.stringify(a.ir), JSON.stringify(b.ir));
    assert.equal(a.ir, b.ir);
    assert.equal([...a.origins], [...b.origins]);
  });

  test(`${name}: CRLF and BOM sources give the same IR`, () => {
    const lf = run(files);
    const crlf = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, k.endsWith(".box") ? v.replace(/\n/g, "\r\n") : v]));
    const bom = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, k.endsWith(".box") ? `\uFEFF${v}` : v]));
    assert.is(JSON.stringify(run(crlf).ir), JSON.stringify(lf.ir));
    assert.is(JSON.stringify(run(bom).ir), JSON.stringify(lf.ir));
  });
}

test("LANGUAGE.md example: the IR holds what the reference says", () => {
  const r = run(projects[projects.length - 1]![1]);
  const ir = r.ir!;
  assert.is(ir.project, "shop");
  assert.equal(ir.boxes.map((b) => b.name), ["api", "cache", "db", "legacy-model"]);
  const api = ir.boxes[0]!;
  assert.equal(api.python, { version: "3.12", minor: "3.12", fromOs: false });
  assert.is(api.workdir, "/srv/app");
  assert.equal(api.env.find((e) => e.name === "GREETING")!.value, `it's $HOME "quoted"`);
  assert.equal(api.connects, [
    { box: "cache", ports: [{ port: 6379, protocol: "tcp" }] },
    { box: "db", ports: [{ port: 5432, protocol: "tcp" }] },
  ]);
  assert.equal(api.publish, [{ port: 8080, hostPort: 80, protocol: "tcp" }]);
  assert.equal(api.files, [{ source: "api", sourceKind: "dir", dest: "/srv/app" }]);
  assert.is(ir.boxes[3]!.python!.version, "3.8");
  assert.equal(ir.targets.map((t) => t.kind), ["compose", "docker", "kubernetes", "venv", "vm"]);
  const venv = ir.targets.find((t) => t.kind === "venv")!;
  assert.equal(venv.boxes, ["api", "legacy-model"]); // db has no Python: nothing for venv to build
});

test("origins: every pointer the targets and conflict rules rely on", () => {
  const files = projects[projects.length - 1]![1];
  const r = run(files);
  const text = files["/p/shop.box"]!;
  const at = (p: string) => {
    const s = r.origins.get(p);
    assert.ok(s, `no origin for ${p}`);
    return text.slice(s!.start, s!.end);
  };
  assert.is(at("/boxes/0/name"), "api");
  assert.match(at("/boxes/0/os"), 'os "debian:12"'); // through the template
  assert.is(at("/boxes/0/env/0/value"), '"it\'s $HOME \\"quoted\\""');
  assert.is(at("/boxes/0/apt/0"), '"curl=7.88.1-10+deb12u8"');
  assert.match(at("/boxes/0/expose/0"), "expose 8080");
  assert.is(at("/boxes/0/pip/requirements/0"), '"fastapi==0.115.0"');
  assert.is(at("/boxes/0/pip/indexUrl"), '"https://pypi.org/simple"');
  assert.match(at("/boxes/0/connects/1"), "connect db");
  assert.match(at("/boxes/0/publish/0"), "publish 8080 on 80");
  assert.match(at("/boxes/1/volumes/0"), 'volume "cache-data"');
  assert.match(at("/boxes/2/secrets/0"), "secret POSTGRES_PASSWORD");
  assert.match(at("/boxes/2/run"), "run [");
  assert.match(at("/targets/4"), 'target vm "web"');
  assert.is(at("/targets/4/boxes/1"), "legacy-model");
  for (const [p, s] of r.origins) {
    assert.ok(s.start <= s.end && s.end <= (files[`/p/${s.file}`]?.length ?? -1), p);
  }
});

test("compile never throws and never returns IR with errors, whatever the bytes", () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.array(fc.constantFrom("box", "a", "{", "}", "os", '"debian:12"', "run", '["x"]', "extends", "template", "(", ")", "=", "connect", "import", '"a.box"', "target", "vm", "[", "]", ",", "expose", "80", "1GiB", "10s"), { maxLength: 40 }).map((t) => t.join(" ")),
      ),
      (src) => {
        const r = compile({ entries: ["/p/a.box"], root: "/p", host: memoryHost({ "/p/a.box": src }) });
        const hasErr = r.diagnostics.some((d) => d.severity === "error");
        if (hasErr !== (r.ir === null)) return false;
        return !r.diagnostics.some((d) => d.code === "BOX9001");
      },
    ),
    { numRuns: 300 },
  );
});

test.run();
