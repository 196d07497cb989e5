/** The whole project type-checks under strict TypeScript (Node runs it by stripping types, which checks nothing). */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "../..");

test("tsc --noEmit is clean", () => {
  const r = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.json"), "--noEmit"], {
    cwd: root,
    encoding: "utf8",
  });
  assert.is(r.stdout + r.stderr, "", "type errors");
  assert.is(r.status, 0);
});

test.run();
