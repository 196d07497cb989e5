import { test } from "uvu";
import * as assert from "uvu/assert";
import * as V from "../../src/check/values/index.ts";
import { brief, ident, num, str } from "./lit.ts";

test("absolute paths", () => {
  for (const p of ["/", "/srv/app", "/var/lib/postgresql/data", "/a b/c$d", "/.hidden/x", "/a/..b/c..", "/run/secrets/pw"]) {
    assert.equal(V.checkAbsPath(str(p), "workdir"), [p, []], p);
  }
  assert.equal(V.checkAbsPath(str("/srv/app/"), "copy destination", { allowTrailingSlash: true }), ["/srv/app/", []]);

  const bad: [string, string, string?][] = [
    ["srv/app", "BOX2160@0-9"],
    ["", "BOX2160@0-2"],
    ["/srv//app", "BOX2161@5-7", "write `/srv/app`"],
    ["/srv/./app", "BOX2161@5-7", "write `/srv/app`"],
    ["/srv/../etc", "BOX2161@5-8", "write `/etc`"],
    ["/srv/app/.", "BOX2161@9-11", "write `/srv/app`"],
    ["/srv/app/", "BOX2161@9-10", "write `/srv/app`"],
    ["/data:ro", "BOX2162@6-7"],
    ["/srv\napp", "BOX2101@5-6"],
    ["/srv\u2028app", "BOX2101@5-6"],
  ];
  for (const [p, want, help] of bad) {
    const [r, ds] = V.checkAbsPath(str(p), "workdir");
    assert.is(r, null, p);
    assert.equal(brief(ds), [want], p);
    if (help) assert.is(ds[0]!.help, help, p);
  }
  const [, ds] = V.checkAbsPath(str("/srv/app//", { escaped: 0 }), "copy destination", { allowTrailingSlash: true });
  assert.equal(brief(ds), ["BOX2161@9-11"]);
  assert.equal(V.checkAbsPath(str("/srv/a\n"), "workdir")[1][0]!.message, "workdir contains a newline (U+000A)");
  assert.equal(V.checkAbsPath(num("1"), "workdir")[1][0]!.message, "expected a string for workdir, found the number 1");
});

test("environment names", () => {
  for (const n of ["LOG_LEVEL", "_x", "a1", "DATABASE_URL"]) assert.equal(V.checkEnvName(ident(n)), [n, []]);
  const [r, ds] = V.checkEnvName(ident("LOG-LEVEL"));
  assert.is(r, null);
  assert.equal(brief(ds), ["BOX2170@3-4"]);
  assert.is(ds[0]!.message, "`LOG-LEVEL` is not a valid environment variable name");
  assert.is(ds[0]!.help, "environment variable names are letters, digits and `_`: write `LOG_LEVEL`");
  const [, s] = V.checkSecretName(ident("db-password"));
  assert.is(s[0]!.message, "`db-password` is not a valid secret name");
  assert.equal(brief(V.checkEnvName(ident("1X"))[1]), ["BOX2170@0-2"]);
});

test("environment values", () => {
  for (const v of ["", "info", "it's $HOME \"quoted\" `x` \\n", "ünïcødé ✓", "a b"]) assert.equal(V.checkEnvValue(str(v)), [v, []], v);
  const bad: [string, string, string][] = [
    ["a\nb", "BOX2171@2-3", "environment value contains a newline (U+000A), which not every target can carry"],
    ["a\tb", "BOX2171@2-3", "environment value contains a tab (U+0009), which not every target can carry"],
    ["\r", "BOX2171@1-2", "environment value contains a carriage return (U+000D), which not every target can carry"],
    ["x\u0000", "BOX2171@2-3", "environment value contains a NUL character (U+0000), which not every target can carry"],
    ["x\u0085", "BOX2171@2-3", "environment value contains a next-line character (U+0085), which not every target can carry"],
    ["x\u2029", "BOX2171@2-3", "environment value contains a paragraph separator (U+2029), which not every target can carry"],
    ["x\u007f", "BOX2171@2-3", "environment value contains a DEL character (U+007F), which not every target can carry"],
    ["x\u0007", "BOX2171@2-3", "environment value contains a control character (U+0007), which not every target can carry"],
  ];
  for (const [v, want, message] of bad) {
    const [r, ds] = V.checkEnvValue(str(v));
    assert.is(r, null);
    assert.equal(brief(ds), [want], JSON.stringify(v));
    assert.is(ds[0]!.message, message);
    assert.ok(ds[0]!.help?.includes("`secret`"));
  }
  // Written with an escape (`"a\nb"`): the whole literal.
  assert.equal(brief(V.checkEnvValue(str("a\nb", { escaped: 1 }))[1]), ["BOX2171@0-6"]);
});

