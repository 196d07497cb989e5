import { test } from "uvu";
import * as assert from "uvu/assert";
import { SourceFile } from "../../src/source/span.ts";

test("lineCol is 1-based and handles CRLF", () => {
  const f = new SourceFile("a.box", "ab\r\ncd\nef");
  assert.equal(f.lineCol(0), { line: 1, col: 1 });
  assert.equal(f.lineCol(4), { line: 2, col: 1 });
  assert.equal(f.lineCol(8), { line: 3, col: 2 });
  assert.is(f.lineText(1), "ab");
  assert.is(f.lineText(2), "cd");
});

test.run();
