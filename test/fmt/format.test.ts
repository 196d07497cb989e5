import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { formatSource } from "../../src/fmt/format.ts";
import { parse, strip } from "../grammar/helpers.ts";
import { boxFile } from "./gen.ts";

const example = readFileSync(join(import.meta.dirname, "../grammar/fixtures/language-example.box"), "utf8");

function fmt(text: string): string {
  const [out, ds] = formatSource("t.box", text);
  if (out === null) throw new Error(ds.map((d) => `${d.code} ${d.message}`).join("\n"));
  return out;
}

/** format is idempotent and keeps the AST (values, structure, comment texts). */
function checkFormat(text: string): string {
  const out = fmt(text);
  assert.is(fmt(out), out, "idempotent");
  const before = parse(text);
  const after = parse(out);
  assert.equal(after.diagnostics.filter((d) => d.severity === "error"), []);
  assert.equal(strip(after.ast, true), strip(before.ast, true), "same AST modulo spans");
  assert.ok(out === "" || out.endsWith("\n"), "trailing newline");
  // Blank-looking lines of a triple-quoted string are content; elsewhere no line ends in blanks.
  if (!out.includes('"""')) assert.not.ok(/[ \t]$/m.test(out), "no trailing whitespace");
  assert.not.ok(out.includes("\r"), "LF only");
  return out;
}

test("the LANGUAGE.md example is laid out canonically", () => {
  const out = checkFormat(example);
  assert.ok(out.startsWith('# shop.box\nproject "shop"\nimport "./python-base.box" # templates and boxes of another file\n\n'));
  assert.ok(out.includes(`  apt {\n    "libpq5"\n    "curl=7.88.1-10+deb12u8"\n  }\n`));
  assert.ok(out.includes(`  resources {\n    cpu 1.5\n    memory 1GiB\n    disk 10GiB\n  }\n`));
  assert.ok(out.includes(`    GREETING = "it's $HOME \\"quoted\\"" # literal: no expansion in any target\n`));
  assert.ok(out.includes(`  pip { "numpy==1.16.1" }\n`));
  assert.ok(out.includes(`target docker { registry "ghcr.io/acme" }\ntarget compose\ntarget venv\n\ntarget vm "web" {\n`));
});

test("an exact canonical layout", () => {
  const src = [
    "// header",
    "",
    "",
    "box   api extends base( py=\"3.12\" ,) { os \"debian:12\"   python   py # why",
    "",
    "",
    "  # leading",
    "  apt{\"a\"}  env {A=\"1\"",
    "B   =  \"\\u{41}\\x\"}",
    "  run [ \"a\",\"b\", ]",
    "  # dangling",
    "}",
    "target venv",
    "target compose",
    "",
  ].join("\n");
  const out = fmt(src.replace('\\x', ''));
  assert.is(
    out,
    [
      "// header",
      "",
      'box api extends base(py = "3.12") {',
      '  os "debian:12"',
      "  python py # why",
      "",
      "  # leading",
      '  apt { "a" }',
      "  env {",
      '    A = "1"',
      '    B = "A"',
      "  }",
      '  run ["a", "b"]',
      "  # dangling",
      "}",
      "",
      "target venv",
      "target compose",
      "",
    ].join("\n"),
  );
});

test("comments everywhere are kept, in order", () => {
  const src = `# 1
project /* no */ "p"
`.replace("/* no */ ", "");
  checkFormat(src);
  const tricky = `box a # 2
{ # 3
  copy "x" # 4
    to "y" # 5
  run [ # 6
    "a", # 7
    "b" ] # 8
  pip { # 9
  } # 10
  # 11
} # 12
# 13
`;
  const out = checkFormat(tricky);
  const texts = [...out.matchAll(/# \d+/g)].map((m) => m[0]);
  assert.equal(texts, ["# 2", "# 3", "# 4", "# 5", "# 6", "# 7", "# 8", "# 9", "# 10", "# 11", "# 12", "# 13"]);
});

test("CRLF and BOM inputs format to the same LF output", () => {
  const lf = fmt(example);
  assert.is(fmt(example.replace(/\n/g, "\r\n")), lf);
  assert.is(fmt(`\uFEFF${example}`), lf);
});

test("strings are re-spelled canonically; triple-quoted strings stay triple-quoted when possible", () => {
  assert.is(fmt(`box a { build "\\u{9}\\u{7f}\\u{202e}é" }`), `box a {\n  build "\\t\\u{7f}\\u{202e}é"\n}\n`);
  assert.is(
    fmt(`box a {\n  build """\n      make\n        all\n      """\n}`),
    `box a {\n  build """\n    make\n      all\n    """\n}\n`,
  );
  assert.is(fmt(`box a { build """x"""  }`), `box a {\n  build """\n    x"""\n}\n`);
  // Common indentation cannot survive a triple-quoted string: it becomes a regular one.
  assert.is(fmt(`box a { build "  a\\n  b" }`), `box a {\n  build "  a\\n  b"\n}\n`);
});

test("unknown statements are kept as written", () => {
  const out = checkFormat(`box a {\n    pyhton "3.12"   { x =  1\n  }\n  os "d"\n}`);
  assert.is(out, `box a {\n  pyhton "3.12"   { x =  1\n  }\n  os "d"\n}\n`);
});

test("a file with syntax errors is not formatted", () => {
  const [out, ds] = formatSource("t.box", `box a { os }`);
  assert.is(out, null);
  assert.is(ds[0]!.code, "BOX1032");
});

test("empty and comment-only files", () => {
  assert.is(fmt(""), "");
  assert.is(fmt("\n\n"), "");
  assert.is(fmt("# a\n\n\n# b"), "# a\n\n# b\n");
});

test("property: generated files format idempotently and keep their AST", () => {
  let formatted = 0;
  fc.assert(
    fc.property(boxFile, (text) => {
      const r = parse(text);
      if (r.diagnostics.some((d) => d.severity === "error")) return;
      formatted++;
      checkFormat(text);
    }),
    { numRuns: 400 },
  );
  // The generator is meant to produce valid files; a drift there would hollow the property out.
  assert.ok(formatted > 300, `only ${formatted} of 400 generated files were valid`);
});

test.run();
