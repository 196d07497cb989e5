import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diffLines, unifiedDiff } from "../../src/cli/diff.ts";

/** Length of the longest common subsequence, by dynamic programming (the reference). */
function lcs(a: readonly string[], b: readonly string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) dp[i]![j] = a[i - 1] === b[j - 1] ? dp[i - 1]![j - 1]! + 1 : Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!);
  return dp[a.length]![b.length]!;
}

const lines = fc.array(fc.constantFrom("a", "b", "c", "d", ""), { maxLength: 25 });

test("edit script rebuilds both sides and is minimal", () => {
  fc.assert(
    fc.property(lines, lines, (a, b) => {
      const edits = diffLines(a, b);
      assert.equal(edits.filter((e) => e.op !== "ins").map((e) => a[(e as { a: number }).a]), a);
      assert.equal(edits.filter((e) => e.op !== "del").map((e) => b[(e as { b: number }).b]), b);
      for (const e of edits) if (e.op === "same") assert.is(a[e.a], b[e.b]);
      assert.is(edits.filter((e) => e.op === "same").length, lcs(a, b));
    }),
    { numRuns: 500 },
  );
});

test("equal texts give no diff", () => {
  assert.is(unifiedDiff("x", "a\nb\n", "a\nb\n"), "");
});

test("unified diff format", () => {
  const before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  const after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
  assert.fixture(unifiedDiff("f.txt", before, after), "--- a/f.txt\n+++ b/f.txt\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
  assert.fixture(unifiedDiff("n", null, "x\n"), "--- /dev/null\n+++ b/n\n@@ -0,0 +1 @@\n+x\n");
  assert.fixture(unifiedDiff("n", "x\n", null), "--- a/n\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n");
});

test("patch(1) applies our diffs (property)", () => {
  const dir = mkdtempSync(join(tmpdir(), "boxc-diff-"));
  try {
    const text = fc.array(fc.constantFrom("alpha", "beta", "gamma", "delta", "", "  x"), { maxLength: 30 }).map((ls) => ls.map((l) => `${l}\n`).join(""));
    fc.assert(
      fc.property(text, text, (before, after) => {
        writeFileSync(join(dir, "f"), before);
        const d = unifiedDiff("f", before, after);
        if (before === after) return;
        writeFileSync(join(dir, "p.diff"), d);
        const r = spawnSync("patch", ["-s", "-p1", "-i", "p.diff"], { cwd: dir, encoding: "utf8" });
        assert.is(r.status, 0, `${r.stdout}${r.stderr}\n${d}`);
        assert.is(readFileSync(join(dir, "f"), "utf8"), after);
      }),
      // Each run spawns patch(1); the in-process property above covers the algorithm broadly.
      { numRuns: 60 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
