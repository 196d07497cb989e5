import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type * as A from "../../src/ast/types.ts";
import { parse, parseOk, strip, where } from "./helpers.ts";

const example = readFileSync(join(import.meta.dirname, "fixtures/language-example.box"), "utf8");

const box = (body: string) => parseOk(`box a {\n${body}\n}`).statements[0] as A.BoxDecl;
const stmt = (body: string) => box(body).body.statements[0]!;
const str = (value: string, triple = false) => ({ kind: "String", value, triple });
const ref = (name: string) => ({ kind: "Ref", name });
const id = (name: string) => ({ kind: "Ident", name });
const num = (text: string) => ({ kind: "Number", text, value: Number(text) });

test("the complete example of LANGUAGE.md parses with zero diagnostics", () => {
  const r = parse(example);
  assert.equal(r.diagnostics, []);
  const ast = r.ast!;
  assert.equal(
    ast.statements.map((s) => s.kind),
    ["Project", "Import", "Template", "Box", "Box", "Box", "Box", "Target", "Target", "Target", "Target", "Target"],
  );
  assert.is(ast.comments.length, 7);
  assert.is(ast.comments[0]!.text, "# shop.box");
  const api = ast.statements[3] as A.BoxDecl;
  assert.equal(api.body.statements.map((s) => s.kind), [
    "Pip", "Apt", "Copy", "Env", "Secret", "Build", "Run", "Expose", "Health", "Resources",
    "Connect", "Connect", "Publish", "StopSignal",
  ]);
});

test("top-level declarations", () => {
  const ast = parseOk(`project "shop"\nimport "./a.box"\ntemplate t(p = "3.12", q) { python p }\n` +
    `box a extends t(p = "3.11", q = 1,) {}\nbox b extends a {}\nbox c extends t() {}\n` +
    `target docker\ntarget vm "web" { boxes [a, b,] disk 20GiB }`);
  assert.equal(strip(ast.statements), [
    { kind: "Project", name: str("shop") },
    { kind: "Import", path: str("./a.box") },
    {
      kind: "Template", name: id("t"),
      params: [{ kind: "Param", name: id("p"), default: str("3.12") }, { kind: "Param", name: id("q") }],
      body: { kind: "Body", statements: [{ kind: "Python", value: ref("p") }] },
    },
    {
      kind: "Box", name: id("a"),
      extends: { kind: "Extends", name: id("t"), args: [
        { kind: "Arg", name: id("p"), value: str("3.11") },
        { kind: "Arg", name: id("q"), value: num("1") },
      ] },
      body: { kind: "Body", statements: [] },
    },
    { kind: "Box", name: id("b"), extends: { kind: "Extends", name: id("a") }, body: { kind: "Body", statements: [] } },
    { kind: "Box", name: id("c"), extends: { kind: "Extends", name: id("t"), args: [] }, body: { kind: "Body", statements: [] } },
    { kind: "Target", targetKind: id("docker"), options: [] },
    {
      kind: "Target", targetKind: id("vm"), name: str("web"),
      options: [
        { kind: "TargetOption", name: id("boxes"), value: { kind: "List", items: [ref("a"), ref("b")] } },
        { kind: "TargetOption", name: id("disk"), value: { kind: "Size", text: "20GiB", amount: "20", unit: "GiB", bytes: 20 * 2 ** 30 } },
      ],
    },
  ]);
});

test("scalar statements", () => {
  const b = box(`os "debian:12" python "3.12" workdir "/srv" user "app" allow-root true image "redis:7"
    restart "always" stop-signal "SIGINT" build "make" run ["a", "b"] run "x"`);
  assert.equal(strip(b.body.statements), [
    { kind: "Os", value: str("debian:12") },
    { kind: "Python", value: str("3.12") },
    { kind: "Workdir", value: str("/srv") },
    { kind: "User", value: str("app") },
    { kind: "AllowRoot", value: { kind: "Bool", value: true } },
    { kind: "Image", value: str("redis:7") },
    { kind: "Restart", value: str("always") },
    { kind: "StopSignal", value: str("SIGINT") },
    { kind: "Build", value: str("make") },
    { kind: "Run", command: { kind: "List", items: [str("a"), str("b")] } },
    { kind: "Run", command: str("x") },
  ]);
});

