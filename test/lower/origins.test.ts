/**
 * The compact origins map answers exactly as a plain map of full pointers would: first entry
 * per pointer wins, only canonical `/boxes/<i>` prefixes name a box, spans come back equal.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { join } from "node:path";
import { compile } from "../../src/compile.ts";
import { OriginList, OriginsMap, tracked } from "../../src/lower/origins.ts";
import { nodeHost } from "../../src/host/node.ts";
import type { Span } from "../../src/source/span.ts";

const at = (file: string, start: number, end = start + 1): Span => ({ file, start, end });

function sample(): { map: OriginsMap; plain: Map<string, Span> } {
  const a = new OriginList();
  a.add("", at("a.box", 0));
  a.add("/name", at("a.box", 0));
  a.add("/name", at("a.box", 99)); // a repeat: the first stays
  a.add("/os", undefined); // nothing known: nothing kept
  a.addList("pip/requirements", [tracked("x", ["", at("lib/base.box", 5)], ["/line", at("lib/base.box", 6)]), tracked("y")]);
  const b = new OriginList();
  b.add("/env/0/value", at("b.box", 7, 9));
  const map = new OriginsMap([a, b]);
  map.addOther("/targets/0", at("p.box", 1));
  map.addOther("/targets/0", at("p.box", 2));
  map.addOther("/project", at("p.box", 3));
  const plain = new Map<string, Span>([
    ["/boxes/0", at("a.box", 0)],
    ["/boxes/0/name", at("a.box", 0)],
    ["/boxes/0/pip/requirements/0", at("lib/base.box", 5)],
    ["/boxes/0/pip/requirements/0/line", at("lib/base.box", 6)],
    ["/boxes/1/env/0/value", at("b.box", 7, 9)],
    ["/targets/0", at("p.box", 1)],
    ["/project", at("p.box", 3)],
  ]);
  return { map, plain };
}

test("answers like the plain map of full pointers", () => {
  const { map, plain } = sample();
  for (const [k, v] of plain) {
    assert.equal(map.get(k), v, k);
    assert.ok(map.has(k), k);
  }
  assert.is(map.size, plain.size);
  assert.equal([...map].sort(), [...plain].sort());
  assert.equal(new Map(map.entries()), new Map(map));
  let seen = 0;
  map.forEach((v, k) => {
    assert.equal(v, plain.get(k));
    seen++;
  });
  assert.is(seen, plain.size);
});

test("only canonical box pointers match", () => {
  const { map } = sample();
  for (const p of ["/boxes/00", "/boxes/01/env/0/value", "/boxes/+1", "/boxes/2", "/boxes", "/boxes/", "/boxes/0/nam", "/boxes/0/os", "/boxes/0/pip/requirements/1", "boxes/0", ""]) {
    assert.is(map.get(p), undefined, p);
    assert.not.ok(map.has(p), p);
  }
});

test("box pointers cannot be added beside the boxes", () => {
  const { map } = sample();
  assert.throws(() => map.addOther("/boxes/0/name", at("x.box", 0)));
});

test("a compiled example's origins hold the same entries as before packing", () => {
  const root = join(import.meta.dirname, "../../examples/shop");
  const r = compile({ entries: [join(root, "shop.box")], root, host: nodeHost });
  assert.ok(r.ir, "compiles");
  const all = [...r.origins];
  assert.ok(all.length > 50);
  for (const [k, v] of all) assert.equal(r.origins.get(k), v, k);
  // Every box's pointer, and the field pointers targets report at, are known.
  r.ir!.boxes.forEach((b, i) => {
    assert.ok(r.origins.get(`/boxes/${i}`), `box ${b.name}`);
    assert.ok(r.origins.get(`/boxes/${i}/name`), `name of ${b.name}`);
  });
});

test.run();
