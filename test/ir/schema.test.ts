/**
 * box-ir.v1.json and src/ir/types.ts change together. This test reads types.ts with the
 * TypeScript compiler and checks that every interface has a schema definition with exactly
 * the same properties (all required: the IR has no optional fields), and that the schema
 * accepts the hand-made IR and refuses drift.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { validateIR } from "../../src/ir/validate.ts";
import { box, project, req } from "../fixtures/ir.ts";

const root = join(import.meta.dirname, "../..");
const schema = JSON.parse(readFileSync(join(root, "src/ir/box-ir.v1.json"), "utf8"));
const defs: Record<string, SchemaNode> = schema.definitions;
interface SchemaNode {
  properties?: Record<string, unknown>;
  required?: string[];
  additionalProperties?: boolean;
  oneOf?: SchemaNode[];
}

/** interface name → property names (own + inherited from interfaces in the file); union aliases → their object members. */
function typeShapes(): Map<string, string[][]> {
  const file = ts.createSourceFile("types.ts", readFileSync(join(root, "src/ir/types.ts"), "utf8"), ts.ScriptTarget.Latest, true);
  const ifaces = new Map<string, ts.InterfaceDeclaration>();
  const out = new Map<string, string[][]>();
  file.forEachChild((n) => {
    if (ts.isInterfaceDeclaration(n)) ifaces.set(n.name.text, n);
  });
  const propsOf = (i: ts.InterfaceDeclaration): string[] => {
    const own = i.members.filter(ts.isPropertySignature).map((m) => (m.name as ts.Identifier).text);
    const inherited = (i.heritageClauses ?? []).flatMap((h) => h.types.flatMap((t) => propsOf(ifaces.get(t.expression.getText())!)));
    return [...inherited, ...own];
  };
  for (const [name, i] of ifaces) out.set(name, [propsOf(i)]);
  file.forEachChild((n) => {
    if (ts.isTypeAliasDeclaration(n) && ts.isUnionTypeNode(n.type) && n.type.types.every(ts.isTypeLiteralNode)) {
      out.set(
        n.name.text,
        n.type.types.map((t) => (t as ts.TypeLiteralNode).members.filter(ts.isPropertySignature).map((m) => (m.name as ts.Identifier).text)),
      );
    }
  });
  return out;
}

const shapes = typeShapes();

test("every IR interface and object union has a schema definition with the same properties", () => {
  const skip = new Set(["TargetBase"]);
  let checked = 0;
  for (const [name, variants] of shapes) {
    if (skip.has(name)) continue;
    const def = name === "ProjectIR" ? (schema as SchemaNode) : defs[name];
    assert.ok(def, `schema has no definition for ${name}`);
    const branches = variants.length > 1 ? def!.oneOf! : [def!];
    assert.is(branches.length, variants.length, `${name}: number of union branches`);
    variants.forEach((props, i) => {
      const b = branches[i]!;
      assert.equal(Object.keys(b.properties ?? {}).sort(), [...props].sort(), `${name} properties`);
      assert.equal([...(b.required ?? [])].sort(), [...props].sort(), `${name} required`);
      assert.is(b.additionalProperties, false, `${name} additionalProperties`);
    });
    checked++;
  }
  assert.ok(checked >= 25, `checked ${checked}`);
});

test("no schema definition without a type", () => {
  for (const name of Object.keys(defs)) {
    if (name === "Target") continue;
    assert.ok(shapes.has(name), `definition ${name} has no type in types.ts`);
  }
});

test("irVersion is the constant 1 and the draft is 07", () => {
  assert.is(schema.$schema, "http://json-schema.org/draft-07/schema#");
  assert.equal(schema.properties.irVersion, { const: "1" });
});

const full = project(
  [
    box("api", {
      pip: { indexUrl: "https://pypi.org/simple", extraIndexUrls: [], requirements: [req("fastapi", "==0.115.0", { hashes: ["sha256:" + "a".repeat(64)] })], hashed: true },
      health: { check: { kind: "http", path: "/healthz", port: 8080 }, intervalMs: 1000, timeoutMs: 1000, retries: 3, startMs: 0 },
      expose: [{ port: 8080, protocol: "tcp" }],
      publish: [{ port: 8080, hostPort: 80, protocol: "tcp" }],
      connects: [{ box: "cache", ports: [{ port: 6379, protocol: "tcp" }] }],
      run: { form: "shell", command: "uvicorn" },
    }),
    box("cache", { os: null, python: null, image: { ref: "redis:7.2", repository: "redis", tag: "7.2", digest: null }, user: null, workdir: null, run: null }),
  ],
  [
    { kind: "docker", declared: true, boxes: ["api", "cache"], registry: null, baseRegistry: null, tag: null },
    { kind: "vm", declared: true, boxes: ["api"], name: "web", cloud: "aws", region: "eu-west-1", instance: "t3.small", diskBytes: null },
  ],
);

test("hand-made IR validates", () => {
  assert.equal(validateIR(full), []);
});

test("drift is refused as an internal error", () => {
  const bad = [
    { ...full, irVersion: "2" },
    { ...full, extra: true },
    { ...full, boxes: [{ ...full.boxes[0]!, fingerprint: "md5:x" }] },
    { ...full, boxes: [{ ...full.boxes[0]!, expose: [{ port: 0, protocol: "tcp" }] }] },
    { ...full, boxes: [{ ...full.boxes[0]!, run: { form: "exec", argv: [] } }] },
    { ...full, targets: [{ kind: "vm", declared: true, boxes: [], name: "web", cloud: "gcp", region: null, instance: null, diskBytes: null }] },
  ];
  for (const ir of bad) {
    const ds = validateIR(ir);
    assert.ok(ds.length > 0, JSON.stringify(ir).slice(0, 80));
    assert.is(ds[0]!.code, "BOX9001");
  }
});

test.run();
