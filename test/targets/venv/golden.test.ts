/** Snapshots of hand-made IR cases (`UPDATE_SNAPSHOTS=1` rewrites them). */
import { join } from "node:path";
import { test } from "uvu";
import { box } from "../../fixtures/ir.ts";
import { expectGolden } from "../../support/golden.ts";
import { apiBox, emit, hashedBox, projectOf } from "./cases.ts";

const dir = (name: string) => join(import.meta.dirname, "golden", name);

test("api: indexes, extras, marker, apt, env, secret, exec command", () => {
  expectGolden(dir("api"), emit(projectOf([apiBox()])).files);
});

test("worker: hashes, patch version, hostile env values, secret file, shell command", () => {
  expectGolden(dir("worker"), emit(projectOf([hashedBox()], "venvs/{box}")).files);
});

test("bare: no requirements, no apt, no env", () => {
  expectGolden(dir("bare"), emit(projectOf([box("bare", { run: null })])).files);
});

test.run();
