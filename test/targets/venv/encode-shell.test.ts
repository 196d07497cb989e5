import { spawnSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { shComment, shellCarries, shQuote, shWord } from "../../../targets/_shared/encode-shell.ts";
import { ShellSession } from "./shell-session.ts";

const HOSTILE = ["'", '"', "\\", "$", "`", "${HOME}", "$(id)", "%s", "%{x}", "{{x}}", "#", "-", " ", "\t", "\n", "!", "*", "?", "~", ";", "&", "|", "é", "\u2028", "😀", "a"];
/** Strings a shell can hold (no NUL), biased towards characters that mean something to sh. */
const shellString = fc.oneof(
  fc.string({ unit: fc.constantFrom(...HOSTILE), maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
).filter(shellCarries);

// /bin/sh is dash on Debian: test each distinct shell once.
const shells = [...new Set(["/bin/sh", "/usr/bin/dash", "/bin/bash"].filter((s) => existsSync(s)).map((s) => realpathSync(s)))];

// Each run checks a batch of values in one long-lived shell.
const batch = fc.array(shellString, { minLength: 1, maxLength: 20 });

for (const shell of shells) {
  for (const [name, encode] of [["shQuote", shQuote], ["shWord", shWord]] as const) {
    test(`${name}: ${shell} reads every value back byte for byte`, async () => {
      const session = new ShellSession(shell);
      try {
        await fc.assert(
          fc.asyncProperty(batch, async (values) => {
            const fields = await session.printWords(values.map(encode)).catch(() => null);
            const ok = fields !== null && fields.length === values.length && fields.every((f, i) => f.equals(Buffer.from(values[i]!, "utf8")));
            if (!ok) session.restart();
            return ok;
          }),
          { numRuns: 300 },
        );
      } finally {
        session.close();
      }
    });
  }
}

test("shQuote of the empty string is an empty argument", () => {
  assert.is(shQuote(""), "''");
  const r = spawnSync("/bin/sh", ["-c", `set -- ${shQuote("")}; printf %s "$#"`]);
  assert.is(r.stdout.toString(), "1");
});

test("shWord leaves plain words bare and quotes the rest", () => {
  assert.is(shWord("main:app"), "main:app");
  assert.is(shWord("--port"), "--port");
  assert.is(shWord("a=b"), "'a=b'");
  assert.is(shWord("~"), "'~'");
});

test("shellCarries refuses NUL only", () => {
  assert.ok(shellCarries("any $ ' \n thing"));
  assert.not.ok(shellCarries("a\0b"));
});

test("shComment stays one comment line: sh runs nothing after it", async () => {
  const session = new ShellSession("/bin/sh");
  try {
    await fc.assert(
      fc.asyncProperty(batch, async (values) => {
        const lines = values.map(shComment);
        if (lines.some((l) => l.includes("\n"))) return false;
        // A comment that leaked would run as a command, print, or leave the shell waiting.
        const out = await session.run(`${lines.join("\n")}\nprintf 'ok\\0'\n`, 1).catch(() => null);
        const ok = out !== null && out[0]!.toString() === "ok";
        if (!ok) session.restart();
        return ok;
      }),
      { numRuns: 300 },
    );
  } finally {
    session.close();
  }
});

test.run();