test("pip with indexes and hashes", () => {
  assert.equal(strip(stmt(`pip {\n index "https://i" extra-index "https://e"\n "a==1" hash "sha256:aa" hash "sha256:bb"\n "b" }`)), {
    kind: "Pip",
    items: [
      { kind: "PipIndex", url: str("https://i") },
      { kind: "PipExtraIndex", url: str("https://e") },
      { kind: "PipRequirement", requirement: str("a==1"), hashes: [str("sha256:aa"), str("sha256:bb")] },
      { kind: "PipRequirement", requirement: str("b"), hashes: [] },
    ],
  });
});

test("apt, copy, env, secret", () => {
  const b = box(`apt { "curl" "libpq5=1.2" } copy "./a" to "/b" env { A = "1" b_2 = "x" project = "p" }
    secret TOKEN secret KEY file "/run/k"`);
  assert.equal(strip(b.body.statements), [
    { kind: "Apt", packages: [str("curl"), str("libpq5=1.2")] },
    { kind: "Copy", source: str("./a"), dest: str("/b") },
    { kind: "Env", entries: [
      { kind: "EnvEntry", name: id("A"), value: str("1") },
      { kind: "EnvEntry", name: id("b_2"), value: str("x") },
      { kind: "EnvEntry", name: id("project"), value: str("p") },
    ] },
    { kind: "Secret", name: id("TOKEN") },
    { kind: "Secret", name: id("KEY"), path: str("/run/k") },
  ]);
});

test("expose, connect, volume, publish", () => {
  const b = box(`expose 8080 expose 53 udp expose 1 tcp connect db port 5432 connect cache
    volume "v" at "/d" volume "w" at "/e" size 1.5GiB publish 8080 on 80 publish 9000`);
  assert.equal(strip(b.body.statements), [
    { kind: "Expose", port: num("8080") },
    { kind: "Expose", port: num("53"), protocol: id("udp") },
    { kind: "Expose", port: num("1"), protocol: id("tcp") },
    { kind: "Connect", box: id("db"), port: num("5432") },
    { kind: "Connect", box: id("cache") },
    { kind: "Volume", name: str("v"), path: str("/d") },
    { kind: "Volume", name: str("w"), path: str("/e"), size: { kind: "Size", text: "1.5GiB", amount: "1.5", unit: "GiB", bytes: 1610612736 } },
    { kind: "Publish", port: num("8080"), hostPort: num("80") },
    { kind: "Publish", port: num("9000") },
  ]);
});

test("health and resources", () => {
  const b = box(`health { http "/h" port 8080 command ["x"] every 10s timeout 3s retries 3 start 500ms bogus 1 }
    resources { cpu 1.5 memory 1GiB disk 10GB gpu 2 }`);
  const dur = (text: string, amount: string, unit: string, ms: number) => ({ kind: "Duration", text, amount, unit, ms });
  assert.equal(strip(b.body.statements), [
    { kind: "Health", entries: [
      { kind: "HealthEntry", key: id("http"), value: str("/h"), port: num("8080") },
      { kind: "HealthEntry", key: id("command"), value: { kind: "List", items: [str("x")] } },
      { kind: "HealthEntry", key: id("every"), value: dur("10s", "10", "s", 10_000) },
      { kind: "HealthEntry", key: id("timeout"), value: dur("3s", "3", "s", 3000) },
      { kind: "HealthEntry", key: id("retries"), value: num("3") },
      { kind: "HealthEntry", key: id("start"), value: dur("500ms", "500", "ms", 500) },
      { kind: "HealthEntry", key: id("bogus"), value: num("1") },
    ] },
    { kind: "Resources", entries: [
      { kind: "ResourceEntry", key: id("cpu"), value: { kind: "Number", text: "1.5", value: 1.5 } },
      { kind: "ResourceEntry", key: id("memory"), value: { kind: "Size", text: "1GiB", amount: "1", unit: "GiB", bytes: 2 ** 30 } },
      { kind: "ResourceEntry", key: id("disk"), value: { kind: "Size", text: "10GB", amount: "10", unit: "GB", bytes: 1e10 } },
      { kind: "ResourceEntry", key: id("gpu"), value: num("2") },
    ] },
  ]);
});

