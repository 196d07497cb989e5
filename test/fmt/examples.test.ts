/** The shipped examples are in the canonical layout (what `boxc fmt --check` in a pre-commit hook expects). */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { formatSource } from "../../src/fmt/format.ts";

const root = join(import.meta.dirname, "../../examples");

for (const project of readdirSync(root).sort()) {
  for (const file of readdirSync(join(root, project)).filter((f) => f.endsWith(".box")).sort()) {
    test(`examples/${project}/${file} is formatted`, () => {
      const text = readFileSync(join(root, project, file), "utf8");
      const [formatted, diagnostics] = formatSource(`${project}/${file}`, text);
      assert.equal(diagnostics, []);
      assert.is(formatted, text);
    });
  }
}

test.run();
