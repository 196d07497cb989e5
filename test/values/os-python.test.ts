import { test } from "uvu";
import * as assert from "uvu/assert";
import { checkOs, checkPython } from "../../src/check/values/index.ts";
import { OS_RELEASES } from "../../src/check/data/os.ts";
import { brief, num, str } from "./lit.ts";

const os = (id: string) => OS_RELEASES.find((r) => r.id === id)!;

test("every supported release", () => {
  const want: [string, string, string, string][] = [
    ["debian:11", "bullseye", "3.9", "11"],
    ["debian:12", "bookworm", "3.11", "12"],
    ["debian:13", "trixie", "3.13", "13"],
    ["ubuntu:22.04", "jammy", "3.10", "22.04"],
    ["ubuntu:24.04", "noble", "3.12", "24.04"],
  ];
  for (const [id, codename, py, release] of want) {
    const [r, ds] = checkOs(str(id));
    assert.equal(ds, []);
    assert.equal(r, { id, distro: id.split(":")[0], release, codename, systemPython: py });
  }
});

test("near misses get a did-you-mean", () => {
  const cases: [string, string | undefined][] = [
    ["debian:bookworm", "debian:12"],
    ["bookworm", "debian:12"],
    ["Debian:12", "debian:12"],
    ["debian-12", "debian:12"],
    ["ubuntu:noble", "ubuntu:24.04"],
    ["ubuntu22.04", "ubuntu:22.04"],
    ["debian:12-slim", "debian:12"],
    ["ubuntu:24.4", "ubuntu:24.04"],
    ["debain:12", "debian:12"],
    ["alpine:3.20", undefined],
    ["debian:10", undefined],
  ];
  for (const [input, suggestion] of cases) {
    const [r, ds] = checkOs(str(input));
    assert.is(r, null, input);
    assert.equal(brief(ds), [`BOX2140@0-${input.length + 2}`], input);
    assert.is(ds[0]!.help, suggestion ? `did you mean \`${suggestion}\`?` : "supported releases: `debian:11`, `debian:12`, `debian:13`, `ubuntu:22.04`, `ubuntu:24.04`", input);
  }
  assert.equal(brief(checkOs(num("12"))[1]), ["BOX2100@0-2"]);
});

test("python versions", () => {
  const ok: [string | ReturnType<typeof num>, string | null, { version: string; minor: string; fromOs: boolean }][] = [
    ["3.12", "debian:12", { version: "3.12", minor: "3.12", fromOs: false }],
    ["3.11", "debian:12", { version: "3.11", minor: "3.11", fromOs: true }],
    ["3.12.4", "debian:12", { version: "3.12.4", minor: "3.12", fromOs: false }],
    ["3.6", null, { version: "3.6", minor: "3.6", fromOs: false }],
    ["3.8.20", "debian:11", { version: "3.8.20", minor: "3.8", fromOs: false }],
    ["3.14", "ubuntu:24.04", { version: "3.14", minor: "3.14", fromOs: false }],
    ["3.12", "ubuntu:24.04", { version: "3.12", minor: "3.12", fromOs: true }],
    [num("3.10"), "ubuntu:22.04", { version: "3.10", minor: "3.10", fromOs: true }],
    ["3.11.2", null, { version: "3.11.2", minor: "3.11", fromOs: false }],
  ];
  for (const [v, o, want] of ok) {
    const [r, ds] = checkPython(typeof v === "string" ? str(v) : v, o ? os(o) : null);
    assert.equal(ds, [], JSON.stringify(v));
    assert.equal(r, want);
  }
});

test("bad python versions", () => {
  const bad: [string, string | null, string, string?][] = [
    ["3", null, "BOX2145"],
    ["3.12.x", null, "BOX2145"],
    ["v3.12", null, "BOX2145"],
    ["3.012", null, "BOX2145"],
    ["3.12 ", null, "BOX2145"],
    ["2.7", null, "BOX2146"],
    ["2.7.18", null, "BOX2146"],
    ["3.5", null, "BOX2147", "known releases: 3.6 to 3.14 (see the table in `src/check/data/python.ts`)"],
    ["3.15", null, "BOX2147"],
    ["4.0", null, "BOX2147"],
    ["3.12.99", null, "BOX2147", "the newest 3.12 release boxc knows is `3.12.13`"],
    ["3.11.4", "debian:12", "BOX2148", "write `3.11` to use the python3 of `debian:12` (the patch is whatever the release ships)"],
  ];
  for (const [v, o, code, help] of bad) {
    const [r, ds] = checkPython(str(v), o ? os(o) : null);
    assert.is(r, null, v);
    assert.equal(brief(ds), [`${code}@0-${v.length + 2}`], v);
    if (help) assert.is(ds[0]!.help, help);
  }
  const [, ds] = checkPython({ kind: "Bool", value: true, file: "app.box", start: 100, end: 104 }, null);
  assert.equal(ds.map((d) => d.message), ['expected a python version such as `"3.12"`, found `true`']);
});

test.run();
