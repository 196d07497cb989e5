/**
 * The hostile tests' own readers must notice what the consumers would expand, or a passing
 * property would prove nothing: each model is checked here on the cases it exists to catch.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { composeRead, systemdCommandLine, systemdEnvFile, systemdSpecifiers, parseUnit } from "./readers.ts";
import { hclDecode } from "./hcl.ts";
import { boxLiteral } from "./gen.ts";

test("compose: `$$` is a dollar, any other `$` is interpolation", () => {
  assert.equal(composeRead("a$$b"), { value: "a$b", expands: false });
  for (const s of ["$x", "${x}", "$", "a$ b", "$$$"]) assert.ok(composeRead(s).expands, s);
});

test("systemd: specifiers, quoting, C escapes and `$` substitution", () => {
  assert.equal(systemdSpecifiers("100%%"), { value: "100%", expands: false });
  assert.ok(systemdSpecifiers("%h").expands);
  assert.equal(systemdCommandLine(`"/bin/a" "b c" "d\\"e" "$$x" "%%" ""`), { prefix: "", words: ["/bin/a", "b c", 'd"e', "$x", "%", ""], expands: false });
  assert.equal(systemdCommandLine(`-/bin/a x\\x41`).prefix, "-");
  assert.equal(systemdCommandLine(`/bin/a x\\x41`).words, ["/bin/a", "xA"]);
  for (const s of [`/bin/a $HOME`, `/bin/a "\${X}"`, `/bin/a %u`]) assert.ok(systemdCommandLine(s).expands, s);
  assert.throws(() => systemdCommandLine(`/bin/a "open`));
  assert.equal(parseUnit("[Service]\n# c\nExecStart=/bin/a \\\n  b\n"), [{ section: "Service", key: "ExecStart", value: "/bin/a  b" }]);
});

test("systemd env files: quotes, escapes, comments, trailing space", () => {
  const m = systemdEnvFile(`# c\nA="x\\"y\\\\z\\$w\\q"\nB='it"s'\nC=plain  \nD=a\\ b\n`);
  assert.equal([...m], [["A", 'x"y\\z$w\\q'], ["B", 'it"s'], ["C", "plain"], ["D", "a b"]]);
});

test("HCL: escapes decode; `${` and `%{` are found unless doubled", () => {
  assert.equal(hclDecode(`"a\\"b\\\\c\\n\\u00e9$\${x}%%{y}"`), { value: 'a"b\\c\né${x}%{y}', expands: [] });
  assert.equal(hclDecode(`"a\${var.x}b%{ if true }c%{ endif }"`).expands, ["${var.x}", "%{ if true }", "%{ endif }"]);
  assert.throws(() => hclDecode(`"a\\qb"`));
});

test(".box literals: escapes only where the lexer needs them", () => {
  assert.is(boxLiteral('a"b\\c\nd\u2028', false), '"a\\"b\\\\c\\nd\\u{2028}"');
  assert.is(boxLiteral("a\u2028", true), '"a\u2028"');
});

test.run();
