import { test } from "uvu";
import * as assert from "uvu/assert";
import { canonicalJson, environmentDocument, environmentJson, fingerprint } from "../../src/ir/fingerprint.ts";
import type { Box } from "../../src/ir/types.ts";
import { box, req } from "../fixtures/ir.ts";

const base = box("api", {
  pip: { indexUrl: null, extraIndexUrls: [], requirements: [req("fastapi", "==0.115.0")], hashed: false },
  apt: [{ name: "curl", version: null }],
  env: [{ name: "LOG_LEVEL", value: "info" }],
  files: [{ source: "api", sourceKind: "dir", dest: "/srv/app" }],
});

const GOLDEN = "4003e856b5fe48e56fea4214767eb4f4768f9f0f2bcc1abb334e22f068fb4e61";

test("canonical JSON: sorted keys, no whitespace, arrays in order", () => {
  assert.is(canonicalJson({ b: 1, a: [3, { d: null, c: "x\"" }] }), '{"a":[3,{"c":"x\\"","d":null}],"b":1}');
  assert.is(canonicalJson("é"), '"é"');
});

test("golden fingerprint (changing it changes every artifact: update docs/ir.md too)", () => {
  assert.is(
    canonicalJson(environmentDocument(base)),
    '{"apt":[{"name":"curl","version":null}],"env":[{"name":"LOG_LEVEL","value":"info"}],"files":[{"dest":"/srv/app","kind":"dir","source":"api"}],"fingerprintVersion":1,"image":null,"os":"debian:12","pip":{"extraIndexes":[],"index":null,"requirements":[{"hashes":[],"line":"fastapi==0.115.0"}]},"python":"3.11","user":{"gid":10001,"name":"app","uid":10001},"workdir":"/srv/api"}',
  );
  assert.is(fingerprint(base), "sha256:" + GOLDEN);
});


test("stable across calls and object key order", () => {
  const reordered = Object.fromEntries(Object.entries(base).reverse()) as unknown as Box;
  assert.is(fingerprint(reordered), fingerprint(base));
});

const changes: [string, Partial<Box>][] = [
  ["os", { os: { id: "debian:13", distro: "debian", release: "13", codename: "trixie", systemPython: "3.13" } }],
  ["image", { image: { ref: "redis:7", repository: "redis", tag: "7", digest: null } }],
  ["python", { python: { version: "3.11.9", minor: "3.11", fromOs: true } }],
  ["pip index", { pip: { ...base.pip, indexUrl: "https://mirror.example/simple" } }],
  ["pip extra index", { pip: { ...base.pip, extraIndexUrls: ["https://x.example/simple"] } }],
  ["pip requirement", { pip: { ...base.pip, requirements: [req("fastapi", "==0.115.1")] } }],
  ["pip hashes", { pip: { ...base.pip, requirements: [req("fastapi", "==0.115.0", { hashes: ["sha256:" + "a".repeat(64)] })] } }],
  ["apt name", { apt: [{ name: "wget", version: null }] }],
  ["apt version", { apt: [{ name: "curl", version: "7.88.1-10+deb12u8" }] }],
  ["env name", { env: [{ name: "LOG", value: "info" }] }],
  ["env value", { env: [{ name: "LOG_LEVEL", value: "debug" }] }],
  ["user name", { user: { name: "web", uid: 10001, gid: 10001 } }],
  ["user uid", { user: { name: "app", uid: 10002, gid: 10001 } }],
  ["user gid", { user: { name: "app", uid: 10001, gid: 10002 } }],
  ["workdir", { workdir: "/srv/other" }],
  ["file source", { files: [{ source: "api2", sourceKind: "dir", dest: "/srv/app" }] }],
  ["file kind", { files: [{ source: "api", sourceKind: "file", dest: "/srv/app" }] }],
  ["file dest", { files: [{ source: "api", sourceKind: "dir", dest: "/srv/app2" }] }],
];
for (const [what, over] of changes) {
  test(`sensitive to ${what}`, () => {
    assert.is.not(fingerprint({ ...base, ...over }), fingerprint(base));
  });
}

const ignored: [string, Partial<Box>][] = [
  ["run", { run: { form: "shell", command: "x" } }],
  ["expose", { expose: [{ port: 1, protocol: "tcp" }] }],
  ["restart", { restart: "on-failure" }],
  ["secrets", { secrets: [{ name: "X", file: null }] }],
];
for (const [what, over] of ignored) {
  test(`not about ${what} (how it runs, not what is installed)`, () => {
    assert.is(fingerprint({ ...base, ...over }), fingerprint(base));
  });
}

test.run();

test("the direct writer equals the canonical JSON of the environment document", () => {
  const odd: Partial<Box> = {
    env: [{ name: "Z", value: "quote \" back \\ ctl \u2028 é" }, { name: "A", value: "" }],
    apt: [{ name: "curl", version: "7.88.1-10+deb12u8" }, { name: "wget", version: null }],
    user: null,
    workdir: null,
    os: null,
    python: null,
  };
  for (const b of [base, { ...base, ...odd }, ...changes.map(([, over]) => ({ ...base, ...over }))]) {
    assert.is(environmentJson(b), canonicalJson(environmentDocument(b)));
  }
});
