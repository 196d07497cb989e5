/**
 * The direct YAML writer (targets/_shared/yaml-fast.ts) must give the same bytes as the
 * `yaml` library with the serializer's options, on every document it accepts, and accept the
 * shapes the targets build (nested maps and lists, empty ones, strings, integers, booleans).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { fastYamlBody } from "../../targets/_shared/yaml-fast.ts";
import { libraryYamlBody, toYaml, yamlScalar } from "../../targets/_shared/yaml.ts";

const KEYS = ["a", "name", "x-1", "8080/tcp", "com.example/k", "no", "on", "<<", "", " k", "k ", "a: b", "#", "é", "日本", "-", "?"];

const str = fc.oneof(fc.constantFrom(...KEYS, "1.5", "0777", "true", "null", "~", "a\nb", "\u2028", "$X"), fc.string({ maxLength: 10 }));
const key = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 }));
const leaf = fc.oneof(str, fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.boolean());

const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("list"), tie("map")),
  list: fc.array(tie("node"), { maxLength: 4 }),
  map: fc.dictionary(key, tie("node"), { maxKeys: 4 }),
}));

const doc = fc.oneof(tree.map, tree.list);

test("same bytes as the yaml library on generated documents", () => {
  let covered = 0;
  fc.assert(
    fc.property(doc, (d) => {
      const fast = fastYamlBody(d, yamlScalar);
      if (fast === null) return;
      covered++;
      assert.is(fast, libraryYamlBody(d));
    }),
    { numRuns: 1000 },
  );
  // The generator above stays inside the covered subset: every run must have been compared.
  assert.is(covered, 1000);
});

test("falls back to the library outside the subset, with the library's bytes", () => {
  const odd: unknown[] = [
    { a: null },
    { a: 1.5 },
    { a: -0 },
    { a: undefined, b: 1 },
    { a: new Map([["k", "v"]]) },
    { [`k${"x".repeat(1100)}`]: 1 },
    [{ a: [null] }],
  ];
  for (const d of odd) {
    assert.is(fastYamlBody(d, yamlScalar), null, JSON.stringify(d));
    assert.is(toYaml(d), libraryYamlBody(d));
  }
});

test("the shapes of a Kubernetes manifest", () => {
  const m = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "api", labels: { "app.kubernetes.io/name": "api" } },
    spec: {
      replicas: 1,
      template: {
        spec: {
          containers: [{ name: "api", args: ["--port", "8080"], ports: [{ containerPort: 8080 }], env: [] }],
          securityContext: {},
          volumes: [[], {}, [["x"]]],
        },
      },
    },
  };
  const fast = fastYamlBody(m, yamlScalar);
  assert.ok(fast !== null);
  assert.is(fast, libraryYamlBody(m));
});

test.run();