test("sizes and durations of every unit, exactly", () => {
  const units: [string, number][] = [["B", 1], ["KB", 1e3], ["MB", 1e6], ["GB", 1e9], ["TB", 1e12], ["KiB", 1024], ["MiB", 2 ** 20], ["GiB", 2 ** 30], ["TiB", 2 ** 40]];
  for (const [u, m] of units) {
    const s = stmt(`resources { memory 3${u} }`) as A.ResourcesStatement;
    assert.equal((s.entries[0]!.value as A.SizeLit).bytes, 3 * m, u);
  }
  const s = stmt(`resources { disk 1.1KB }`) as A.ResourcesStatement;
  assert.is((s.entries[0]!.value as A.SizeLit).bytes, 1100);
  const h = stmt(`health { every 2h timeout 1m start 1.5s }`) as A.HealthStatement;
  assert.equal(h.entries.map((e) => (e.value as A.DurationLit).ms), [7_200_000, 60_000, 1500]);
  const v = stmt(`python 24.04`) as A.ScalarStatement;
  assert.equal(strip(v.value), { kind: "Number", text: "24.04", value: 24.04 });
});

test("keywords are contextual: boxes named like statements, statements named like words", () => {
  const ast = parseOk(`box run { run "x" connect cache }\nbox cache { expose 1 }\nbox python { connect run }`);
  assert.equal(ast.statements.map((s) => (s as A.BoxDecl).name.name), ["run", "cache", "python"]);
  const third = ast.statements[2] as A.BoxDecl;
  assert.equal(strip(third.body.statements[0]), { kind: "Connect", box: id("run") });
});

test("unknown statements keep their name and skip their arguments", () => {
  const b = box(`pyhton "3.12"\ncpy "a" to "b"\nhelth { http "/x" port 1 }\nos "debian:12"\nfoo bar`);
  assert.equal(strip(b.body.statements), [
    { kind: "Unknown", name: id("pyhton") },
    { kind: "Unknown", name: id("cpy") },
    { kind: "Unknown", name: id("helth") },
    { kind: "Os", value: str("debian:12") },
    { kind: "Unknown", name: id("foo") },
    { kind: "Unknown", name: id("bar") },
  ]);
  const u = b.body.statements[2] as A.UnknownStatement;
  assert.equal([u.start, u.end - u.start], [u.name.start, `helth { http "/x" port 1 }`.length]);
});

test("strings: escapes, unicode, triple-quoted with indentation removed", () => {
  const s = (src: string) => ((stmt(`build ${src}`) as A.ScalarStatement).value as A.StringLit).value;
  assert.is(s(String.raw`"a\"b\\c\nd\te\rf"`), 'a"b\\c\nd\te\rf');
  assert.is(s(String.raw`"\u{e9}\u{1F600}\u{0}"`), "é😀\0");
  assert.is(s(`"it's $HOME \`x\`"`), "it's $HOME `x`");
  assert.is(s(`"""\n    line 1\n      line 2\n    """`), "line 1\n  line 2\n");
  assert.is(s(`"""abc"""`), "abc");
  assert.is(s(`"""\r\n  a\r\n  b"""`), "a\nb");
  assert.is(s(`"""\n  a\n\n  b"""`), "a\n\nb");
  assert.is(s(`"""\n  \\n "quoted" $x"""`), '\\n "quoted" $x');
  assert.is(((stmt(`build """x"""`) as A.ScalarStatement).value as A.StringLit).triple, true);
});

test("lists nest, allow a trailing comma, and may be empty", () => {
  const v = (stmt(`run [[], ["a",], [1, [true, false]],]`) as A.RunStatement).command;
  assert.equal(strip(v), {
    kind: "List",
    items: [
      { kind: "List", items: [] },
      { kind: "List", items: [str("a")] },
      { kind: "List", items: [num("1"), { kind: "List", items: [{ kind: "Bool", value: true }, { kind: "Bool", value: false }] }] },
    ],
  });
});

test("spans are half-open offsets of the source", () => {
  const text = `box a {\n  copy "./x" to "/y"\n}`;
  const b = parseOk(text).statements[0] as A.BoxDecl;
  const c = b.body.statements[0] as A.CopyStatement;
  assert.is(text.slice(c.start, c.end), `copy "./x" to "/y"`);
  assert.is(text.slice(c.start, c.keywordEnd), "copy");
  assert.is(text.slice(c.dest.start, c.dest.end), `"/y"`);
  assert.is(text.slice(b.start, b.end), text);
  assert.is(text.slice(b.body.start, b.body.end), text.slice(6));
});

test("comments of both kinds are collected, statements may share lines", () => {
  const ast = parseOk(`# a\nbox x { os "y" // b\n python "3" } # c`);
  assert.equal(ast.comments.map((c) => c.text), ["# a", "// b", "# c"]);
  assert.equal((ast.statements[0] as A.BoxDecl).body.statements.length, 2);
});

