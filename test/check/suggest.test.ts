import { test } from "uvu";
import * as assert from "uvu/assert";
import { closest, didYouMean, editDistance } from "../../src/check/suggest.ts";

test("Damerau-Levenshtein distances", () => {
  assert.is(editDistance("", ""), 0);
  assert.is(editDistance("abc", ""), 3);
  assert.is(editDistance("python", "pyhton"), 1);
  assert.is(editDistance("kitten", "sitting"), 3);
  assert.is(editDistance("ca", "abc"), 3);
  assert.is(editDistance("expose", "expsoe"), 1);
});

test("suggests only close names", () => {
  assert.is(closest("pyhton", ["python", "pip", "os"]), "python");
  assert.is(closest("databse", ["db", "database"]), "database");
  assert.is(closest("zzz", ["python", "pip"]), undefined);
  assert.is(closest("os", ["os"]), undefined);
  assert.is(didYouMean("memroy", ["cpu", "memory", "disk"]), "did you mean `memory`?");
});

test("ties resolve to the alphabetically first candidate", () => {
  assert.is(closest("ab", ["ac", "aa"]), "aa");
});

test.run();
