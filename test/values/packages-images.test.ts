import { test } from "uvu";
import * as assert from "uvu/assert";
import * as V from "../../src/check/values/index.ts";
import { brief, num, str } from "./lit.ts";

const D = "sha256:" + "0123456789abcdef".repeat(4);

test("apt packages", () => {
  const ok: [string, string, string | null][] = [
    ["libpq5", "libpq5", null],
    ["curl=7.88.1-10+deb12u8", "curl", "7.88.1-10+deb12u8"],
    ["postgresql-15", "postgresql-15", null],
    ["g++", "g++", null],
    ["libc6=2.36-9+deb12u4", "libc6", "2.36-9+deb12u4"],
    ["tzdata=1:2024a-0+deb12u1", "tzdata", "1:2024a-0+deb12u1"],
    ["python3.11=3.11.2-6", "python3.11", "3.11.2-6"],
    ["foo=1.0~rc1", "foo", "1.0~rc1"],
    ["foo=1.0-beta-2", "foo", "1.0-beta-2"],
    ["foo=1:1.0:2-1", "foo", "1:1.0:2-1"],
  ];
  for (const [t, name, version] of ok) assert.equal(V.checkAptPackage(str(t)), [{ name, version }, []], t);
  const bad: [string, string, string?][] = [
    ["Curl", "BOX2130@0-6"],
    ["c", "BOX2130@0-3"],
    ["curl vim", "BOX2130@0-10"],
    ["libc6:amd64", "BOX2130@0-13", "architecture qualifiers are not supported: write `libc6`"],
    ["curl;rm", "BOX2130@0-9"],
    ["$(id)", "BOX2130@0-7"],
    ["curl=", "BOX2131@6-6"],
    ["curl=abc", "BOX2131@6-9"],
    ["curl=7.88 ", "BOX2131@6-11"],
    ["curl=7.88-", "BOX2131@6-11"],
    ["curl=1.0:3", "BOX2131@6-11"],
    ["curl=7.*", "BOX2131@6-9"],
    ["curl=7.88;id", "BOX2131@6-13"],
    ["=7.0", "BOX2130@1-1"],
    ["-o", "BOX2132@0-4"],
    ["--allow-downgrades", "BOX2132@0-20"],
  ];
  for (const [t, want, help] of bad) {
    const [r, ds] = V.checkAptPackage(str(t));
    assert.is(r, null, t);
    assert.equal(brief(ds), [want], t);
    if (help) assert.is(ds[0]!.help, help);
  }
  assert.equal(V.checkAptPackage(num("5"))[1][0]!.code, "BOX2100");
});

test("index urls", () => {
  for (const u of ["https://pypi.org/simple", "http://mirror.local:8080/simple/", "https://example.com/a?b=c#d"]) {
    assert.equal(V.checkIndexUrl(str(u)), [u, []], u);
  }
  const bad: [string, string][] = [
    ["pypi.org/simple", "BOX2125@0-17"],
    ["ftp://example.com/", "BOX2125@0-20"],
    ["https://exa mple.com", "BOX2125@12-13"],
    ["https://", "BOX2125@0-10"],
    ["https://${HOST}/simple", "BOX2113@9-11"],
    ["https://user:secret@example.com/simple", "BOX2126@0-40"],
    ["https://token@example.com/simple", "BOX2126@0-34"],
    ["https://example.com/\n", "BOX2101@21-22"],
  ];
  for (const [u, want] of bad) {
    const [r, ds] = V.checkIndexUrl(str(u));
    assert.is(r, null, u);
    assert.equal(brief(ds), [want], u);
  }
  const [, creds] = V.checkIndexUrl(str("https://user:secret@example.com/simple"));
  assert.ok(!creds[0]!.message.includes("secret"), "the password is not repeated in the message");
  assert.is(creds[0]!.message, "the index url `https://***@example.com/simple` contains credentials");
});

