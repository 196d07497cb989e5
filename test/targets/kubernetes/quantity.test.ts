import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { byteQuantity, cpuQuantity } from "../../../targets/kubernetes/quantity.ts";

const SUFFIX: Record<string, number> = { "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };

/** Reads a quantity back the way Kubernetes does (integer mantissa and suffix only, as emitted). */
function bytesOf(q: string): number {
  const m = /^([0-9]+)(k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(q);
  if (!m) throw new Error(`not a canonical quantity: ${q}`);
  return Number(m[1]) * SUFFIX[m[2] ?? ""]!;
}

test("byte quantities: largest exact suffix, binary first", () => {
  assert.is(byteQuantity(1024 ** 3), "1Gi");
  assert.is(byteQuantity(1.5 * 1024 ** 3), "1536Mi");
  assert.is(byteQuantity(10 * 1024 ** 3), "10Gi");
  assert.is(byteQuantity(512 * 1024 ** 2), "512Mi");
  assert.is(byteQuantity(1_000_000_000), "1G");
  assert.is(byteQuantity(500_000_000), "500M");
  assert.is(byteQuantity(1_234_567), "1234567");
  assert.is(byteQuantity(0), "0");
  assert.is(byteQuantity(1024 ** 4 * 3), "3Ti");
});

test("cpu quantities: whole CPUs plain, others in millicores", () => {
  assert.is(cpuQuantity(1500), "1500m");
  assert.is(cpuQuantity(2000), "2");
  assert.is(cpuQuantity(250), "250m");
  assert.is(cpuQuantity(1), "1m");
});

test("property: every byte count reads back exactly", () => {
  fc.assert(
    fc.property(fc.oneof(fc.nat(), fc.tuple(fc.integer({ min: 1, max: 4096 }), fc.constantFrom(1, 1e3, 1e6, 1e9, 2 ** 10, 2 ** 20, 2 ** 30, 2 ** 40)).map(([a, b]) => a * b)), (n) => {
      assert.is(bytesOf(byteQuantity(n)), n);
    }),
    { numRuns: 1000 },
  );
});

test.run();
