import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { fnv1a, userIdFor } from "../../src/ir/user-id.ts";
import { checkUserIds } from "../../src/check/rules/user-ids.ts";

test("root is 0", () => {
  assert.is(userIdFor("root"), 0);
});

test("FNV-1a reference vectors", () => {
  // Published FNV-1a 32-bit test values.
  assert.is(fnv1a(""), 0x811c9dc5);
  assert.is(fnv1a("a"), 0xe40c292c);
  assert.is(fnv1a("foobar"), 0xbf9cf968);
});

test("stable known ids (a change breaks file ownership across targets)", () => {
  assert.is(userIdFor("app"), 10000 + (fnv1a("app") % 50000));
  assert.is(userIdFor("app"), userIdFor("app"));
  assert.is.not(userIdFor("app"), userIdFor("postgres"));
});

test("every non-root id is in 10000–59999", () => {
  fc.assert(
    fc.property(fc.string({ minLength: 1 }), (s) => {
      fc.pre(s !== "root");
      const id = userIdFor(s);
      return Number.isInteger(id) && id >= 10000 && id <= 59999;
    }),
    { numRuns: 500 },
  );
});

test("two names with one id are an error naming both", () => {
  const span = { file: "a.box", start: 0, end: 1 };
  const ds = checkUserIds([
    { user: { name: "x", uid: 12345, gid: 12345 }, span },
    { user: { name: "x", uid: 12345, gid: 12345 }, span },
    { user: { name: "y", uid: 12345, gid: 12345 }, span: { ...span, start: 5, end: 6 } },
  ]);
  assert.is(ds.length, 1);
  assert.is(ds[0]!.code, "BOX2038");
  assert.match(ds[0]!.message, "`x` and `y`");
  assert.is(ds[0]!.related.length, 1);
});

test.run();
