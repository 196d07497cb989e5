import { test } from "uvu";
import * as assert from "uvu/assert";
import { memoizeQueries } from "../../src/check/memo-host.ts";
import { memoryHost, type Host } from "../../src/source/host.ts";

function counting(host: Host): { host: Host; calls: Record<string, number> } {
  const calls: Record<string, number> = { readFile: 0, stat: 0, realpath: 0, readDir: 0 };
  return {
    calls,
    host: {
      readFile: (p) => (calls.readFile!++, host.readFile(p)),
      stat: (p) => (calls.stat!++, host.stat(p)),
      realpath: (p) => (calls.realpath!++, host.realpath(p)),
      readDir: (p) => (calls.readDir!++, host.readDir(p)),
    },
  };
}

test("stat, realpath and readDir are asked once per path; readFile every time", () => {
  const { host, calls } = counting(memoryHost({ "/p/a.box": "x", "/p/d/f": "y" }));
  const m = memoizeQueries(host);
  for (let i = 0; i < 3; i++) {
    assert.is(m.stat("/p/d"), "dir");
    assert.is(m.stat("/p/missing"), undefined);
    assert.is(m.realpath("/p/a.box"), "/p/a.box");
    assert.is(m.realpath("/p/missing"), undefined);
    assert.equal(m.readDir("/p"), ["a.box", "d"]);
    assert.is(m.readDir("/p/missing"), undefined);
    assert.is(new TextDecoder().decode(m.readFile("/p/a.box")), "x");
  }
  assert.equal(calls, { readFile: 3, stat: 2, realpath: 2, readDir: 2 });
});

test("a caller changing a listing does not change the next answer", () => {
  const m = memoizeQueries(memoryHost({ "/p/a": "", "/p/b": "" }));
  m.readDir("/p")!.pop();
  assert.equal(m.readDir("/p"), ["a", "b"]);
});

test.run();
