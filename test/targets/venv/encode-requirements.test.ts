import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { encodeIndexOption, encodeRequirement, REQUIREMENTS_CODING_LINE, requirementsComment } from "../../../targets/_shared/encode-requirements.ts";
import { PipReader } from "./pip-reader.ts";

// Variables pip could expand if the encoder let `${NAME}` through.
const pip = new PipReader({ HOME: "/root", TOKEN: "EXPANDED", A: "EXPANDED" });

const HOSTILE = ["'", '"', "\\", "$", "${TOKEN}", "${A}", "$(id)", "%", "{{x}}", "#", " #", " -", "--hash=sha256:00", "-r x", " ", "\t", "\n", "\r", "\u2028", "\x85", "\x0c", "é", "😀", ";", ",", "a", "1"];
const text = fc.oneof(fc.string({ unit: fc.constantFrom(...HOSTILE), maxLength: 12 }), fc.string({ unit: "binary", maxLength: 12 }));
const hash = fc.stringMatching(/^[0-9a-f]{64}$/).map((h) => `sha256:${h}`);

/** A requirement line as lowering writes it, with a marker string that may hold anything but its quote. */
const requirementLine = fc
  .record({
    name: fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/),
    extras: fc.array(fc.stringMatching(/^[a-z0-9]{1,5}$/), { maxLength: 2 }),
    spec: fc.constantFrom("", "==1.0", "<2,>=1.26", "~=3.1", "===1.0+local"),
    marker: fc.option(text.filter((s) => !s.includes("'"))),
  })
  .map(({ name, extras, spec, marker }) => `${name}${extras.length ? `[${[...new Set(extras)].sort().join(",")}]` : ""}${spec}${marker === null ? "" : `; platform_release == '${marker}'`}`);

function file(body: string[]): string {
  return [REQUIREMENTS_CODING_LINE, requirementsComment("header"), ...body, ""].join("\n");
}

test("a requirement the encoder accepts is read by pip as exactly that line and those hashes", async () => {
  let accepted = 0;
  await fc.assert(
    fc.asyncProperty(requirementLine, fc.array(hash, { maxLength: 2 }), async (line, hashes) => {
      const e = encodeRequirement(line, hashes);
      if (!e.ok) return true;
      accepted++;
      const r = await pip.parse(file([e.text]));
      assert.ok("lines" in r, JSON.stringify(r));
      if (!("lines" in r)) return false;
      assert.equal(r.lines.length, 1);
      assert.is(r.lines[0]!.args, line);
      assert.ok(r.lines[0]!.isRequirement);
      assert.equal([...r.lines[0]!.hashes].sort(), [...new Set(hashes)].sort());
      assert.equal(r.lines[0]!.otherOptions, []);
      return true;
    }),
    { numRuns: 300 },
  );
  // The property above must not hold just because everything is refused.
  assert.ok(accepted > 100, `only ${accepted} of 300 accepted`);
});

test("requirements made of ordinary text are always accepted", () => {
  const plain = fc.string({ unit: fc.constantFrom(..."abc XYZ019.<>=!~()[]{}@%:/+*_,".split("")), maxLength: 20 });
  fc.assert(
    fc.property(plain, (m) => encodeRequirement(`pkg==1.0; platform_release == '${m}'`, []).ok),
    { numRuns: 300 },
  );
});

test("hostile requirements are refused, never turned into options, comments or variables", () => {
  const refused = [
    "pkg; platform_release == 'a --hash=sha256:00'",
    "pkg; platform_release == 'a -r /etc/passwd'",
    "pkg; platform_release == 'a #b'",
    "pkg; platform_release == '${TOKEN}'",
    "pkg; platform_release == 'a\nb'",
    "pkg; platform_release == 'a\u2028-e .'",
    "pkg; platform_release == 'a\\",
    "-e .",
    "--index-url=http://evil",
    "./local/path",
    "pkg===1.0.whl",
  ];
  for (const line of refused) assert.not.ok(encodeRequirement(line, []).ok, line);
  assert.not.ok(encodeRequirement("pkg==1.0", ["sha256:xyz"]).ok);
});

test("an index URL the encoder accepts is read by pip as exactly that URL", async () => {
  const url = fc.oneof(text.map((s) => `https://example.org/${s}`), text, fc.webUrl());
  let accepted = 0;
  await fc.assert(
    fc.asyncProperty(url, url, async (index, extra) => {
      const a = encodeIndexOption("--index-url", index);
      const b = encodeIndexOption("--extra-index-url", extra);
      if (!a.ok || !b.ok) return true;
      accepted++;
      const r = await pip.parse(file([a.text, b.text, "pkg==1.0"]));
      assert.ok("lines" in r, JSON.stringify(r));
      if (!("lines" in r)) return false;
      assert.is(r.lines.length, 3);
      assert.is(r.lines[0]!.indexUrl, index);
      assert.equal(r.lines[1]!.extraIndexUrls, [extra]);
      assert.is(r.lines[2]!.args, "pkg==1.0");
      for (const l of r.lines) assert.equal(l.otherOptions, []);
      return true;
    }),
    { numRuns: 300 },
  );
  assert.ok(accepted > 60, `only ${accepted} of 300 accepted`);
});

test("index URLs pip would change are refused", () => {
  for (const u of ["https://x/${TOKEN}/simple", "https://x/a b", "https://x/a #b", "", "https://x/\n-r y", "https://x/a\\"])
    assert.not.ok(encodeIndexOption("--index-url", u).ok, JSON.stringify(u));
  assert.equal(encodeIndexOption("--index-url", "https://x/it's"), { ok: true, text: "--index-url='https://x/it'\\''s'" });
});

test("comment lines stay comments for pip, whatever they hold", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(text, { maxLength: 3 }), async (notes) => {
      const r = await pip.parse([REQUIREMENTS_CODING_LINE, ...notes.map(requirementsComment), "pkg==1.0", ""].join("\n"));
      assert.ok("lines" in r, JSON.stringify(r));
      return "lines" in r && r.lines.length === 1 && r.lines[0]!.args === "pkg==1.0";
    }),
    { numRuns: 200 },
  );
});

test("the coding line makes pip read UTF-8 under an ASCII locale", async () => {
  const line = "pkg==1.0; platform_release == 'é😀'";
  const e = encodeRequirement(line, []);
  assert.ok(e.ok);
  const withCoding = await pip.parse(file([e.ok ? e.text : ""]));
  assert.ok("lines" in withCoding && withCoding.lines[0]!.args === line, JSON.stringify(withCoding));
  // Without it pip falls back to the (ASCII) locale and fails: the line is not decorative.
  const without = await pip.parse(`${line}\n`);
  assert.ok("error" in without, JSON.stringify(without));
});

test.after(() => { pip.close(); });
test.run();
