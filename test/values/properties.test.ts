/**
 * Properties every string validator keeps on arbitrary input: it never throws, it returns
 * either a value or an error, and every diagnostic points inside the literal it checked.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import * as V from "../../src/check/values/index.ts";
import { OS_RELEASES } from "../../src/check/data/os.ts";
import { memoryHost } from "../../src/source/host.ts";
import type { StringLit } from "../../src/ast/types.ts";
import type { Result } from "../../src/diagnostics/types.ts";
import { hasErrors } from "../../src/diagnostics/make.ts";
import { ident, str } from "./lit.ts";

const host = memoryHost({ "/p/app.box": "", "/p/api/main.py": "" });

const validators: [string, (n: StringLit) => Result<unknown>][] = [
  ["requirement", (n) => V.checkRequirement(n, [n])],
  ["index url", (n) => V.checkIndexUrl(n)],
  ["apt", (n) => V.checkAptPackage(n)],
  ["os", (n) => V.checkOs(n)],
  ["python", (n) => V.checkPython(n, OS_RELEASES[1]!)],
  ["abs path", (n) => V.checkAbsPath(n, "workdir")],
  ["abs path/", (n) => V.checkAbsPath(n, "copy destination", { allowTrailingSlash: true })],
  ["env value", (n) => V.checkEnvValue(n)],
  ["image", (n) => V.checkImageRef(n)],
  ["registry", (n) => V.checkRegistry(n)],
  ["tag", (n) => V.checkTag(n)],
  ["signal", (n) => V.checkSignal(n)],
  ["restart", (n) => V.checkRestart(n)],
  ["dns label", (n) => V.checkDnsLabel(n, "volume")],
  ["namespace", (n) => V.checkNamespace(n)],
  ["user", (n) => V.checkUserName(n)],
  ["copy source", (n) => V.checkCopySource(n, "app.box", "/p", host)],
  ["no control", (n) => V.checkNoControl(n, "a command")],
];

const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(..."abcAZ09-_.:/@=+~*#$ {}[]'\"\\\n\t;,<>!".split("")), maxLength: 30 }),
);

for (const [name, check] of validators) {
  test(`${name}: total, and spans stay inside the literal`, () => {
    fc.assert(
      fc.property(text, fc.boolean(), (s, escaped) => {
        const node = str(s, { escaped: escaped ? 1 : 0 });
        const [value, ds] = check(node);
        assert.ok((value === null) === hasErrors(ds), "a value exactly when there is no error");
        for (const d of ds) {
          assert.ok(d.span, `${d.code} has a span`);
          assert.ok(d.span!.start >= node.start && d.span!.end <= node.end && d.span!.start <= d.span!.end, `${d.code} span inside`);
        }
      }),
      { numRuns: 400 },
    );
  });
}

test("accepted paths are already normal", () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom("/", "a", ".", "b"), maxLength: 12 }), (s) => {
      const [p] = V.checkAbsPath(str(s), "workdir");
      if (p !== null) assert.is(V.normalizeAbsPath(p), p);
      else assert.ok(!s.startsWith("/") || V.normalizeAbsPath(s) !== s);
    }),
    { numRuns: 500 },
  );
});

test("accepted env values and names carry no control character", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 20 }), (s) => {
      const [v] = V.checkEnvValue(str(s));
      if (v !== null) assert.ok(![...v].some((c) => V.isControl(c.codePointAt(0)!)));
      const [n] = V.checkEnvName(ident(s));
      if (n !== null) assert.match(n, /^[A-Za-z_][A-Za-z0-9_]*$/);
    }),
    { numRuns: 500 },
  );
});

test("accepted DNS labels are RFC 1123 labels", () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(..."abAZ09-_.".split("")), maxLength: 70 }), (s) => {
      const [n] = V.checkDnsLabel(ident(s), "box");
      if (n !== null) assert.match(n, /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/);
    }),
    { numRuns: 500 },
  );
});

test.run();
