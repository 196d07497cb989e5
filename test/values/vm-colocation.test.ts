import { test } from "uvu";
import * as assert from "uvu/assert";
import { checkVmColocation } from "../../src/check/rules/vm-colocation.ts";
import { box, project } from "../fixtures/ir.ts";
import type { Box, Target, VmTarget } from "../../src/ir/types.ts";
import type { Span } from "../../src/source/span.ts";

const UBUNTU = { id: "ubuntu:24.04", distro: "ubuntu", release: "24.04", codename: "noble", systemPython: "3.12" } as const;

function vm(boxes: string[], name = "web"): VmTarget {
  return { kind: "vm", declared: true, boxes: [...boxes].sort(), name, cloud: "aws", region: null, instance: null, diskBytes: null };
}

/** Origins where every pointer of interest maps to a distinct, recognizable span. */
function originsFor(paths: string[]): Map<string, Span> {
  return new Map(paths.map((p, i) => [p, { file: "app.box", start: i * 10, end: i * 10 + 5 }]));
}

function run(boxes: Box[], targets: Target[], paths: string[]) {
  const origins = originsFor(paths);
  const ds = checkVmColocation(project(boxes, targets), origins);
  const where = (s: Span | undefined) => [...origins].find(([, v]) => s !== undefined && v.start === s.start && v.end === s.end)?.[0] ?? "?";
  return ds.map((d) => ({
    code: d.code,
    message: d.message,
    at: where(d.span),
    related: d.related.map((r) => `${where(r.span)}: ${r.message}`),
    help: d.help,
  }));
}

test("no conflict: different pip pins and pythons, pinned + unpinned apt, different ports", () => {
  const a = box("api", { apt: [{ name: "curl", version: "7.88.1-10+deb12u8" }, { name: "libpq5", version: null }], expose: [{ port: 8080, protocol: "tcp" }] });
  const b = box("worker", {
    python: { version: "3.12", minor: "3.12", fromOs: false },
    apt: [{ name: "curl", version: null }, { name: "libpq5", version: null }],
    expose: [{ port: 8080, protocol: "udp" }, { port: 9090, protocol: "tcp" }],
    volumes: [{ name: "data", path: "/srv/worker/data", sizeBytes: null }],
    publish: [{ port: 9090, hostPort: 9090, protocol: "tcp" }],
  });
  assert.equal(run([a, b], [vm(["api", "worker"])], []), []);
});

test("boxes on different machines or other targets never conflict", () => {
  const a = box("api", { expose: [{ port: 80, protocol: "tcp" }] });
  const b = box("web", { os: UBUNTU, expose: [{ port: 80, protocol: "tcp" }] });
  const compose: Target = { kind: "compose", declared: true, boxes: ["api", "web"], networkPrefix: "boxc" };
  assert.equal(run([a, b], [compose, vm(["api"], "one"), vm(["web"], "two")], []), []);
});

test("different os releases", () => {
  const a = box("api");
  const b = box("web", { os: UBUNTU });
  const got = run([a, b], [vm(["api", "web"])], ["/boxes/0/os", "/boxes/1/os", "/targets/0/boxes"]);
  assert.equal(got, [{
    code: "BOX3001",
    message: "boxes `api` and `web` share vm `web` but need different os releases (`debian:12` and `ubuntu:24.04`)",
    at: "/boxes/1/os",
    related: ["/boxes/0/os: `api` uses it here", "/targets/0/boxes: vm `web` puts them on one machine here"],
    help: "put them on two machines (two `target vm`), or use containers",
  }]);
});

test("one apt package at two versions", () => {
  const a = box("api", { apt: [{ name: "curl", version: "7.88.1-10" }, { name: "zlib1g", version: "1:1.2.13" }] });
  const b = box("web", { apt: [{ name: "curl", version: "7.88.1-10+deb12u8" }, { name: "zlib1g", version: "1:1.2.13" }] });
  const got = run([a, b], [vm(["web", "api"])], ["/boxes/0/apt/0", "/boxes/1/apt/0"]);
  assert.equal(got.map((d) => [d.code, d.message, d.at, d.related]), [[
    "BOX3002",
    "boxes `api` and `web` share vm `web` but need apt package `curl` at versions `7.88.1-10` and `7.88.1-10+deb12u8`",
    "/boxes/1/apt/0",
    ["/boxes/0/apt/0: `api` uses it here"],
  ]]);
});

