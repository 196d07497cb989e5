import { test } from "uvu";
import * as assert from "uvu/assert";
import { checkRequirement, normalizePackageName } from "../../src/check/values/index.ts";
import { brief, num, str } from "./lit.ts";
import type { StringLit } from "../../src/ast/types.ts";

const H1 = "sha256:" + "a".repeat(64);
const H2 = "sha256:" + "0123456789abcdef".repeat(4);

const good: [string, { line: string; name?: string; extras?: string[]; specifier?: string; pinned?: string | null; marker?: string | null }][] = [
  ["fastapi==0.115.0", { line: "fastapi==0.115.0", name: "fastapi", specifier: "==0.115.0", pinned: "0.115.0", marker: null }],
  ["uvicorn[standard]==0.30.6", { line: "uvicorn[standard]==0.30.6", extras: ["standard"], pinned: "0.30.6" }],
  ["numpy>=1.26,<2 ; python_version >= '3.10'", { line: "numpy<2,>=1.26; python_version >= '3.10'", specifier: "<2,>=1.26", pinned: null, marker: "python_version >= '3.10'" }],
  ["numpy==1.16.1", { line: "numpy==1.16.1", pinned: "1.16.1" }],
  ["Django", { line: "django", name: "django", specifier: "", pinned: null }],
  ["Foo_Bar.baz", { line: "foo-bar-baz", name: "foo-bar-baz" }],
  ["  requests  ", { line: "requests" }],
  ["pkg [B_x , a,a] ( >= 1.0 , != 1.5.* )", { line: "pkg[a,b-x]!=1.5.*,>=1.0", extras: ["a", "b-x"], specifier: "!=1.5.*,>=1.0" }],
  ["pkg[]", { line: "pkg", extras: [] }],
  ["pkg==1.0.*", { line: "pkg==1.0.*", pinned: null }],
  ["pkg==1.0,==1.0", { line: "pkg==1.0", pinned: "1.0" }],
  ["pkg==1.0+local.7", { line: "pkg==1.0+local.7", pinned: "1.0+local.7" }],
  ["pkg==1.0RC1", { line: "pkg==1.0RC1", pinned: "1.0RC1" }],
  ["pkg~=1.26", { line: "pkg~=1.26" }],
  ["pkg===weird-1", { line: "pkg===weird-1", pinned: null }],
  ["pkg===weird-1;os_name=='a'", { line: "pkg===weird-1 ; os_name == 'a'", specifier: "===weird-1", marker: "os_name == 'a'" }],
  ["pkg>=1!2.0.post1.dev3", { line: "pkg>=1!2.0.post1.dev3" }],
  ["pkg; os_name=='nt'or(sys_platform==\"linux\"and extra=='a')", { line: "pkg; os_name == 'nt' or (sys_platform == 'linux' and extra == 'a')" }],
  ["pkg; python_version in '3.8 3.9'", { line: "pkg; python_version in '3.8 3.9'" }],
  ["pkg; python_version not   in '3.8'", { line: "pkg; python_version not in '3.8'" }],
  ["pkg; '3.10' <= python_full_version", { line: "pkg; '3.10' <= python_full_version" }],
  ["pkg; platform_release == \"5.0'x\"", { line: "pkg; platform_release == \"5.0'x\"" }],
  ["pkg; implementation_name === 'cpython'", { line: "pkg; implementation_name === 'cpython'" }],
  ["pkg ; platform_machine ~= 'x' and platform_system != 'Windows' and platform_version > '1' and platform_python_implementation < 'z' and implementation_version >= '3'", {
    line: "pkg; platform_machine ~= 'x' and platform_system != 'Windows' and platform_version > '1' and platform_python_implementation < 'z' and implementation_version >= '3'",
  }],
  ["pkg; ((os_name == 'a'))", { line: "pkg; ((os_name == 'a'))" }],
];

for (const [input, want] of good) {
  test(`accepts ${JSON.stringify(input)}`, () => {
    const [r, ds] = checkRequirement(str(input), []);
    assert.equal(ds, []);
    assert.ok(r);
    for (const [k, v] of Object.entries(want)) assert.equal((r as unknown as Record<string, unknown>)[k], v, k);
    assert.equal(r.hashes, []);
  });
}

