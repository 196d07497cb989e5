/**
 * Supply chain (issue 10): the runtime dependencies are pinned to exact versions, at or above
 * the first release that fixes each known advisory, in package.json, in the lock file and in
 * what is installed; CI runs `npm audit --omit=dev` (.ci/run). The minima and their advisories
 * are listed in docs/security.md.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";

const root = join(import.meta.dirname, "..", "..");
const json = (p: string) => JSON.parse(readFileSync(join(root, p), "utf8")) as Record<string, unknown>;

/** First safe version of each runtime dependency with a known advisory. */
const MINIMUM: Readonly<Record<string, { version: string; why: string }>> = {
  // GHSA-f2jv-r9rf-7988 / GHSA-765h-qjxv-5f44: prototype pollution, code execution in compile.
  handlebars: { version: "4.7.7", why: "CVE-2021-23369, CVE-2021-23383" },
  // GHSA-f9xv-q969-pqx4: uncaught exception on crafted input.
  yaml: { version: "2.2.2", why: "CVE-2023-2251" },
  // GHSA-2g4f-4pwh-qvx6: ReDoS through `$data` patterns.
  ajv: { version: "8.18.0", why: "CVE-2025-69873" },
};

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).slice(0, 3).map(Number);
  const pb = b.split(/[.+-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

test("version comparison", () => {
  assert.ok(compareVersions("4.7.10", "4.7.7") > 0);
  assert.ok(compareVersions("2.2.1", "2.2.2") < 0);
  assert.ok(compareVersions("8.18.0", "8.18.0") === 0);
  assert.ok(compareVersions("10.0.0", "9.9.9") > 0);
});

test("runtime dependencies are pinned to exact versions", () => {
  const deps = json("package.json")["dependencies"] as Record<string, string>;
  for (const [name, range] of Object.entries(deps)) assert.match(range, /^\d+\.\d+\.\d+$/, `${name}@${range} is an exact version`);
  for (const name of Object.keys(MINIMUM)) assert.ok(name in deps, `${name} is a runtime dependency`);
});

test("pinned, locked and installed versions are at or above the first safe release", () => {
  const deps = json("package.json")["dependencies"] as Record<string, string>;
  const lock = json("package-lock.json")["packages"] as Record<string, { version?: string; dev?: boolean }>;
  for (const [name, { version: min, why }] of Object.entries(MINIMUM)) {
    assert.ok(compareVersions(deps[name]!, min) >= 0, `package.json pins ${name}@${deps[name]}, below ${min} (${why})`);
    const installed = (json(`node_modules/${name}/package.json`)["version"]) as string;
    assert.ok(compareVersions(installed, min) >= 0, `installed ${name}@${installed} is below ${min} (${why})`);
    // Every copy the lock file would install for production, nested ones included.
    const copies = Object.entries(lock).filter(([path, e]) => new RegExp(`(^|/)node_modules/${name}$`).test(path) && !e.dev);
    assert.ok(copies.length >= 1, `${name} is in the lock file`);
    for (const [path, e] of copies) assert.ok(compareVersions(e.version!, min) >= 0, `${path}@${e.version} is below ${min} (${why})`);
  }
});

test("CI audits the runtime dependencies and fails on a finding", async () => {
  const ci = readFileSync(join(root, ".ci/run"), "utf8");
  assert.match(ci, /^node scripts\/audit\.mjs \|\| exit 1$/m, ".ci/run runs the audit and stops on a finding");
  const { classify } = (await import("../../scripts/audit.mjs")) as { classify: (t: string) => { verdict: string } };
  const report = (n: number) => JSON.stringify({ metadata: { vulnerabilities: { info: 0, low: n, moderate: 0, high: 0, critical: 0, total: n } }, vulnerabilities: n ? { handlebars: {} } : {} });
  assert.is(classify(report(0)).verdict, "clean");
  assert.is(classify(report(2)).verdict, "vulnerable");
  assert.is(classify(JSON.stringify({ statusCode: 405, message: "405 Method Not Allowed" })).verdict, "unavailable");
  assert.is(classify("not json").verdict, "unavailable");
});

test.run();
