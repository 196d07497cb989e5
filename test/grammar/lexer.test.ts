import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { tokenize, KEYWORDS } from "../../grammar/tokens.ts";

const kinds = (text: string) => tokenize(text).tokens.map((t) => `${t.tokenType.name}:${t.image}`);

test("identifiers, contextual keywords, single-word hyphenated keywords", () => {
  assert.equal(kinds("box api-2 stop-signal allow-root extra-index _x x_y-z"), [
    "Kw_box:box", "Identifier:api-2", "Kw_stop_signal:stop-signal", "Kw_allow_root:allow-root",
    "Kw_extra_index:extra-index", "Identifier:_x", "Identifier:x_y-z",
  ]);
  // A keyword prefix is an identifier, not a keyword followed by more.
  assert.equal(kinds("boxes osx runner"), ["Identifier:boxes", "Identifier:osx", "Identifier:runner"]);
  assert.is(KEYWORDS.length, new Set(KEYWORDS.map((k) => k.name)).size);
});

test("numbers keep their text and swallow what follows them", () => {
  assert.equal(kinds("8080 24.04 512MiB 1.5GiB 10s 250ms 10sec 1GB2 3.12.1"), [
    "NumberLiteral:8080", "NumberLiteral:24.04", "NumberLiteral:512MiB", "NumberLiteral:1.5GiB",
    "NumberLiteral:10s", "NumberLiteral:250ms", "NumberLiteral:10sec", "NumberLiteral:1GB2", "NumberLiteral:3.12.1",
  ]);
});

test("strings, triple strings, unterminated ones", () => {
  const r = tokenize(`"a\\"b" """x\n"y"\n""" "open\n"\\" """rest`);
  assert.equal(r.tokens.map((t) => [t.tokenType.name, t.image, t.payload]), [
    ["StringLiteral", `"a\\"b"`, false],
    ["TripleString", `"""x\n"y"\n"""`, false],
    ["StringLiteral", `"open`, true],
    ["StringLiteral", `"\\" "`, false],
    ["StringLiteral", `""`, false],
    ["Identifier", "rest", undefined],
  ]);
  assert.equal(tokenize(`"abc\\`).tokens.map((t) => [t.image, t.payload]), [[`"abc\\`, true]]);
  assert.equal(kinds(`"" """"""`), [`StringLiteral:""`, `TripleString:""""""`]);
});

test("comments of both kinds, to the end of the line, CRLF too", () => {
  const r = tokenize(`a # one "x" {\r\nb // two\n# three`);
  assert.equal(r.comments.map((c) => c.image), [`# one "x" {`, "// two", "# three"]);
  assert.equal(r.tokens.map((t) => t.image), ["a", "b"]);
});

test("punctuation and unexpected characters", () => {
  const r = tokenize("{ } [ ] ( ) , = ~ ; a");
  assert.equal(r.tokens.map((t) => t.image), ["{", "}", "[", "]", "(", ")", ",", "=", "a"]);
  assert.equal(r.errors, [{ offset: 16, length: 1 }, { offset: 18, length: 1 }]);
});

test("offsets are UTF-16 offsets of the text", () => {
  const r = tokenize(`"é😀" x`);
  assert.equal(r.tokens.map((t) => t.startOffset), [0, 6]);
});

test("the whole LANGUAGE.md example lexes without errors", () => {
  const text = readFileSync(join(import.meta.dirname, "fixtures/language-example.box"), "utf8");
  const r = tokenize(text);
  assert.equal(r.errors, []);
  assert.ok(r.tokens.length > 200);
});

test("the TextMate grammar is valid and names the language scopes", () => {
  const g = JSON.parse(readFileSync(join(import.meta.dirname, "../../grammar/box.tmLanguage.json"), "utf8"));
  assert.is(g.scopeName, "source.box");
  const regexes: RegExp[] = [];
  const walk = (o: unknown): void => {
    if (o === null || typeof o !== "object") return;
    for (const [k, v] of Object.entries(o)) {
      if ((k === "match" || k === "begin" || k === "end") && typeof v === "string") regexes.push(new RegExp(v));
      else walk(v);
    }
  };
  walk(g);
  assert.ok(regexes.length > 15);
  const repo = g.repository;
  const find = (name: string) => new RegExp(repo.values.patterns.find((p: { name?: string }) => p.name === name).match);
  assert.ok(find("constant.numeric.size.box").test("512MiB"));
  assert.not.ok(find("constant.numeric.size.box").test("10sec"));
  assert.ok(find("constant.numeric.duration.box").test("10s"));
  assert.ok(find("invalid.illegal.number.box").test("1GB2"));
  assert.ok(new RegExp(repo.string.patterns[0].match).test("\\u{1F600}"));
  assert.ok(new RegExp(repo.comments.patterns[1].match).test("// x"));
});

test.run();
