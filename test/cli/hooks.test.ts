import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

const repo = join(import.meta.dirname, "../..");

test(".pre-commit-hooks.yaml: boxc-build and boxc-check run the bin on .box changes", () => {
  const hooks = parse(readFileSync(join(repo, ".pre-commit-hooks.yaml"), "utf8")) as Record<string, unknown>[];
  assert.equal(hooks.map((h) => h.id), ["boxc-build", "boxc-check"]);
  for (const h of hooks) {
    assert.is(h.language, "node");
    assert.is(h.pass_filenames, false);
    assert.is(h.files, "\\.box$");
    assert.ok(new RegExp(h.files as string).test("app/shop.box"));
    assert.not.ok(new RegExp(h.files as string).test("shop.box.bak"));
    assert.type(h.name, "string");
    assert.ok(String(h.entry).startsWith("boxc build"), "runs the package's bin, not npx");
  }
  assert.is(hooks[1]!.entry, "boxc build --check");
  const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8"));
  assert.is(pkg.bin.boxc, "bin/boxc");
});

test(".pre-commit-hooks.yaml passes yamllint", () => {
  const r = spawnSync("yamllint", ["-d", "{extends: default, rules: {line-length: disable, document-start: disable}}", ".pre-commit-hooks.yaml"], { cwd: repo, encoding: "utf8" });
  if (r.error) throw new Error(`yamllint is not installed (see REAL-TOOLS.md): ${r.error.message}`);
  assert.is(r.status, 0, r.stdout + r.stderr);
});

test.run();
