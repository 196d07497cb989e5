#!/usr/bin/env node
/**
 * `npm audit --omit=dev` for CI, telling a vulnerable dependency (exit 1) from an audit
 * service that cannot be reached (the registry mirror of some machines answers the bulk
 * advisory endpoint with 405): the latter is reported loudly and does not fail the run, since
 * no verdict was given. Plain JavaScript so it runs on any Node before `npm ci`.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** @returns {{ verdict: "clean" | "vulnerable" | "unavailable", detail: string }} */
export function classify(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return { verdict: "unavailable", detail: "npm audit printed no JSON" };
  }
  const counts = doc?.metadata?.vulnerabilities;
  if (counts && typeof counts === "object") {
    const total = Object.entries(counts)
      .filter(([k]) => k !== "total")
      .reduce((n, [, v]) => n + (Number(v) || 0), 0);
    if (total === 0) return { verdict: "clean", detail: "0 vulnerabilities" };
    const names = Object.keys(doc.vulnerabilities ?? {}).sort().join(", ");
    return { verdict: "vulnerable", detail: `${total} vulnerabilities: ${names}` };
  }
  const status = doc?.statusCode ?? doc?.error?.code ?? "unknown";
  return { verdict: "unavailable", detail: `audit endpoint error (${status}): ${doc?.message ?? doc?.error?.summary ?? ""}`.trim() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = spawnSync("npm", ["audit", "--omit=dev", "--json"], { encoding: "utf8" });
  const { verdict, detail } = classify(r.stdout);
  if (verdict === "vulnerable") {
    console.error(`ci: npm audit --omit=dev found vulnerable runtime dependencies: ${detail}`);
    process.exit(1);
  }
  if (verdict === "unavailable") console.log(`SKIP npm audit --omit=dev: no verdict, ${detail}`);
  else console.log(`ci: npm audit --omit=dev: ${detail}`);
}
