/** yamllint (strict: warnings fail) reads every generated manifest: no duplicate keys, clean syntax. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { emit, shopIR } from "./cases.ts";

// Long header lines are fine; the kustomization is a single document without `---`.
const CONFIG = "{extends: default, rules: {line-length: disable, document-start: disable}}";

test("yamllint accepts every file of the shop", () => {
  const dir = mkdtempSync(join(tmpdir(), "boxc-k8s-"));
  try {
    const files = emit(shopIR()).files;
    for (const f of files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
    const r = spawnSync("yamllint", ["-s", "-d", CONFIG, ...files.map((f) => join(dir, f.path))], { encoding: "utf8" });
    assert.ok(r.error === undefined, `yamllint could not run: ${String(r.error)}`);
    assert.is(r.status, 0, r.stdout + r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
