/**
 * The end-to-end project compiles cleanly, and the suite's edits and readings of its
 * artifacts do what they claim on the real generated files: a broken pin changes only the
 * install line (the check still expects the source's version), and the Packer uploads and
 * cloud-init staging folder are read from the artifacts themselves.
 */
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compile, emit } from "../../src/compile.ts";
import { nodeHost } from "../../src/host/node.ts";
import { breakDockerfilePin, breakProvisionPin, breakRequirementsPin } from "./break-pin.ts";
import { loopbackPort } from "./index-server.ts";
import { cloudInitStage, packerStage, packerUploads } from "./vm.ts";
import { ENTRY, PROJECT_SOURCE } from "./workspace.ts";

const compiled = compile({ entries: [join(PROJECT_SOURCE, ENTRY)], root: PROJECT_SOURCE, host: nodeHost });
const emitted = compiled.ir ? emit(compiled.ir, { outDir: "out" }) : { files: [], diagnostics: [] };
const file = (path: string) => {
  const f = emitted.files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path} among ${emitted.files.map((x) => x.path).join(", ")}`);
  return f.content;
};
const LINE = "demo-lib[fast]==1.0";
const BROKEN = "demo-lib[fast]==1.1";

/** Lines of `b` that differ from `a` (same line count expected). */
function changedLines(a: string, b: string): string[] {
  const al = a.split("\n");
  const bl = b.split("\n");
  assert.is(bl.length, al.length);
  return bl.filter((l, i) => l !== al[i]);
}

test("the e2e project compiles with no diagnostics", () => {
  assert.equal(compiled.diagnostics.map((d) => `${d.code} ${d.message}`), []);
  assert.equal(emitted.diagnostics.map((d) => `${d.code} ${d.message}`), []);
  assert.ok(compiled.ir!.boxes.find((b) => b.name === "app")!.pip.requirements.some((r) => r.line === LINE));
});

test("its index is a loopback address the suite can serve", () => {
  assert.is(loopbackPort(compiled.ir!.boxes.find((b) => b.name === "app")!.pip.indexUrl!), 38517);
  assert.throws(() => loopbackPort("https://pypi.org/simple"), /must declare its index as http:\/\/127\.0\.0\.1:PORT/);
});

test("Dockerfile: only the pip install line changes; the check still expects 1.0", () => {
  const before = file("docker/app/Dockerfile");
  const after = breakDockerfilePin(before, LINE, BROKEN);
  const changed = changedLines(before, after);
  assert.is(changed.length, 1);
  assert.match(changed[0]!, /^RUN \["\/opt\/venv\/bin\/python", "-m", "pip", "install".*"demo-lib\[fast\]==1\.1"/);
  const verify = after.split("\n").find((l) => l.includes("boxc environment check"))!;
  assert.ok(verify.includes("demo-lib[fast]==1.0"), "the check's expectation was changed too");
  assert.throws(() => breakDockerfilePin(before, "no-such==1", "x"), /found 0/);
});

test("requirements.txt: exactly the requirement's line", () => {
  const before = file("venv/app/requirements.txt");
  assert.equal(changedLines(before, breakRequirementsPin(before, LINE, BROKEN)), [BROKEN]);
  assert.throws(() => breakRequirementsPin(before, "demo-lib", BROKEN), /found 0/);
});

test("provision.sh: only the pip command changes; the check still expects 1.0", () => {
  const before = file("vm/parity/provision.sh");
  const after = breakProvisionPin(before, LINE, BROKEN);
  const changed = changedLines(before, after);
  assert.is(changed.length, 1);
  assert.match(changed[0]!, /^PIP_CONFIG_FILE=\/dev\/null .* 'demo-lib\[fast\]==1\.1'/);
  const expectation = after.split("\n").find((l) => l.startsWith("EXPECTED = json.loads("))!;
  assert.ok(expectation.includes('\\"line\\":\\"demo-lib[fast]==1.0\\"'), "the check's expectation was changed too");
});

test("Packer uploads and the cloud-init staging folder come from the artifacts", () => {
  const hcl = file("vm/parity/parity.pkr.hcl");
  assert.is(packerStage(hcl), "/tmp/boxc-stage");
  assert.equal(packerUploads(hcl, "/P", "/T"), [
    { source: "/P/app/", destination: "/tmp/boxc-stage/files/app/0" },
    { source: "/T/provision.sh", destination: "/tmp/boxc-stage/provision.sh" },
  ]);
  assert.is(cloudInitStage(file("vm/parity/user-data")), "/var/lib/boxc/stage");
});

test.run();