// [input, code@start-end relative to the opening quote]
const bad: [string, string][] = [
  ["-r requirements.txt", "BOX2111@1-3"],
  ["--index-url https://x", "BOX2111@1-12"],
  ["  -e .", "BOX2111@3-5"],
  ["pkg @ https://example.com/pkg.whl", "BOX2112@1-34"],
  ["pkg@1.0", "BOX2112@4-5"],
  ["pkg [x] @ file:///srv/pkg", "BOX2112@1-26"],
  ["git+https://github.com/a/b", "BOX2112@1-27"],
  ["./pkg", "BOX2112@1-6"],
  ["/srv/pkg", "BOX2112@1-9"],
  ["file:pkg", "BOX2112@1-9"],
  ["pkg/sub", "BOX2112@1-8"],
  ["pkg-1.0-py3-none-any.whl", "BOX2112@1-25"],
  ["pkg==${VERSION}", "BOX2113@6-8"],
  ["pkg; os_name == '${X}'", "BOX2113@18-20"],
  ["pkg\n==1.0", "BOX2114@4-5"],
  ["pkg==1.0\r", "BOX2114@9-10"],
  ["pkg\t==1.0", "BOX2114@4-5"],
  ["pkg==1.0 # pinned", "BOX2115@10-11"],
  ["pkg; os_name == '#'", "BOX2115@18-19"],
  ["pkg>=1.*", "BOX2116@4-9"],
  ["pkg==1.*.2", "BOX2116@4-11"],
  ["pkg==1.0rc1.*", "BOX2116@4-14"],
  ["pkg~=1", "BOX2116@4-7"],
  ["pkg~=1.0.*", "BOX2116@4-11"],
  ["pkg<=1.0+local", "BOX2116@4-15"],
  ["pkg==banana", "BOX2116@4-12"],
  ["pkg>=1.0,<=x.y", "BOX2116@10-15"],
  ["pkg===1.0,>=1", "BOX2116@4-10"],
  ["pkg; os.name == 'nt'", "BOX2117@6-13"],
  ["pkg; python_implementation == 'cpython'", "BOX2117@6-27"],
  ["pkg; pyton_version > '3'", "BOX2117@6-19"],
  ["", "BOX2110@1-2"],
  [">=1.0", "BOX2110@1-2"],
  ["pkg bar", "BOX2110@5-8"],
  ["pkg[a b]", "BOX2110@7-8"],
  ["pkg[", "BOX2110@5-6"],
  ["pkg==", "BOX2110@6-7"],
  ["pkg==1.0,", "BOX2110@10-11"],
  ["pkg (>=1.0", "BOX2110@11-12"],
  ["pkg;", "BOX2110@5-6"],
  ["pkg; os_name", "BOX2110@13-14"],
  ["pkg; os_name == 'nt", "BOX2110@17-20"],
  ["pkg; os_name == 'a\\b'", "BOX2110@19-20"],
  ["pkg; platform_version == 'a --index-url=x'", "BOX2110@29-30"],
  ["pkg; os_name not 'x'", "BOX2110@18-19"],
  ["pkg; (os_name == 'x'", "BOX2110@21-22"],
  ["pkg; os_name == 'x' and", "BOX2110@24-25"],
  ["pkg; os_name == 'x' xor os_name == 'y'", "BOX2110@21-24"],
  ["pkg-", "BOX2110@4-5"],
];

for (const [input, want] of bad) {
  test(`refuses ${JSON.stringify(input)} with ${want}`, () => {
    const [r, ds] = checkRequirement(str(input), []);
    assert.is(r, null);
    assert.equal(brief(ds), [want]);
    assert.ok(ds[0]!.help, "every requirement diagnostic has a help line");
  });
}

test("a string with escapes reports at the whole literal", () => {
  const node = str("pkg\n", { escaped: 1 });
  const [, ds] = checkRequirement(node, []);
  assert.equal(brief(ds), [`BOX2114@0-${node.end - node.start}`]);
});

test("deeply nested markers are an error, not a crash", () => {
  const deep = `pkg; ${"(".repeat(100000)}os_name == 'a'${")".repeat(100000)}`;
  const [r, ds] = checkRequirement(str(deep), []);
  assert.is(r, null);
  assert.equal(brief(ds), ["BOX2110@38-39"]);
  assert.match(ds[0]!.message, "markers may nest at most 32 parentheses deep");
  const ok = `pkg; ${"(".repeat(32)}os_name == 'a'${")".repeat(32)}`;
  assert.is(checkRequirement(str(ok), [])[0]?.line, ok);
});

test("a number is the wrong kind", () => {
  const [r, ds] = checkRequirement(num("3"), []);
  assert.is(r, null);
  assert.equal(ds.map((d) => [d.code, d.message]), [["BOX2100", "expected a string for a requirement, found the number 3"]]);
});

