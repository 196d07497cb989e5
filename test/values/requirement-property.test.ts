/**
 * Properties of the requirement parser: it never throws; its canonical line is a fixed point;
 * and on grammar-shaped input it agrees with the reference implementation, Python's
 * `packaging` (what pip itself uses), on what is a requirement and what it means.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { spawnSync } from "node:child_process";
import { checkRequirement, MARKER_VARIABLES } from "../../src/check/values/index.ts";
import { str } from "./lit.ts";

test("never throws on arbitrary strings", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 60 }), (s) => {
      const [r, ds] = checkRequirement(str(s), []);
      assert.ok((r === null) !== (ds.length === 0), "either a requirement or diagnostics");
    }),
    { numRuns: 2000 },
  );
});

// ─── grammar-shaped requirement strings ──────────────────────────────────────

const ws = fc.constantFrom("", "", " ", "  ");
const name = fc.stringMatching(/^[A-Za-z0-9](?:[-_.]{0,2}[A-Za-z0-9]){0,5}$/);
const version = fc.oneof(
  fc.constantFrom("1.0", "2", "1.26.4", "1.0rc1", "1!2.0", "1.0.post1", "1.0.dev0", "1.0+local.1", "1.*", "1.0.*", "v1.0", "1.0RC1", "1.0-1"),
  fc.constantFrom("banana", "1..0", "1.*.0", "*", "1.0+", "01.02", "1.0_a"),
  fc.stringMatching(/^[0-9]{1,3}(?:\.[0-9]{1,3}){0,3}(?:(?:a|b|rc|\.post|\.dev)[0-9])?(?:\.\*)?$/),
);
const op = fc.constantFrom("==", "!=", "<=", ">=", "<", ">", "~=", "===");
const clause = fc.tuple(op, ws, version).map(([o, w, v]) => `${o}${w}${v}`);
const clauses = fc.array(clause, { minLength: 1, maxLength: 3 });
const specifier = fc.tuple(clauses, ws, fc.boolean()).map(([cs, w, paren]) => {
  const body = cs.join(`${w},${w}`);
  return paren ? `(${body})` : body;
});
const mstring = fc
  .tuple(fc.constantFrom("'", '"'), fc.stringMatching(/^[A-Za-z0-9 ._<>=!~()-]{0,8}$/))
  .map(([q, s]) => `${q}${s}${q}`);
const mvar = fc.constantFrom(...MARKER_VARIABLES);
const mop = fc.constantFrom("==", "!=", "<=", ">=", "<", ">", "~=", "===", " in ", " not in ");
const cmp = fc.tuple(fc.oneof(mvar, mstring), ws, mop, ws, fc.oneof(mstring, mvar)).map(([l, a, o, b, r]) => `${l}${a}${o}${b}${r}`);
const { marker } = fc.letrec<{ marker: string; expr: string }>((tie) => ({
  marker: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    tie("expr"),
    fc.tuple(tie("expr"), fc.constantFrom(" and ", " or ", "and ", " or"), tie("marker")).map(([a, k, b]) => `${a}${k}${b}`),
  ),
  expr: fc.oneof({ depthSize: "small" }, cmp, cmp, tie("marker").map((m) => `(${m})`)),
}));
const extras = fc.array(name, { maxLength: 3 }).map((es) => `[${es.join(", ")}]`);
const requirement = fc
  .tuple(ws, name, ws, fc.option(extras), ws, fc.option(specifier), ws, fc.option(marker, { freq: 2 }), ws)
  .map(([a, n, b, e, c, s, d, m, z]) => `${a}${n}${b}${e ?? ""}${c}${s ?? ""}${d}${m === null ? "" : `;${m}`}${z}`);

test("the canonical line re-parses to the same requirement", () => {
  let accepted = 0;
  fc.assert(
    fc.property(requirement, (s) => {
      const [r] = checkRequirement(str(s), []);
      if (r === null) return;
      accepted++;
      const [again, ds] = checkRequirement(str(r.line), []);
      assert.equal(ds, [], r.line);
      assert.equal(again, r);
    }),
    { numRuns: 1000 },
  );
  assert.ok(accepted > 200, `only ${accepted} of 1000 generated requirements were accepted`);
});

const PY = String.raw`
import json, sys
from packaging.requirements import Requirement, InvalidRequirement
from packaging.markers import Marker
from packaging.utils import canonicalize_name
out = []
for text, ours in json.load(sys.stdin):
    try:
        r = Requirement(text)
    except Exception:
        out.append(None)
        continue
    marker = None
    if r.marker is not None:
        marker = [str(r.marker), str(Marker(ours)) if ours is not None else None]
    out.append({
        "name": canonicalize_name(r.name),
        "extras": sorted({canonicalize_name(e) for e in r.extras}),
        "specifier": sorted({str(s) for s in r.specifier}),
        "url": r.url,
        "marker": marker,
    })
print(json.dumps(out))
`;

test("agrees with Python packaging (the parser pip uses)", () => {
  const probe = spawnSync("python3", ["-c", "import packaging.requirements"], { encoding: "utf8" });
  assert.is(probe.status, 0, `python3 with packaging is required: ${probe.stderr}`);
  const inputs = fc.sample(requirement, { numRuns: 600, seed: 508 });
  const ours = inputs.map((s) => checkRequirement(str(s), []));
  const res = spawnSync("python3", ["-c", PY], {
    input: JSON.stringify(inputs.map((s, i) => [s, ours[i]![0]?.marker ?? null])),
    encoding: "utf8",
  });
  assert.is(res.status, 0, res.stderr);
  const theirs = JSON.parse(res.stdout) as ({ name: string; extras: string[]; specifier: string[]; marker: [string, string | null] | null } | null)[];
  let both = 0;
  inputs.forEach((s, i) => {
    const [r, ds] = ours[i]!;
    const t = theirs[i]!;
    if (r === null) {
      // Everything we refuse that packaging accepts must be a deliberate boxc restriction.
      if (t !== null) {
        const deliberate = (d: (typeof ds)[number]) =>
          ["BOX2115", "BOX2113"].includes(d.code) ||
          (d.code === "BOX2116" && d.message.includes("`===` cannot be combined")) ||
          (d.code === "BOX2110" && d.message.includes("would be read by pip as an option"));
        assert.ok(ds.every(deliberate), `${JSON.stringify(s)}: refused with ${ds.map((d) => d.message)} but packaging accepts it`);
      }
      return;
    }
    assert.ok(t !== null, `${JSON.stringify(s)}: accepted as ${r.line} but packaging refuses it`);
    both++;
    assert.is(r.name, t.name, s);
    assert.equal(r.extras, t.extras, s);
    assert.equal(r.specifier === "" ? [] : [...r.specifier.split(",")].sort(), t.specifier, s);
    if (t.marker === null) assert.is(r.marker, null, s);
    else assert.is(t.marker[1], t.marker[0], `${JSON.stringify(s)}: marker means something else`);
  });
  assert.ok(both > 150, `only ${both} requirements were accepted by both`);
});

const PIP = String.raw`
import json, sys, tempfile, os
from pip._internal.req.req_file import parse_requirements
from pip._internal.network.session import PipSession
from pip._vendor.packaging.requirements import Requirement
from pip._vendor.packaging.utils import canonicalize_name
lines = json.load(sys.stdin)
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "requirements.txt")
    with open(path, "w") as f:
        f.write("".join(l + "\n" for l in lines))
    out = []
    for p in parse_requirements(path, session=PipSession()):
        # pip's own (vendored, older) packaging must read the line the same way.
        r = Requirement(p.requirement)
        meaning = [canonicalize_name(r.name), sorted(canonicalize_name(e) for e in r.extras), sorted(str(s) for s in r.specifier), r.marker is not None]
        out.append([p.requirement, sorted((p.options or {}).get("hashes", {}).get("sha256", [])), meaning])
print(json.dumps(out))
`;

test("pip's requirements-file reader sees each canonical line as exactly that requirement", () => {
  const probe = spawnSync("python3", ["-c", "import pip._internal.req.req_file"], { encoding: "utf8" });
  assert.is(probe.status, 0, `python3 with pip is required: ${probe.stderr}`);
  const hash = "sha256:" + "ab".repeat(32);
  const reqs = fc
    .sample(requirement, { numRuns: 800, seed: 440 })
    .map((s) => checkRequirement(str(s), [])[0])
    .filter((r) => r !== null);
  assert.ok(reqs.length > 200, `only ${reqs.length} accepted`);
  // Each line twice: alone, and with a hash option the way install files carry them.
  const lines = reqs.flatMap((r) => [r.line, `${r.line} --hash=${hash}`]);
  const res = spawnSync("python3", ["-c", PIP], { input: JSON.stringify(lines), encoding: "utf8" });
  assert.is(res.status, 0, res.stderr);
  const parsed = JSON.parse(res.stdout) as [string, string[], unknown][];
  assert.is(parsed.length, lines.length, "one requirement per line");
  reqs.forEach((r, i) => {
    const meaning = [r.name, r.extras, r.specifier === "" ? [] : r.specifier.split(",").sort(), r.marker !== null];
    assert.equal(parsed[2 * i], [r.line, [], meaning], r.line);
    assert.equal(parsed[2 * i + 1], [r.line, [hash.slice("sha256:".length)], meaning], r.line);
  });
});

test.run();
