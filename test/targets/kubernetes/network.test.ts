/**
 * The NetworkPolicies allow exactly the declared connections: for every pair of boxes and
 * every port, traffic passes iff the source box `connect`s to the target box on that port.
 * Checked on the shop and on random projects, with an evaluator of the NetworkPolicy rules.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { box } from "../../fixtures/ir.ts";
import type { Box, Port } from "../../../src/ir/types.ts";
import { podLabels } from "../../../targets/kubernetes/names.ts";
import { outsideToPod, podToDns, podToOutside, podToPod } from "../../support/netpol.ts";
import { structuralProblems, unknownFields, validateModel } from "../../support/k8s-check.ts";
import { emit, objectsOf, projectWith, shopIR, type Obj } from "./cases.ts";

const policiesOf = (objects: Obj[]) => objects.filter((o) => o["kind"] === "NetworkPolicy");
const PROTOCOLS = ["TCP", "UDP"] as const;

/** Every (from, to, port, protocol) the policies allow between pods, outside and the DNS. */
function assertExactlyDeclared(boxes: readonly Box[], project: string, objects: Obj[]): void {
  const policies = policiesOf(objects);
  const probePorts = new Set<number>([1, 53, 80, 5432, 6379, 65535]);
  for (const b of boxes) for (const p of b.expose) probePorts.add(p.port);
  for (const from of boxes) {
    const fromLabels = podLabels(project, from.name);
    for (const proto of PROTOCOLS) assert.ok(podToDns(policies, fromLabels, proto), `${from.name} must reach DNS over ${proto}`);
    for (const port of probePorts)
      for (const proto of PROTOCOLS) {
        assert.not.ok(podToOutside(policies, fromLabels, port, proto), `${from.name} must not reach outside ${port}/${proto}`);
        const published = from.publish.some((p) => p.port === port && p.protocol.toUpperCase() === proto);
        assert.is(outsideToPod(policies, fromLabels, port, proto), published, `outside → ${from.name} ${port}/${proto}`);
      }
    for (const to of boxes) {
      const toLabels = podLabels(project, to.name);
      for (const port of probePorts)
        for (const proto of PROTOCOLS) {
          const declared = from.connects.some(
            (c) => c.box === to.name && c.ports.some((p) => p.port === port && p.protocol.toUpperCase() === proto),
          );
          assert.is(podToPod(policies, fromLabels, toLabels, port, proto), declared, `${from.name} → ${to.name} ${port}/${proto}`);
        }
    }
  }
}

test("the shop: api reaches db:5432 and cache:6379, nothing else reaches anything", () => {
  const ir = shopIR();
  assertExactlyDeclared(ir.boxes, ir.project, objectsOf(emit(ir)));
});

test("the evaluator is not vacuous: without the default-deny, unselected traffic passes", () => {
  const ir = shopIR();
  const objects = objectsOf(emit(ir)).filter((o) => (o["metadata"] as Obj)["name"] !== "default-deny");
  const policies = policiesOf(objects);
  assert.ok(podToOutside(policies, podLabels("shop", "legacy-model"), 443, "TCP"));
  assert.not.ok(podToPod(policies, podLabels("shop", "legacy-model"), podLabels("shop", "cache"), 6379, "TCP"));
  let failed = false;
  try {
    assertExactlyDeclared(ir.boxes, ir.project, objects);
  } catch {
    failed = true; // uvu's assert.throws rethrows assertion errors, so catch here
  }
  assert.ok(failed, "the exactness check must fail without the default-deny policy");
});

const NAMES = ["a", "b", "c", "d"] as const;
const portArb = fc.record({ port: fc.constantFrom(53, 80, 443, 5432, 8080), protocol: fc.constantFrom("tcp" as const, "udp" as const) });
const uniqPorts = (ps: Port[]): Port[] =>
  [...new Map(ps.map((p) => [`${p.port}/${p.protocol}`, p])).values()].sort((x, y) => x.port - y.port || (x.protocol < y.protocol ? -1 : 1));

/** Random projects: boxes expose random ports, connect to others on all or one of their ports, publish some. */
const projectArb = fc
  .record({
    n: fc.integer({ min: 1, max: 4 }),
    exposes: fc.array(fc.array(portArb, { maxLength: 3 }), { minLength: 4, maxLength: 4 }),
    edges: fc.array(fc.record({ from: fc.nat(3), to: fc.nat(3), pick: fc.option(fc.nat(2)) }), { maxLength: 8 }),
    publishes: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  })
  .map(({ n, exposes, edges, publishes }) => {
    const names = NAMES.slice(0, n);
    const expose = names.map((_, i) => uniqPorts(exposes[i]!));
    return names.map((name, i) => {
      const connects = new Map<string, Port[]>();
      for (const e of edges) {
        if (e.from % n !== i || e.to % n === i) continue;
        const target = expose[e.to % n]!;
        const ports = e.pick === null ? target : target.slice(e.pick % Math.max(1, target.length), (e.pick % Math.max(1, target.length)) + 1);
        connects.set(names[e.to % n]!, uniqPorts([...(connects.get(names[e.to % n]!) ?? []), ...ports]));
      }
      const own = expose[i]!;
      return box(name, {
        expose: own,
        connects: [...connects].sort(([x], [y]) => (x < y ? -1 : 1)).map(([b, ports]) => ({ box: b, ports })),
        publish: publishes[i] && own.length > 0 ? [{ port: own[0]!.port, hostPort: 30000 + i, protocol: own[0]!.protocol }] : [],
      });
    });
  });

test("random projects: the policies allow exactly the declared connections and published ports", () => {
  fc.assert(
    fc.property(projectArb, (boxes) => {
      const ir = projectWith(boxes);
      const out = emit(ir);
      assert.equal(out.diagnostics, []);
      assertExactlyDeclared(ir.boxes, ir.project, objectsOf(out));
    }),
    { numRuns: 300 },
  );
});

test("random projects: every object validates and has no unknown field", () => {
  fc.assert(
    fc.property(projectArb, (boxes) => {
      for (const o of objectsOf(emit(projectWith(boxes)))) {
        validateModel(o);
        assert.equal(unknownFields(o), []);
        assert.equal(structuralProblems(o), []);
      }
    }),
    { numRuns: 60 },
  );
});

test.run();