test("CRLF and BOM inputs give the same AST as LF (modulo offsets)", () => {
  const lf = parse(example);
  const crlf = parse(example.replace(/\n/g, "\r\n"));
  const bom = parse(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(example)]));
  const bomString = parse(`\uFEFF${example}`);
  assert.equal(crlf.diagnostics, []);
  assert.equal(bom.diagnostics, []);
  assert.equal(strip(crlf.ast), strip(lf.ast));
  assert.equal(strip(bom.ast), strip(lf.ast));
  assert.equal(bom.ast, lf.ast, "the BOM is removed before offsets are counted");
  assert.equal(bomString.ast, lf.ast);
});

test("syntax errors: exact positions, several per file", () => {
  assert.equal(where(`box a {\n  os "debian:12\n  python "3.12"\n}`), [
    "2:6 BOX1011 unterminated string",
  ]);
  assert.equal(where(`box a {\n  build "a\\qb"\n}`), ["2:11 BOX1012 invalid escape `\\q` in a string"]);
  assert.equal(where(`box a { build "\\u{110000}" }`), ["1:16 BOX1013 invalid unicode escape `\\u{110000}`: above `10FFFF`"]);
  assert.equal(where(`box a { build "\\u{d800}" }`), ["1:16 BOX1013 invalid unicode escape `\\u{d800}`: a surrogate is not a character"]);
  assert.equal(where(`box a { build "\\u{}" }`), ["1:16 BOX1013 invalid unicode escape `\\u{}`: no hexadecimal digits"]);
  assert.equal(where(`box a { build "\\u{1234567}" }`), ["1:16 BOX1013 invalid unicode escape `\\u{1234567}`: more than 6 hexadecimal digits"]);
  assert.equal(where(`box a { build "\\u41" }`), ["1:16 BOX1013 invalid unicode escape `\\u`: expected `{` after `\\u`"]);
  assert.equal(where(`box a {\n  os ~ "x"\n}`), ["2:6 BOX1010 unexpected character `~`"]);
  assert.equal(where(`box a {\n  resources { memory 10sec disk 1GB2 }\n}`), [
    "2:24 BOX1016 invalid unit `sec` in `10sec`",
    "2:34 BOX1016 invalid unit `GB2` in `1GB2`",
  ]);
  assert.equal(where(`box a { python 3.12.1 }`), ["1:16 BOX1017 malformed number `3.12.1`"]);
  assert.equal(where(`box a {\n  build """\n  x\n`), [
    "2:9 BOX1014 unterminated triple-quoted string",
    "4:1 BOX1031 expected `}` to close the box body opened here, found end of file",
  ]);
  assert.equal(where(`box a {\n  os "x"\n`), ["3:1 BOX1031 expected `}` to close the box body opened here, found end of file"]);
  assert.equal(where(`box a {\n  os\n}`), ["3:1 BOX1032 expected a value, found `}`"]);
  assert.equal(where(`boks a {}\nbox b {}`), ["1:1 BOX1033 expected a declaration, found `boks`"]);
  assert.equal(where(`box a {}\n}`), ["2:1 BOX1034 unexpected `}` with nothing to close"]);
  assert.equal(where(`box a { pip { "x" = "y" } env { A "x" } }`), [
    "1:19 BOX1030 expected a requirement string, `index` or `extra-index`, found `=`",
    "1:35 BOX1030 expected `=`, found string `\"x\"`",
  ]);
  assert.equal(where(`box a { "stray" os "x" }`), ["1:9 BOX1030 expected a statement, found string `\"stray\"`"]);
  assert.equal(where(`template t(a, b = 1 { }`), ["1:21 BOX1031 expected `)` to close the parameter list opened here, found `{`"]);
  assert.equal(where(`target vm "x" { boxes [a, b`), ["1:28 BOX1031 expected `]` to close the list opened here, found end of file"]);
});

test("a missing `}` points back at the `{` it should close, and parsing goes on", () => {
  const text = `box a {\n  os "x"\n\nbox b {\n  os "y"\n}\n`;
  const r = parse(text);
  assert.is(r.diagnostics.length, 1);
  const d = r.diagnostics[0]!;
  assert.is(d.code, "BOX1031");
  assert.is(d.message, "expected `}` to close the box body opened here, found `box`");
  assert.is(d.related[0]!.span.start, text.indexOf("{"));
  assert.equal(r.ast!.statements.map((s) => (s as A.BoxDecl).name.name), ["a", "b"]);
});

