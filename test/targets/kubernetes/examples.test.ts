/**
 * The examples compiled by the real front end: every kubernetes manifest validates, has no
 * unknown field, passes the structural checks, and its NetworkPolicies allow exactly the
 * declared connections. (Golden files of the examples are wired through the CLI elsewhere.)
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compile } from "../../../src/compile.ts";
import { nodeHost } from "../../../src/host/node.ts";
import type { KubernetesTarget } from "../../../src/ir/types.ts";
import { kubernetesBackend } from "../../../targets/kubernetes/target.ts";
import { podLabels } from "../../../targets/kubernetes/names.ts";
import { structuralProblems, unknownFields, validateModel } from "../../support/k8s-check.ts";
import { podToPod } from "../../support/netpol.ts";
import { objectsOf } from "./cases.ts";

const examplesDir = join(import.meta.dirname, "..", "..", "..", "examples");

/** The entry files of an example: its top-level `.box` files that no other file imports. */
function entriesOf(dir: string): string[] {
  const boxes = readdirSync(dir).filter((f) => f.endsWith(".box")).sort();
  const imported = new Set(
    boxes.flatMap((f) => [...readFileSync(join(dir, f), "utf8").matchAll(/^\s*import\s+"\.\/([^"]+)"/gm)].map((m) => m[1])),
  );
  return boxes.filter((f) => !imported.has(f)).map((f) => join(dir, f));
}

for (const example of readdirSync(examplesDir).sort()) {
  test(`example ${example}: kubernetes manifests pass every check`, () => {
    const root = join(examplesDir, example);
    const result = compile({ entries: entriesOf(root), root, host: nodeHost });
    if (result.ir === null) {
      const errors = result.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`);
      console.log(`\nSKIP example ${example}: the front end reports errors, no IR to emit: ${errors.join("; ")}`);
      return;
    }
    const ir = result.ir;
    const target = ir.targets.find((t): t is KubernetesTarget => t.kind === "kubernetes");
    if (!target) return;
    const out = kubernetesBackend.emit(ir, target);
    assert.equal(out.diagnostics.filter((d) => d.severity === "error"), []);
    const objects = objectsOf(out);
    for (const o of objects) {
      validateModel(o);
      assert.equal(unknownFields(o), []);
      assert.equal(structuralProblems(o), []);
    }
    const policies = objects.filter((o) => o["kind"] === "NetworkPolicy");
    const deployed = ir.boxes.filter((b) => target.boxes.includes(b.name));
    for (const from of deployed)
      for (const to of deployed)
        for (const port of to.expose) {
          const declared = from.connects.some((c) => c.box === to.name && c.ports.some((p) => p.port === port.port && p.protocol === port.protocol));
          const proto = port.protocol.toUpperCase();
          assert.is(
            podToPod(policies, podLabels(ir.project, from.name), podLabels(ir.project, to.name), port.port, proto),
            declared,
            `${from.name} → ${to.name}:${port.port}/${proto}`,
          );
        }
  });
}

test.run();
