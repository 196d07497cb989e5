/** The test wheels are deterministic and valid zips with a consistent RECORD. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { buildWheels, wheelBytes } from "../../support/wheels.ts";

const spec = { name: "Demo.Lib", version: "1.0", extras: ["fast"], requires: ["dep-one==2.0", 'speedup==0.5; extra == "fast"'] };

test("same spec, same bytes and sha256", () => {
  const a = mkdtempSync(join(tmpdir(), "boxc-wheels-"));
  const b = mkdtempSync(join(tmpdir(), "boxc-wheels-"));
  try {
    const [wa] = buildWheels(a, [spec]);
    const [wb] = buildWheels(b, [spec]);
    assert.equal(wa, wb);
    assert.is(wa!.file, "demo_lib-1.0-py3-none-any.whl");
    assert.ok(readFileSync(join(a, wa!.file)).equals(wheelBytes(spec).data));
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

test("Python's zipfile reads it, CRCs and RECORD hashes agree, metadata is as given", () => {
  const dir = mkdtempSync(join(tmpdir(), "boxc-wheels-"));
  try {
    const [w] = buildWheels(dir, [spec]);
    const py = String.raw`
import base64, hashlib, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
info = "demo_lib-1.0.dist-info/"
for line in z.read(info + "RECORD").decode().splitlines():
    path, digest, size = line.split(",")
    if not digest:
        continue
    data = z.read(path)
    want = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    assert digest == want and int(size) == len(data), path
print(z.read(info + "METADATA").decode(), end="")
`;
    const r = spawnSync("/usr/bin/python3", ["-c", py, join(dir, w!.file)], { encoding: "utf8" });
    assert.is(r.status, 0, r.stderr);
    assert.is(r.stdout, 'Metadata-Version: 2.1\nName: Demo.Lib\nVersion: 1.0\nProvides-Extra: fast\nRequires-Dist: dep-one==2.0\nRequires-Dist: speedup==0.5; extra == "fast"\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
