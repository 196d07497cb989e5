/**
 * Diagnostics snapshots: every folder `test/diagnostics/<CODE>-<name>/` holds `input.box`
 * (and any files it imports). `boxc validate input.box` must report CODE, exit 1 when there
 * are errors, and print exactly `expected.txt` (text) and `expected.json` (json) — run
 * in-process through the same `run()` the bin uses; a few cases also spawn the real bin.
 * `UPDATE_SNAPSHOTS=1` rewrites the expected files.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "../src/cli/main.ts";
import { CODES, isCode } from "../src/diagnostics/codes.ts";

const root = join(import.meta.dirname, "..");
const casesDir = join(root, "test/diagnostics");
const update = process.env.UPDATE_SNAPSHOTS === "1";
const bin = join(root, "bin/boxc.js");
const SPAWNED = 3;

const cases = existsSync(casesDir)
  ? readdirSync(casesDir).filter((n) => statSync(join(casesDir, n)).isDirectory()).sort()
  : [];

async function inProcess(dir: string, format: "text" | "json"): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await run(["validate", "input.box", "--format", format], {
    cwd: dir,
    env: {},
    stdout: (s) => (out += s),
    stderr: (s) => (out += s),
    stdoutIsTTY: false,
    stderrIsTTY: false,
  });
  return { code, out };
}

function snapshot(path: string, actual: string, what: string): void {
  if (update) {
    if (!existsSync(path) || readFileSync(path, "utf8") !== actual) writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `${path} is missing: run with UPDATE_SNAPSHOTS=1 to record it`);
  assert.fixture(actual, readFileSync(path, "utf8"), what);
}

test("every case folder is named after a known code", () => {
  assert.ok(cases.length > 0, "no case folder under test/diagnostics/");
  for (const name of cases) {
    const code = name.split("-")[0]!;
    assert.ok(isCode(code), `test/diagnostics/${name}: ${code} is not in the codes table`);
    assert.ok(existsSync(join(casesDir, name, "input.box")), `test/diagnostics/${name}/input.box is missing`);
  }
});

cases.forEach((name, i) => {
  test(name, async () => {
    const dir = join(casesDir, name);
    const code = name.split("-")[0]!;
    const text = await inProcess(dir, "text");
    const json = await inProcess(dir, "json");
    assert.match(text.out, `[${code}]`, `the text output reports ${code}`);
    const doc = JSON.parse(json.out);
    assert.ok(doc.diagnostics.some((d: { code: string }) => d.code === code), `the json output reports ${code}`);
    const errors = doc.summary.errors > 0;
    if (isCode(code) && CODES[code].severity === "error") assert.ok(errors, `${code} is an error`);
    assert.is(text.code, errors ? 1 : 0, "exit code (text)");
    assert.is(json.code, errors ? 1 : 0, "exit code (json)");
    for (const out of [text.out, json.out]) {
      assert.not.match(out, root, "no absolute paths of this machine");
      assert.not.match(out, dir, "no absolute paths of this machine");
    }
    snapshot(join(dir, "expected.txt"), text.out, "text output");
    snapshot(join(dir, "expected.json"), json.out, "json output");
    if (i < SPAWNED) {
      // The real bin prints the same thing and exits the same way.
      const r = spawnSync(process.execPath, [bin, "validate", "input.box", "--format", "json"], {
        cwd: dir,
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "" },
      });
      assert.is(r.status, json.code, `bin exit code: ${r.stderr}`);
      assert.is(r.stdout, json.out);
    }
  });
});

test.run();
