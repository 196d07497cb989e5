/**
 * Real provisioning: the user-data of a two-box machine runs through the real cloud-init
 * stages in a container (Debian 12 + Debian's cloud-init, NoCloud seed), whose `runcmd` runs
 * the staged provision.sh. Both boxes get their own venv with their own pin of the same
 * package from a local PEP 503 index, their files, volume, build step, units and a passing
 * environment check (/etc/boxc/<box>.json). Running provision.sh a second time must change
 * nothing and succeed (idempotence).
 *
 * Python side by side (a python.org build) needs www.python.org, which these machines cannot
 * reach: both boxes here use the OS's Python; the side-by-side path is covered by the
 * structure tests and shellcheck only.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { VmTarget } from "../../../src/ir/types.ts";
import { vmBackend } from "../../../targets/vm/target.ts";
import { box, project, req } from "../../fixtures/ir.ts";
import { buildWheels } from "../../support/wheels.ts";
import { startIndex } from "../../support/pypi-index.ts";
import { ensureCloudInitImage } from "../../e2e/images.ts";
import { tempDir, writeTree } from "./tools.ts";
import { vmTarget } from "./cases.ts";

function podmanUsable(): string | null {
  const r = spawnSync("podman", ["info", "--format", "{{.Host.OCIRuntime.Name}}"], { encoding: "utf8" });
  return r.status === 0 ? null : `podman info failed: ${r.stderr.trim().split("\n")[0]}`;
}

test("two boxes provision in their own venvs through cloud-init + provision.sh", async () => {
  const unusable = podmanUsable();
  if (unusable) {
    // Loud: REAL-TOOLS.md says podman is installed; this only triggers on a broken machine.
    console.log(`SKIP real provisioning: ${unusable}`);
    return;
  }
  const image = ensureCloudInitImage((s) => console.log(s));
  const dir = tempDir("provision");
  const wheels = join(dir.path, "wheels");
  mkdirSync(wheels);
  buildWheels(wheels, [
    { name: "demo-lib", version: "1.0" },
    { name: "demo-lib", version: "2.0" },
  ]);
  const index = await startIndex(wheels);
  try {
    const pip = (version: string) => ({ indexUrl: index.url, extraIndexUrls: [], requirements: [req("demo-lib", `==${version}`)], hashed: false });
    const api = box("api", {
      fingerprint: "sha256:" + "a1".repeat(32),
      pip: pip("1.0"),
      files: [{ source: "app", sourceKind: "dir", dest: "/srv/api" }],
      workdir: "/srv/api",
      env: [{ name: "GREETING", value: `it's $HOME "quoted" %h {{x}} \${y}` }],
      build: ["touch built-by-boxc"],
      volumes: [{ name: "data", path: "/var/lib/api-data", sizeBytes: null }],
      expose: [{ port: 8080, protocol: "tcp" }],
      publish: [{ port: 8080, hostPort: 80, protocol: "tcp" }],
    });
    const worker = box("worker", {
      fingerprint: "sha256:" + "b2".repeat(32),
      pip: pip("2.0"),
      user: { name: "worker", uid: 10002, gid: 10002 },
      run: { form: "shell", command: "python -m worker" },
    });
    const ir = project([api, worker], [vmTarget("m", ["api", "worker"])], "demo");
    const out = vmBackend.emit(ir, ir.targets[0] as VmTarget);
    assert.equal(out.diagnostics, []);
    const get = (suffix: string) => out.files.find((f) => f.path.endsWith(suffix))!.content;

    // The stage Packer would upload, and the NoCloud seed.
    writeTree(join(dir.path, "stage"), [
      { path: "provision.sh", content: get("provision.sh") },
      { path: "files/api/0/main.py", content: "print('hello')\n" },
    ]);
    writeTree(join(dir.path, "seed"), [
      { path: "user-data", content: get("user-data") },
      { path: "meta-data", content: "instance-id: boxc-vm-test\nlocal-hostname: boxc-vm-test\n" },
    ]);
    const script = [
      "set -e",
      "cloud-init init --local >/dev/null 2>&1 || true",
      "cloud-init init >/dev/null 2>&1 || true",
      "cloud-init modules --mode=config >/dev/null 2>&1 || true",
      "cloud-init modules --mode=final >/dev/null 2>&1 || true",
      'grep -q "boxc: machine provisioned" /var/log/cloud-init-output.log || { cat /var/log/cloud-init-output.log; exit 1; }',
      "echo '--- second run'",
      "sh /var/lib/boxc/stage/provision.sh /var/lib/boxc/stage >/tmp/second.log 2>&1 || { tail -30 /tmp/second.log; exit 1; }",
      "echo '--- checks'",
      "/opt/boxc/api/venv/bin/python -c 'import importlib.metadata as m; print(\"api\", m.version(\"demo-lib\"))'",
      "/opt/boxc/worker/venv/bin/python -c 'import importlib.metadata as m; print(\"worker\", m.version(\"demo-lib\"))'",
      "id app; id worker",
      "stat -c '%U %n' /srv/api/main.py /var/lib/api-data",
      "test -f /srv/api/built-by-boxc && echo built",
      "python3 -c 'import json; [print(b, json.load(open(\"/etc/boxc/%s.json\" % b))[\"distributions\"]) for b in (\"api\", \"worker\")]'",
      "ls /etc/systemd/system/multi-user.target.wants/ | grep boxc",
      "cat /etc/boxc/api.env",
    ].join("\n");
    const r = spawnSync(
      "podman",
      ["run", "--rm", "--network=host", "-v", `${join(dir.path, "seed")}:/var/lib/cloud/seed/nocloud:ro`, "-v", `${join(dir.path, "stage")}:/var/lib/boxc/stage:ro`, image, "sh", "-c", script],
      { encoding: "utf8", timeout: 600_000 },
    );
    const text = `${r.stdout}${r.stderr}`;
    assert.is(r.status, 0, text.slice(-6000));
    assert.match(text, "api 1.0");
    assert.match(text, "worker 2.0");
    assert.match(text, /uid=10001\(app\) gid=10001\(app\)/);
    assert.match(text, /uid=10002\(worker\) gid=10002\(worker\)/);
    assert.match(text, "app /srv/api/main.py");
    assert.match(text, "app /var/lib/api-data");
    assert.match(text, "built");
    assert.match(text, "api {'demo-lib': '1.0'");
    assert.match(text, "worker {'demo-lib': '2.0'");
    assert.match(text, "boxc-api.service");
    assert.match(text, "boxc-worker.service");
  } finally {
    await index.stop();
    dir.remove();
  }
});

test.run();
