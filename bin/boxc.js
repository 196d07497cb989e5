#!/usr/bin/env node
// The boxc launcher: checks the Node version, turns on the compile cache, and runs the
// bundled CLI (dist/cli.js, made by `npm run build`). Kept tiny: cold start matters.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import module from "node:module";
import { fileURLToPath } from "node:url";

const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  // The `node` dev dependency ships a recent Node next to the package; use it when present.
  const bundled = fileURLToPath(new URL("../node_modules/node/bin/node", import.meta.url));
  if (existsSync(bundled)) {
    const r = spawnSync(bundled, [...process.execArgv, process.argv[1], ...process.argv.slice(2)], { stdio: "inherit" });
    process.exit(r.status ?? 3);
  }
  console.error(`boxc needs Node.js ≥ 22 (found ${process.versions.node})`);
  process.exit(3);
}
module.enableCompileCache?.();
let cli;
try {
  cli = await import("../dist/cli.js");
} catch (e) {
  if (e?.code !== "ERR_MODULE_NOT_FOUND" || !String(e.message).includes("dist/cli.js")) throw e;
  console.error("boxc is not built: run `npm run build` in its package folder");
  process.exit(3);
}
await cli.main();
