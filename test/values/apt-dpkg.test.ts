/**
 * Debian versions, checked against the reference implementation: `dpkg --validate-version`.
 * Whatever boxc accepts, dpkg accepts without a warning, and the reverse (except surrounding
 * whitespace, which dpkg trims and boxc refuses).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { spawnSync } from "node:child_process";
import { checkAptPackage, isDebianVersion } from "../../src/check/values/index.ts";
import { str } from "./lit.ts";

test("agrees with dpkg --validate-version", () => {
  const probe = spawnSync("dpkg", ["--validate-version", "--", "1.0"], { encoding: "utf8" });
  assert.is(probe.status, 0, `dpkg is required: ${probe.error ?? probe.stderr}`);
  const versions = [
    ...fc.sample(fc.string({ unit: fc.constantFrom(..."0123456789ab.+~-:_ A".split("")), minLength: 1, maxLength: 10 }), { numRuns: 150, seed: 12 }),
    ...fc.sample(
      fc.tuple(fc.option(fc.nat(9)), fc.stringMatching(/^[0-9][0-9a-z.+~:-]{0,6}$/), fc.option(fc.stringMatching(/^[0-9a-z+.~]{1,4}$/))).map(
        ([e, u, r]) => `${e === null ? "" : `${e}:`}${u}${r === null ? "" : `-${r}`}`,
      ),
      { numRuns: 150, seed: 13 },
    ),
    "7.88.1-10+deb12u8", "1:2024a-0+deb12u1", "1.0-a-b", "1:1.0:2-1", "1.0:2", "0", "7.88-", "a1",
  ];
  // dpkg exits 0 for a valid version, 1 with a warning, 2 with an error.
  const script = 'while IFS= read -r v; do dpkg --validate-version -- "$v" 2>/dev/null; echo $?; done';
  const res = spawnSync("bash", ["-c", script], { input: versions.join("\n") + "\n", encoding: "utf8" });
  assert.is(res.status, 0, res.stderr);
  const codes = res.stdout.trim().split("\n");
  assert.is(codes.length, versions.length);
  let valid = 0;
  versions.forEach((v, i) => {
    const dpkg = codes[i] === "0";
    if (dpkg) valid++;
    // dpkg trims surrounding whitespace; boxc refuses it (the value reaches apt's command line).
    const expected = dpkg && v === v.trim();
    assert.is(isDebianVersion(v), expected, `${JSON.stringify(v)}: dpkg says ${codes[i]}`);
    const [pkg] = checkAptPackage(str(`curl=${v}`));
    assert.is(pkg !== null, expected, `curl=${v}`);
  });
  assert.ok(valid > 100, `only ${valid} valid versions generated`);
});

test.run();