test("marker suggestions", () => {
  const [, a] = checkRequirement(str("pkg; os.name == 'nt'"), []);
  assert.is(a[0]!.help, "did you mean `os_name`?");
  const [, b] = checkRequirement(str("pkg; pyton_version > '3'"), []);
  assert.is(b[0]!.help, "did you mean `python_version`?");
});

test("hashes are sorted, unique and need an == pin", () => {
  const [r, ds] = checkRequirement(str("pkg==1.0"), [str(H2), str(H1), str(H2)]);
  assert.equal(ds, []);
  assert.equal(r!.hashes, [H2, H1].sort());
  assert.is(r!.line, "pkg==1.0", "hashes are not part of the line");

  const [r2, ds2] = checkRequirement(str("pkg>=1.0"), [str(H1)]);
  assert.is(r2, null);
  assert.equal(brief(ds2), ["BOX2120@0-10"]);
  assert.is(ds2[0]!.help, "pip's `--require-hashes` installs only exact pins: write `pkg==VERSION`");

  assert.equal(brief(checkRequirement(str("pkg==1.*"), [str(H1)])[1]), ["BOX2120@0-10"]);
});

test("bad hashes", () => {
  const cases: [string, string, string | undefined][] = [
    ["md5:" + "a".repeat(32), "BOX2119", undefined],
    ["sha1:" + "a".repeat(40), "BOX2119", undefined],
    ["sha256:" + "A".repeat(64), "BOX2118", "write `sha256:" + "a".repeat(64) + "`"],
    ["--hash=" + H1, "BOX2118", "write `" + H1 + "`"],
    ["sha256:abc", "BOX2118", "write `sha256:` followed by 64 lower-case hex digits, as `pip hash` prints it"],
    ["sha512:" + "a".repeat(128), "BOX2118", "write `sha256:` followed by 64 lower-case hex digits, as `pip hash` prints it"],
  ];
  for (const [h, code, help] of cases) {
    const [r, ds] = checkRequirement(str("pkg==1.0"), [str(h)]);
    assert.is(r, null, h);
    assert.equal(ds.map((d) => d.code), [code], h);
    if (help) assert.is(ds[0]!.help, help, h);
  }
  // Problems in the requirement and in a hash are all reported.
  const [, both] = checkRequirement(str("pkg>=*"), [str("md5:00"), num("1")]);
  assert.equal(both.map((d) => d.code), ["BOX2116", "BOX2119", "BOX2100"]);
});

test("PEP 503 names", () => {
  assert.is(normalizePackageName("Foo.Bar__baz-_-Q"), "foo-bar-baz-q");
  assert.is(normalizePackageName("zope.interface"), "zope-interface");
});

/** The same literal written elsewhere in the file. */
const moved = (lit: StringLit, by: number): StringLit => ({ ...lit, start: lit.start + by, end: lit.end + by });

test("a repeated requirement gives the same result, and a failure is reported at each occurrence", () => {
  const first = checkRequirement(str("Requests[security]>=2.32,<3"), []);
  const again = checkRequirement(moved(str("Requests[security]>=2.32,<3"), 100), []);
  assert.ok(first[0]);
  assert.is(again[0], first[0], "one shared IR object");
  assert.equal(again[1], []);
  const bad1 = checkRequirement(str("flask==3.0.x"), []);
  const bad2 = checkRequirement(moved(str("flask==3.0.x"), 50), []);
  assert.is(bad1[0], null);
  assert.is(bad2[0], null);
  assert.is.not(bad1[1][0]!.span!.start, bad2[1][0]!.span!.start);
  const h = "sha256:" + "a".repeat(64);
  const hashed = checkRequirement(str("flask==3.0.3"), [str(h)]);
  const plain = checkRequirement(str("flask==3.0.3"), []);
  assert.equal(hashed[0]!.hashes, [h]);
  assert.equal(plain[0]!.hashes, [], "the hashes are part of what is remembered");
});

test("a requirement shared between compiles (memoized by text) is frozen, so no caller can change another's", () => {
  const h = "sha256:" + "a".repeat(64);
  const [a] = checkRequirement(str("Flask[async]==3.0.3"), [str(h)]);
  const [b] = checkRequirement(str("Flask[async]==3.0.3"), [str(h)]);
  assert.ok(a !== null && a === b, "one object for one text");
  assert.ok(Object.isFrozen(a) && Object.isFrozen(a.extras) && Object.isFrozen(a.hashes));
  assert.throws(() => (a.hashes as string[]).push("x"));
});

test.run();
