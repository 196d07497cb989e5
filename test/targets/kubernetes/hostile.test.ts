/**
 * Hostile values reach the container literally: each manifest is read back by a YAML 1.2
 * reader (`yaml`) and a YAML 1.1 reader (PyYAML), then Kubernetes' own `$(VAR)` expansion is
 * applied (with every variable of the container defined, so an unescaped reference would
 * change the value), and the result must be the source value byte for byte.
 */
import { spawnSync } from "node:child_process";
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { parseAllDocuments } from "yaml";
import { box } from "../../fixtures/ir.ts";
import type { EnvVar } from "../../../src/ir/types.ts";
import { escapeK8sExpansion } from "../../../targets/_shared/encode-k8s.ts";
import { expandK8s, unknownFields, validateModel } from "../../support/k8s-check.ts";
import { emit, projectWith, type Obj } from "./cases.ts";

const HOSTILE = [
  "$HOME", "${HOME}", "$(HOME)", "$$(HOME)", "$$", "$", "$$$", "a$", "$(", "$()", "$(A", "$(A)$(B)", "%{x}", "{{x}}",
  "$(echo pwned)", "`id`", "'single'", '"double"', "back\\slash", "\\$(A)", "# not a comment", "x # y", "- dash",
  "-leading", ": colon", "key: value", "no", "on", "~", "0777", "1:20", "2001-01-01", "<<", "=", "!tag", "&anchor",
  "*alias", "%", "\u2028", "\u0085", "\ufeffbom", " lead", "trail ", "", "日本語 ✓ é", "😀", "a\nb", "tab\there",
];

/** Kubernetes expansion as the kubelet does it, with every variable of the container defined. */
const expandWith = (env: Record<string, string>) => (s: string) => expandK8s(s, (name) => (name in env ? `<${name}>` : undefined));

function readBack(text: string): Obj[] {
  return parseAllDocuments(text).map((d) => d.toJS() as Obj);
}

function pyyaml(texts: readonly string[]): Obj[][] {
  const program = "import json,sys,yaml\nprint(json.dumps([list(yaml.safe_load_all(t)) for t in json.loads(sys.stdin.read())], ensure_ascii=True))";
  const r = spawnSync("python3", ["-c", program], { input: JSON.stringify(texts), encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Obj[][];
}

function hostileBox(values: readonly string[]) {
  const env: EnvVar[] = values.map((value, i) => ({ name: `V${String(i).padStart(3, "0")}`, value }));
  return box("hostile", {
    workdir: "/srv/$(HOME) dir",
    env,
    run: { form: "exec", argv: ["/bin/echo", ...values] },
    health: { check: { kind: "command", argv: ["/bin/test", ...values] }, intervalMs: 10_000, timeoutMs: 5_000, retries: 3, startMs: 0 },
  });
}

function containerIn(objects: Obj[]): Obj {
  const d = objects.find((o) => o["kind"] === "Deployment")!;
  return ((((d["spec"] as Obj)["template"] as Obj)["spec"] as Obj)["containers"] as Obj[])[0]!;
}

function assertLiteral(container: Obj, values: readonly string[]): void {
  const env = Object.fromEntries((container["env"] as { name: string; value: string }[]).map((e) => [e.name, e.value]));
  const expand = expandWith(env);
  values.forEach((v, i) => {
    const name = `V${String(i).padStart(3, "0")}`;
    assert.is(expand(env[name]!), v, `env ${name}`);
  });
  assert.equal([...(container["command"] as string[]), ...(container["args"] as string[])].map(expand), ["/bin/echo", ...values]);
  assert.equal(((container["livenessProbe"] as Obj)["exec"] as Obj)["command"], ["/bin/test", ...values].map(escapeK8sExpansion));
  assert.equal((((container["livenessProbe"] as Obj)["exec"] as Obj)["command"] as string[]).map(expand), ["/bin/test", ...values]);
  // workingDir is not expanded by Kubernetes: it is written as is.
  assert.is(container["workingDir"], "/srv/$(HOME) dir");
}

test("hostile values arrive literally through both YAML readers and Kubernetes expansion", () => {
  const out = emit(projectWith([hostileBox(HOSTILE)]));
  const file = out.files.find((f) => f.path === "kubernetes/hostile.yaml")!;
  const objects = readBack(file.content);
  assertLiteral(containerIn(objects), HOSTILE);
  assertLiteral(containerIn(pyyaml([file.content])[0]!), HOSTILE);
  for (const o of objects) {
    validateModel(o);
    assert.equal(unknownFields(o), []);
  }
});

test("the hostile manifest escapes exactly the `$` the expander would consume", () => {
  const out = emit(projectWith([hostileBox(["$(A) $$ $B $"])]));
  const container = containerIn(readBack(out.files[0]!.content));
  assert.equal(container["env"], [{ name: "V000", value: "$$(A) $$$ $B $" }]);
});

const valueArb = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: fc.constantFrom("$", "(", ")", "A", "_", " ", "\\", '"', "'", "{", "}", "%", "#", "\u2028", "é", "😀") , maxLength: 16 }),
  fc.string({ maxLength: 16 }),
);

test("property: escape then expand (any definitions) is the identity", () => {
  fc.assert(
    fc.property(valueArb, fc.dictionary(fc.string({ unit: fc.constantFrom("A", "B", "_", "$", " ", ""), maxLength: 3 }), fc.string({ maxLength: 4 })), (s, defs) => {
      assert.is(expandK8s(escapeK8sExpansion(s), (n) => defs[n]), s);
      assert.is(expandK8s(escapeK8sExpansion(s), (n) => `[${n}]`), s);
    }),
    { numRuns: 2000 },
  );
});

test("property: escaping is minimal — a value the expander leaves alone is unchanged", () => {
  fc.assert(
    fc.property(valueArb, (s) => {
      const untouched = expandK8s(s, (n) => `[${n}]`) === s && expandK8s(s, () => undefined) === s;
      if (untouched && !/\$\$|\$\(/.test(s)) assert.is(escapeK8sExpansion(s), s);
    }),
    { numRuns: 1000 },
  );
});

test("property: random env values survive the manifest, PyYAML and the expansion (batched)", () => {
  const batches = fc.sample(fc.array(valueArb.filter((v) => !/[\u0000-\u001f\u007f]/.test(v) || v === "a\nb"), { minLength: 1, maxLength: 6 }), { numRuns: 250, seed: 45 });
  const texts = batches.map((values) => emit(projectWith([hostileBox(values)])).files[0]!.content);
  const loaded = pyyaml(texts);
  batches.forEach((values, i) => {
    assertLiteral(containerIn(readBack(texts[i]!)), values);
    assertLiteral(containerIn(loaded[i]!), values);
  });
});

test.run();
