/**
 * The parity rule of the end-to-end suite, without containers: which report differences it
 * catches and how it names them. (The suite itself runs with `npm run test:e2e`.)
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { canonical, parityDifferences, parseReport, sourceDifferences, type EnvironmentReport, type ExpectedEnvironment, type LabelledReport } from "./reports.ts";

const machine: EnvironmentReport = {
  apt: { jq: "1.6-2.1+deb12u2" },
  box: "app",
  distributions: { "demo-lib": "1.0", "dep-one": "2.0", pip: "23.0.1", setuptools: "66.1.1", speedup: "0.5" },
  env: { GREETING: "it's $HOME", LOG_LEVEL: "info" },
  fingerprint: "sha256:" + "ab".repeat(32),
  python: "3.11",
  user: { gid: 34092, name: "app", uid: 34092 },
  workdir: "/srv/app",
};
const venv: EnvironmentReport = { ...machine, apt: {}, user: null, workdir: null };

function three(over: { docker?: Partial<EnvironmentReport>; venv?: Partial<EnvironmentReport>; vm?: Partial<EnvironmentReport> } = {}): LabelledReport[] {
  return [
    { target: "docker", report: { ...machine, ...over.docker }, ownsMachine: true },
    { target: "venv", report: { ...venv, ...over.venv }, ownsMachine: false },
    { target: "vm", report: { ...machine, ...over.vm }, ownsMachine: true },
  ];
}

test("identical environments: no difference", () => {
  assert.equal(parityDifferences(three()), []);
});

test("key order does not matter, values do", () => {
  const reordered = { ...machine, distributions: Object.fromEntries(Object.entries(machine.distributions).reverse()) };
  assert.is(canonical(reordered), canonical(machine));
  assert.equal(parityDifferences(three({ vm: reordered })), []);
});

test("a distribution at another version is named with every target's version", () => {
  const d = parityDifferences(three({ vm: { distributions: { ...machine.distributions, "dep-one": "2.1" } } }));
  assert.equal(d, ['distributions.dep-one: docker "2.0" | venv "2.0" | vm "2.1"']);
});

test("a distribution only one target installed", () => {
  const d = parityDifferences(three({ venv: { distributions: { ...machine.distributions, extra: "9" } } }));
  assert.equal(d, ['distributions.extra: docker (absent) | venv "9" | vm (absent)']);
});

test("another Python minor, env value, user id or workdir", () => {
  assert.equal(parityDifferences(three({ venv: { python: "3.12" } })), ['python: docker "3.11" | venv "3.12" | vm "3.11"']);
  assert.equal(parityDifferences(three({ docker: { env: { ...machine.env, LOG_LEVEL: "debug" } } })), [
    'env.LOG_LEVEL: docker "debug" | venv "info" | vm "info"',
  ]);
  assert.equal(parityDifferences(three({ vm: { user: { name: "app", uid: 1000, gid: 1000 } } })), [
    'user: docker {"gid":34092,"name":"app","uid":34092} | vm {"name":"app","uid":1000,"gid":1000}',
  ]);
  assert.equal(parityDifferences(three({ vm: { workdir: "/srv" } })), ['workdir: docker "/srv/app" | vm "/srv"']);
});

test("user, workdir and apt are compared only between machine-owning targets, and must be empty in a venv", () => {
  assert.equal(parityDifferences(three({ venv: { user: machine.user } })), [`user: venv does not own a user, yet reports ${JSON.stringify(machine.user)}`]);
  assert.equal(parityDifferences(three({ vm: { apt: { jq: "1.6-2.1" } } })), ['apt.jq: docker "1.6-2.1+deb12u2" | vm "1.6-2.1"']);
  assert.equal(parityDifferences(three({ docker: { user: null } })), [`user: docker null | vm ${JSON.stringify(machine.user)}`, "user: docker reports none"]);
});

test("a report without interpreter is a difference even when all agree", () => {
  const d = parityDifferences(three({ docker: { python: null }, venv: { python: null }, vm: { python: null } }));
  assert.equal(d, ["python: docker reports no interpreter", "python: venv reports no interpreter", "python: vm reports no interpreter"]);
});

const want: ExpectedEnvironment = {
  box: "app",
  fingerprint: machine.fingerprint,
  python: "3.11",
  pins: { "demo-lib": "1.0", "dep-one": "2.0" },
  absent: ["never-there"],
  env: { LOG_LEVEL: "info", GREETING: "it's $HOME" },
  user: { name: "app", uid: 34092, gid: 34092 },
  workdir: "/srv/app",
  apt: ["jq"],
};

test("agreeing targets can still all be wrong: each is checked against the source", () => {
  const [docker, v] = three();
  assert.equal(sourceDifferences(docker!, want), []);
  assert.equal(sourceDifferences(v!, want), []);
  const wrong = { ...docker!, report: { ...machine, distributions: { ...machine.distributions, "demo-lib": "1.1", "never-there": "9.0" } } };
  assert.equal(sourceDifferences(wrong, want), ['docker: demo-lib "1.1", source pins 1.0', "docker: never-there is installed though its marker is false"]);
  assert.equal(sourceDifferences({ ...docker!, report: { ...machine, env: { LOG_LEVEL: "info" } } }, want).length, 1);
  assert.equal(sourceDifferences({ ...docker!, report: { ...machine, apt: {} } }, want), ['docker: apt packages [], source ["jq"]']);
});

test("parseReport accepts a report and refuses anything else, saying why", () => {
  assert.equal(parseReport(JSON.stringify(machine), "x"), machine);
  assert.throws(() => parseReport("{", "where"), /where: not JSON/);
  assert.throws(() => parseReport(JSON.stringify({ ...machine, extra: 1 }), "r"), /fields are apt, box, distributions, env, extra/);
  assert.throws(() => parseReport(JSON.stringify({ ...machine, distributions: { a: 1 } }), "r"), /distributions is not an object of strings/);
  assert.throws(() => parseReport(JSON.stringify({ ...machine, user: { name: "app" } }), "r"), /user is neither null nor/);
});

test.run();