test("an ast is returned with syntax errors when recovery produced one", () => {
  const r = parse(`box a { os "x" = }\nbox b { pyhton "3" }`);
  assert.ok(r.diagnostics.length > 0);
  assert.equal(r.ast!.statements.map((s) => s.kind), ["Box", "Box"]);
  assert.equal(strip((r.ast!.statements[1] as A.BoxDecl).body.statements), [{ kind: "Unknown", name: id("pyhton") }]);
});

test("a statement that fails midway is kept with what was parsed before the error, and so are the rules around it", () => {
  // `apt` fails at `[`; recovery resumes in the body, which then lacks its `}` at the end.
  const text = `box app {\n  os "debian:12"\n  apt ["python"]\n}\n`;
  const r = parse(text);
  assert.equal(r.diagnostics.map((d) => `${d.code}@${d.span!.start}`), [`BOX1030@${text.indexOf("[")}`, `BOX1031@${text.length}`]);
  const b = r.ast!.statements[0] as A.BoxDecl;
  assert.equal(b.body.statements.map((s) => [s.kind, s.end]), [["Os", text.indexOf("\n  apt")], ["Apt", text.length - 1]]);
});

test("tokens skipped inside a dropped body are not reported again", () => {
  // The body's `{` is missing: the box is dropped, with the `pip` block recovery made of it.
  const r = parse(`box a pip pp extends svc( {\n}\n`);
  assert.equal(r.ast!.statements, []);
  assert.equal(r.diagnostics.map((d) => `${d.code}@${d.span!.start}`), ["BOX1030@6", "BOX1030@10", "BOX1031@26", "BOX1031@30"]);
});

test("an unknown statement spans every real token it swallowed, even in an unclosed list", () => {
  const text = `box a {\n  fo "x" [1, 2,\n}\n`;
  const r = parse(text);
  const st = (r.ast!.statements[0] as A.BoxDecl).body.statements[0]!;
  assert.is(st.kind, "Unknown");
  assert.is(st.end, text.indexOf("2,") + 2);
});

test("invisible characters: error in code and strings, warning in comments", () => {
  assert.equal(where(`box a { os "a\u202Eb" }`), ["1:14 BOX1004 invisible character U+202E in the source"]);
  assert.equal(where(`box a {\u200B}`), ["1:8 BOX1004 invisible character U+200B in the source"]);
  assert.equal(where(`box a { python "3" } # \u2066x\u2069`), [
    "1:24 BOX1005 invisible character U+2066 in a comment",
    "1:26 BOX1005 invisible character U+2069 in a comment",
  ]);
  for (const ch of ["\u061C", "\u200E", "\u200F", "\u200D", "\u2060", "\u2064", "\u00AD", "\uFEFF"]) {
    const r = parse(`box a { os "${ch}" }`);
    assert.equal(r.diagnostics.map((d) => d.code), ["BOX1004"], `U+${ch.codePointAt(0)!.toString(16)}`);
  }
  const d = parse(`box a { os "\u202E" }`).diagnostics[0]!;
  assert.match(d.help!, /Trojan Source/);
});

test("decoding: invalid UTF-8, NUL, size limit", () => {
  const bytes = new Uint8Array([...new TextEncoder().encode('box a {\n  os "x'), 0xff, ...new TextEncoder().encode('"\n}')]);
  const r = parse(bytes);
  assert.is(r.ast, null);
  assert.equal(r.diagnostics.map((d) => d.message), ["invalid UTF-8 byte `0xFF` at line 2, column 8"]);
  assert.equal(r.diagnostics[0]!.span, { file: "t.box", start: 15, end: 16 });
  // The file comes back as its lossy decoding, for the code frame: the span covers the U+FFFD.
  assert.is(r.file?.text.slice(15, 16), "\ufffd");
  assert.equal(r.file?.lineCol(15), { line: 2, col: 8 });
  for (const bad of [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]) {
    assert.is(parse(new Uint8Array([0x61, ...bad])).diagnostics[0]!.code, "BOX1001", bad.join(","));
  }
  assert.equal(where(new TextEncoder().encode("box a {\n\0}")), ["2:1 BOX1002 NUL character in the source"]);
  const big = new Uint8Array(16 * 1024 * 1024 + 1).fill(0x20);
  const rb = parse(big);
  assert.equal(rb.diagnostics.map((d) => d.code), ["BOX1003"]);
  assert.is(rb.ast, null);
  assert.is(rb.file?.text, "", "a file over the limit is not decoded");
});

test.run();