test("image references", () => {
  const ok: [string, string, string, string | null][] = [
    [`redis:7.2-bookworm@${D}`, "redis", "7.2-bookworm", D],
    [`ghcr.io/acme/tool:1.0@${D}`, "ghcr.io/acme/tool", "1.0", D],
    [`localhost:5000/x/y:v1_2@${D}`, "localhost:5000/x/y", "v1_2", D],
    [`library/postgres:16.4@${D}`, "library/postgres", "16.4", D],
    [`a__b-c/d.e:T@${D}`, "a__b-c/d.e", "T", D],
  ];
  for (const [ref, repository, tag, digest] of ok) assert.equal(V.checkImageRef(str(ref)), [{ ref, repository, tag, digest }, []], ref);

  const [r, ds] = V.checkImageRef(str("redis:7.2-bookworm"));
  assert.equal(r, { ref: "redis:7.2-bookworm", repository: "redis", tag: "7.2-bookworm", digest: null });
  assert.equal(ds.map((d) => [d.code, d.name, d.severity]), [["BOX2183", "image-not-digest-pinned", "warning"]]);

  const bad: [string, string, string?][] = [
    ["redis", "BOX2181", "pin a version tag, e.g. `redis:1.2.3`"],
    [`redis@${D}`, "BOX2181"],
    ["localhost:5000/redis", "BOX2181", "pin a version tag, e.g. `localhost:5000/redis:1.2.3`"],
    ["redis:latest", "BOX2182"],
    [`redis:latest@${D}`, "BOX2182"],
    ["Redis:7", "BOX2180"],
    ["ghcr.io/Acme/x:1", "BOX2180"],
    ["redis:7 ", "BOX2180"],
    ["redis:-7", "BOX2180"],
    ["redis:7@sha256:abc", "BOX2180"],
    ["redis:7@md5:" + "a".repeat(32), "BOX2180"],
    ["a//b:1", "BOX2180"],
    ["-x:1", "BOX2180"],
    ["exa_mple.com/x:1", "BOX2180"],
    ["", "BOX2180"],
    [":7", "BOX2180"],
  ];
  for (const [ref, code, help] of bad) {
    const [r2, ds2] = V.checkImageRef(str(ref));
    assert.is(r2, null, ref);
    assert.equal(ds2.map((d) => d.code), [code], ref);
    assert.equal(brief(ds2), [`${code}@0-${ref.length + 2}`]);
    if (help) assert.is(ds2[0]!.help, help);
  }
  assert.is(V.checkImageRef(str("Redis:7"))[1][0]!.message, "`Redis:7` is not a valid image reference: `Redis` has upper-case letters (repository names are lower case)");
});

test("registry and tag options", () => {
  for (const r of ["ghcr.io/acme", "registry.example.com:5000/team/sub", "localhost:5000", "docker.io/acme", "acme", "ghcr.io"]) {
    assert.equal(V.checkRegistry(str(r)), [r, []], r);
  }
  const bad: [string, string][] = [
    ["https://ghcr.io/acme", "it is a url; write the host without a scheme"],
    ["ghcr.io/acme/", "it ends with `/`"],
    ["ghcr.io/Acme", "`Acme` has upper-case letters (repository names are lower case)"],
    ["ghcr.io/acme:1", "`acme:1` is not a valid repository component"],
    ["ghcr.io /acme", "it contains whitespace"],
    ["ghcr.io/acme@x", "it contains a digest"],
  ];
  for (const [v, reason] of bad) {
    const [r, ds] = V.checkRegistry(str(v));
    assert.is(r, null, v);
    assert.equal(ds.map((d) => d.message), [`\`${v}\` is not a valid registry: ${reason}`]);
  }
  for (const t of ["1.0", "v2", "latest", "_x", "a".repeat(128)]) assert.equal(V.checkTag(str(t)), [t, []]);
  for (const t of ["", ".x", "-x", "a:b", "a/b", "a".repeat(129)]) assert.equal(V.checkTag(str(t))[1].map((d) => d.code), ["BOX2185"], t);
});

test("stop signals", () => {
  for (const s of ["SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGWINCH"]) assert.equal(V.checkSignal(str(s)), [s, []]);
  const cases: [string, string, string | undefined][] = [
    ["SIGKILL", "BOX2187", undefined],
    ["SIGSTOP", "BOX2187", undefined],
    ["TERM", "BOX2186", "did you mean `SIGTERM`?"],
    ["sigint", "BOX2186", "did you mean `SIGINT`?"],
    ["15", "BOX2186", "did you mean `SIGTERM`?"],
    ["9", "BOX2186", undefined],
    ["SIGTREM", "BOX2186", "did you mean `SIGTERM`?"],
    ["SIGFOO", "BOX2186", undefined],
  ];
  for (const [s, code, help] of cases) {
    const [r, ds] = V.checkSignal(str(s));
    assert.is(r, null, s);
    assert.equal(brief(ds), [`${code}@0-${s.length + 2}`], s);
    if (code === "BOX2186") {
      assert.is(ds[0]!.help, help ?? "known signals: `SIGABRT`, `SIGALRM`, `SIGHUP`, `SIGINT`, `SIGPWR`, `SIGQUIT`, `SIGTERM`, `SIGUSR1`, `SIGUSR2`, `SIGWINCH`", s);
    }
  }
});

test("restart policies", () => {
  assert.equal(V.checkRestart(str("always")), ["always", []]);
  assert.equal(V.checkRestart(str("on-failure")), ["on-failure", []]);
  const cases: [string, string | undefined][] = [
    ["on_failure", 'did you mean `"on-failure"`?'],
    ["Always", 'did you mean `"always"`?'],
    ["unless-stopped", 'did you mean `"always"`?'],
    ["no", undefined],
  ];
  for (const [v, help] of cases) {
    const [r, ds] = V.checkRestart(str(v));
    assert.is(r, null);
    assert.equal(ds.map((d) => [d.code, d.help]), [["BOX2188", help ?? 'use `"always"` or `"on-failure"`']], v);
  }
});

test.run();
