import { test } from "uvu";
import * as assert from "uvu/assert";
import * as V from "../../src/check/values/index.ts";
import { brief, dur, num, size, str } from "./lit.ts";

test("ports", () => {
  for (const [t, v] of [["1", 1], ["80", 80], ["8080", 8080], ["65535", 65535]] as const) assert.equal(V.checkPort(num(t)), [v, []]);
  for (const t of ["0", "65536", "80.5", "1e3", "99999999999"]) {
    const [r, ds] = V.checkPort(num(t));
    assert.is(r, null, t);
    assert.equal(brief(ds), [`BOX2150@0-${t.length}`]);
    assert.is(ds[0]!.message, `port \`${t}\` must be a whole number from 1 to 65535`);
  }
  const [, ds] = V.checkPort(str("8080"));
  assert.is(ds[0]!.message, "expected a number for port, found a string");
});

test("retries", () => {
  assert.equal(V.checkRetries(num("3")), [3, []]);
  assert.equal(V.checkRetries(num("100")), [100, []]);
  assert.equal(brief(V.checkRetries(num("0"))[1]), ["BOX2150@0-1"]);
  assert.equal(brief(V.checkRetries(num("101"))[1]), ["BOX2150@0-3"]);
});

test("sizes", () => {
  assert.equal(V.checkSize(size("1GiB"), "memory", V.MEMORY_BOUNDS), [1024 ** 3, []]);
  assert.equal(V.checkSize(size("1.5GiB"), "memory", V.MEMORY_BOUNDS), [1.5 * 1024 ** 3, []]);
  assert.equal(V.checkSize(size("4MiB"), "memory", V.MEMORY_BOUNDS), [4 * 1024 ** 2, []]);
  assert.equal(V.checkSize(size("1TiB"), "memory", V.MEMORY_BOUNDS), [1024 ** 4, []]);
  assert.equal(V.checkSize(size("64TiB"), "disk", V.DISK_BOUNDS), [64 * 1024 ** 4, []]);
  assert.equal(V.checkSize(size("20GB"), "volume size", V.VOLUME_BOUNDS), [20e9, []]);

  const [, small] = V.checkSize(size("3MiB"), "memory", V.MEMORY_BOUNDS);
  assert.equal(small.map((d) => d.message), ["memory `3MiB` is out of range: it must be from 4MiB to 1TiB"]);
  const [, big] = V.checkSize(size("65TiB"), "disk", V.DISK_BOUNDS);
  assert.equal(big.map((d) => d.message), ["disk `65TiB` is out of range: it must be from 1MiB to 64TiB"]);
  const [, frac] = V.checkSize(size("1.5B"), "memory", V.MEMORY_BOUNDS);
  assert.equal(frac.map((d) => [d.code, d.message]), [["BOX2152", "memory `1.5B` is not a whole number of bytes"]]);
  const [, frac2] = V.checkSize(size("0.0001KiB"), "disk", V.DISK_BOUNDS);
  assert.equal(frac2.map((d) => d.code), ["BOX2152"]);
  const [, n] = V.checkSize(num("512"), "memory", V.MEMORY_BOUNDS);
  assert.equal(n.map((d) => [d.code, d.help]), [["BOX2100", "add a unit, e.g. `512MiB`"]]);
  assert.equal(brief(V.checkSize(size("99999999TiB"), "disk", V.DISK_BOUNDS)[1]), ["BOX2151@0-11"]);
});

test("durations", () => {
  assert.equal(V.checkDuration(dur("10s"), "every", V.HEALTH_INTERVAL_BOUNDS), [10000, []]);
  assert.equal(V.checkDuration(dur("1h"), "timeout", V.HEALTH_TIMEOUT_BOUNDS), [3600000, []]);
  assert.equal(V.checkDuration(dur("0s"), "start", V.HEALTH_START_BOUNDS), [0, []]);
  assert.equal(V.checkDuration(dur("1500ms"), "every", V.HEALTH_INTERVAL_BOUNDS), [1500, []]);
  const [, a] = V.checkDuration(dur("500ms"), "every", V.HEALTH_INTERVAL_BOUNDS);
  assert.equal(a.map((d) => [d.code, d.message]), [["BOX2153", "every `500ms` is out of range: it must be from 1s to 1h"]]);
  const [, b] = V.checkDuration(dur("61m"), "start", V.HEALTH_START_BOUNDS);
  assert.equal(b.map((d) => d.message), ["start `61m` is out of range: it must be from 0s to 1h"]);
  const [, c] = V.checkDuration(dur("1.5ms"), "every", V.HEALTH_INTERVAL_BOUNDS);
  assert.equal(c.map((d) => d.code), ["BOX2152"]);
  const [, d] = V.checkDuration(num("10"), "every", V.HEALTH_INTERVAL_BOUNDS);
  assert.equal(d.map((x) => x.help), ["add a unit, e.g. `10s`"]);
});

test("cpu in thousandths, from the source text", () => {
  const ok: [string, number][] = [["1", 1000], ["1.5", 1500], ["0.001", 1], ["0.1", 100], ["0.25", 250], ["1024", 1024000], ["2.005", 2005]];
  for (const [t, v] of ok) assert.equal(V.checkCpu(num(t)), [v, []], t);
  for (const t of ["0", "0.0004", "1.0005", "1024.001", "2000", "-1", "1e2"]) {
    assert.equal(brief(V.checkCpu(num(t))[1]), [`BOX2154@0-${t.length}`], t);
  }
  assert.equal(V.checkCpu(str("1"))[1].map((d) => d.code), ["BOX2100"]);
});

test("human bounds", () => {
  assert.is(V.formatBytes(1536), "1536B");
  assert.is(V.formatBytes(3 * 1024 ** 2), "3MiB");
  assert.is(V.formatMs(90000), "90s");
  assert.is(V.formatMs(250), "250ms");
});

test.run();