test("one listening port, same protocol", () => {
  const a = box("api", { expose: [{ port: 53, protocol: "udp" }, { port: 8080, protocol: "tcp" }] });
  const b = box("web", { expose: [{ port: 53, protocol: "tcp" }, { port: 8080, protocol: "tcp" }] });
  const got = run([a, b], [vm(["api", "web"])], ["/boxes/0/expose/1", "/boxes/1/expose/1", "/targets/0"]);
  assert.equal(got.map((d) => [d.code, d.message, d.at, d.related]), [[
    "BOX3003",
    "boxes `api` and `web` share vm `web` and both listen on TCP port 8080",
    "/boxes/1/expose/1",
    ["/boxes/0/expose/1: `api` uses it here", "/targets/0: vm `web` puts them on one machine here"],
  ]]);
});

test("one path for secrets and volumes", () => {
  const a = box("api", {
    secrets: [{ name: "A", file: "/run/secrets/pw" }, { name: "B", file: null }],
    volumes: [{ name: "data", path: "/var/data", sizeBytes: null }],
  });
  const b = box("db", {
    secrets: [{ name: "B", file: null }, { name: "C", file: "/var/data" }],
    volumes: [{ name: "pw", path: "/run/secrets/pw", sizeBytes: null }],
  });
  const got = run([a, b], [vm(["api", "db"])], ["/boxes/0/secrets/0", "/boxes/0/volumes/0", "/boxes/1/secrets/1", "/boxes/1/volumes/0"]);
  assert.equal(got.map((d) => [d.code, d.message, d.at, d.related]), [
    ["BOX3004", "boxes `api` and `db` share vm `web` and both use the path `/var/data`", "/boxes/1/secrets/1", ["/boxes/0/volumes/0: `api` uses it here"]],
    ["BOX3004", "boxes `api` and `db` share vm `web` and both use the path `/run/secrets/pw`", "/boxes/1/volumes/0", ["/boxes/0/secrets/0: `api` uses it here"]],
  ]);
});

test("copy destinations: a conflict only when the sources differ", () => {
  const shared = { source: "conf/ca.pem", sourceKind: "file", dest: "/etc/ssl/ca.pem" } as const;
  const a = box("api", { files: [shared, { source: "api", sourceKind: "dir", dest: "/srv/app" }] });
  const b = box("web", { files: [shared, { source: "web", sourceKind: "dir", dest: "/srv/app" }], volumes: [{ name: "x", path: "/etc/ssl/ca.pem", sizeBytes: null }] });
  const got = run([a, b], [vm(["api", "web"])], ["/boxes/0/files/0", "/boxes/0/files/1", "/boxes/1/files/1", "/boxes/1/volumes/0"]);
  assert.equal(got.map((d) => [d.code, d.message, d.at, d.related]), [
    ["BOX3004", "boxes `api` and `web` share vm `web` and both use the path `/etc/ssl/ca.pem`", "/boxes/1/volumes/0", ["/boxes/0/files/0: `api` uses it here"]],
    ["BOX3004", "boxes `api` and `web` share vm `web` and both use the path `/srv/app`", "/boxes/1/files/1", ["/boxes/0/files/1: `api` uses it here"]],
  ]);
});

test("one published host port", () => {
  const a = box("api", { expose: [{ port: 8080, protocol: "tcp" }], publish: [{ port: 8080, hostPort: 80, protocol: "tcp" }] });
  const b = box("web", { expose: [{ port: 8081, protocol: "tcp" }], publish: [{ port: 8081, hostPort: 80, protocol: "tcp" }] });
  const got = run([a, b], [vm(["api", "web"])], ["/boxes/0/publish/0", "/boxes/1"]);
  assert.equal(got.map((d) => [d.code, d.message, d.at, d.related, d.help]), [[
    "BOX3005",
    "boxes `api` and `web` share vm `web` and both publish TCP host port 80",
    "/boxes/1",
    ["/boxes/0/publish/0: `api` uses it here"],
    "publish them on different host ports (`publish PORT on HOSTPORT`), put them on two machines (two `target vm`), or use containers",
  ]]);
});

test("three boxes: each later box is reported against the first claim", () => {
  const a = box("a", { expose: [{ port: 80, protocol: "tcp" }] });
  const b = box("b", { expose: [{ port: 80, protocol: "tcp" }] });
  const c = box("c", { expose: [{ port: 80, protocol: "tcp" }] });
  const got = run([a, b, c], [vm(["a", "b", "c"])], []);
  assert.equal(got.map((d) => d.message), [
    "boxes `a` and `b` share vm `web` and both listen on TCP port 80",
    "boxes `a` and `c` share vm `web` and both listen on TCP port 80",
  ]);
  assert.equal(got.map((d) => d.at), ["?", "?"], "no origins: no span");
});

test.run();