test("checkNoControl", () => {
  assert.equal(V.checkNoControl(str("python -m x"), "a build command"), ["python -m x", []]);
  const [, ds] = V.checkNoControl(str("a\u001bb"), "a build command", "custom help");
  assert.equal(brief(ds), ["BOX2101@2-3"]);
  assert.is(ds[0]!.message, "a build command contains an escape character (U+001B)");
  assert.is(ds[0]!.help, "custom help");
});

test("dns labels", () => {
  for (const n of ["api", "legacy-model", "a", "db2", "0abc", "x".repeat(63)]) assert.equal(V.checkDnsLabel(ident(n), "box"), [n, []], n);
  assert.equal(V.checkDnsLabel(str("cache-data"), "volume"), ["cache-data", []]);
  assert.equal(V.checkVolumeName(str("db-data")), ["db-data", []]);

  const bad: [string, string, string][] = [
    ["Api", "BOX2190@0-1", "names become DNS, container and file names: write `api`"],
    ["myAPI", "BOX2190@2-3", "names become DNS, container and file names: write `myapi`"],
    ["my_box", "BOX2191@2-3", "use lower-case letters, digits and `-`, at most 63 characters, starting and ending with a letter or digit"],
    ["My_Box", "BOX2191@0-1", "use lower-case letters, digits and `-`, at most 63 characters, starting and ending with a letter or digit"],
    ["api-", "BOX2191@3-4", "use lower-case letters, digits and `-`, at most 63 characters, starting and ending with a letter or digit"],
    ["x".repeat(64), "BOX2191@63-64", "use lower-case letters, digits and `-`, at most 63 characters, starting and ending with a letter or digit"],
    ["con", "BOX2192@0-3", "`con` is a device name on Windows and cannot name a file or folder there; choose another name"],
    ["lpt9", "BOX2192@0-4", "`lpt9` is a device name on Windows and cannot name a file or folder there; choose another name"],
    ["nul", "BOX2192@0-3", "`nul` is a device name on Windows and cannot name a file or folder there; choose another name"],
  ];
  for (const [n, want, help] of bad) {
    const [r, ds] = V.checkDnsLabel(ident(n), "box");
    assert.is(r, null, n);
    assert.equal(brief(ds), [want], n);
    assert.is(ds[0]!.help, help, n);
  }
  assert.is(V.checkDnsLabel(ident("my_box"), "box")[1][0]!.message, "box name `my_box` is not a valid DNS label: `_` is not allowed");
  // A string name: spans point inside the quotes.
  assert.equal(brief(V.checkDnsLabel(str("Cache"), "volume")[1]), ["BOX2190@1-2"]);
  assert.equal(brief(V.checkDnsLabel(str(""), "vm")[1]), ["BOX2191@0-2"]);
  assert.equal(brief(V.checkDnsLabel(str("a b"), "vm")[1]), ["BOX2191@2-3"]);
  assert.equal(V.checkDnsLabel(num("1"), "vm")[1][0]!.code, "BOX2100");
  // Namespaces are DNS labels; Windows names do not matter there.
  assert.equal(V.checkNamespace(str("con")), ["con", []]);
  assert.equal(brief(V.checkNamespace(str("Shop"))[1]), ["BOX2190@1-2"]);
});

test("user names", () => {
  for (const n of ["app", "postgres", "_svc", "www-data", "a1_b", "root", "x".repeat(32)]) assert.equal(V.checkUserName(str(n)), [n, []], n);
  const bad: [string, string, string][] = [
    ["App", "BOX2195@1-2", "it starts with an upper-case letter; write `app`"],
    ["1app", "BOX2195@1-2", "it starts with `1`"],
    ["-app", "BOX2195@1-2", "it starts with `-`"],
    ["app$", "BOX2195@4-5", "`$` is not allowed"],
    ["my app", "BOX2195@3-4", "` ` is not allowed"],
    ["x".repeat(33), "BOX2195@33-34", "it is 33 characters long (at most 32)"],
    ["", "BOX2195@0-2", "it is empty"],
  ];
  for (const [n, want, reason] of bad) {
    const [r, ds] = V.checkUserName(str(n));
    assert.is(r, null, n);
    assert.equal(brief(ds), [want], n);
    assert.is(ds[0]!.message, `\`${n}\` is not a valid user name: ${reason}`);
  }
});

test.run();
