/** Hand-made IR cases shared by the docker and compose tests. */
import type { Box, ProjectIR, Target } from "../../../src/ir/types.ts";
import { box, project, req } from "../../fixtures/ir.ts";

export const HOSTILE = [
  "it's $HOME \"quoted\"",
  "${PATH} $(id) `id` %{x} {{y}} %",
  "back\\slash\\ and trailing\\",
  "# not a comment",
  "-leading-dash",
  "  spaces around  ",
  "unicodé ✓ 日本 \u2028 \u00a0",
  "'single' \"double\" \\\" \\$",
  "$$ $$$ $",
  "a=b=c",
];

export const dockerTarget = (over: Partial<Extract<Target, { kind: "docker" }>> = {}): Extract<Target, { kind: "docker" }> => ({
  kind: "docker",
  declared: true,
  boxes: [],
  registry: null,
  baseRegistry: null,
  tag: null,
  ...over,
});

export const composeTarget = (boxes: string[], networkPrefix = "boxc"): Extract<Target, { kind: "compose" }> => ({
  kind: "compose",
  declared: true,
  boxes,
  networkPrefix,
});

export function shopBoxes(): Box[] {
  const api = box("api", {
    source: "shop.box",
    python: { version: "3.12", minor: "3.12", fromOs: false },
    pip: {
      indexUrl: "https://pypi.org/simple",
      extraIndexUrls: [],
      hashed: false,
      requirements: [req("fastapi", "==0.115.0"), req("numpy", "<2,>=1.26", { marker: "python_version >= '3.10'" }), req("uvicorn", "==0.30.6", { extras: ["standard"] })],
    },
    apt: [{ name: "curl", version: "7.88.1-10+deb12u8" }, { name: "libpq5", version: null }],
    files: [
      { source: "api", sourceKind: "dir", dest: "/srv/app" },
      { source: "config/logging.ini", sourceKind: "file", dest: "/etc/shop/logging.ini" },
    ],
    workdir: "/srv/app",
    env: [
      { name: "GREETING", value: "it's $HOME \"quoted\"" },
      { name: "LOG_LEVEL", value: "info" },
    ],
    secrets: [{ name: "DATABASE_URL", file: null }],
    build: ["python -m compileall -q /srv/app"],
    run: { form: "exec", argv: ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8080"] },
    expose: [{ port: 8080, protocol: "tcp" }],
    health: { check: { kind: "http", path: "/healthz", port: 8080 }, intervalMs: 10000, timeoutMs: 3000, retries: 3, startMs: 5000 },
    resources: { cpuMillis: 1500, memoryBytes: 1073741824, diskBytes: 10737418240 },
    connects: [
      { box: "cache", ports: [{ port: 6379, protocol: "tcp" }] },
      { box: "db", ports: [{ port: 5432, protocol: "tcp" }] },
    ],
    publish: [{ port: 8080, hostPort: 80, protocol: "tcp" }],
    stopSignal: "SIGINT",
  });
  const cache = box("cache", {
    source: "shop.box",
    os: null,
    python: null,
    image: { ref: "redis:7.2.5-bookworm", repository: "redis", tag: "7.2.5-bookworm", digest: null },
    user: null,
    workdir: null,
    run: null,
    expose: [{ port: 6379, protocol: "tcp" }],
    volumes: [{ name: "cache-data", path: "/data", sizeBytes: 1073741824 }],
  });
  const db = box("db", {
    source: "shop.box",
    python: null,
    apt: [{ name: "postgresql-15", version: null }],
    user: { name: "postgres", uid: 10002, gid: 10002 },
    secrets: [{ name: "POSTGRES_PASSWORD", file: "/run/secrets/postgres-password" }],
    run: { form: "exec", argv: ["/usr/lib/postgresql/15/bin/postgres", "-D", "/var/lib/postgresql/data"] },
    expose: [{ port: 5432, protocol: "tcp" }],
    health: { check: { kind: "command", argv: ["pg_isready", "-q"] }, intervalMs: 5000, timeoutMs: 2000, retries: 5, startMs: 0 },
    volumes: [{ name: "db-data", path: "/var/lib/postgresql/data", sizeBytes: 21474836480 }],
    restart: "on-failure",
  });
  const legacy = box("legacy-model", {
    source: "shop.box",
    python: { version: "3.8", minor: "3.8", fromOs: false },
    pip: { indexUrl: null, extraIndexUrls: [], hashed: false, requirements: [req("numpy", "==1.16.1")] },
    run: { form: "shell", command: "python -m legacy.serve" },
  });
  const exporter = box("export", {
    source: "shop.box",
    os: { id: "ubuntu:24.04", distro: "ubuntu", release: "24.04", codename: "noble", systemPython: "3.12" },
    python: { version: "3.12", minor: "3.12", fromOs: true },
    pip: {
      indexUrl: null,
      extraIndexUrls: ["https://example.org/simple"],
      hashed: true,
      requirements: [req("boto3", "==1.34.162", { hashes: ["sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64)] })],
    },
    user: { name: "exporter", uid: 10003, gid: 10003 },
    secrets: [{ name: "AWS_SECRET_ACCESS_KEY", file: null }],
    restart: "on-failure",
    resources: { cpuMillis: 1000, memoryBytes: 805306368, diskBytes: null },
  });
  const side = box("side", {
    source: "shop.box",
    os: { id: "ubuntu:22.04", distro: "ubuntu", release: "22.04", codename: "jammy", systemPython: "3.10" },
    python: { version: "3.12.4", minor: "3.12", fromOs: false },
    pip: { indexUrl: null, extraIndexUrls: [], hashed: false, requirements: [req("attrs", "==24.2.0")] },
    health: { check: { kind: "http", path: "/ready now", port: 9000 }, intervalMs: 30000, timeoutMs: 5000, retries: 3, startMs: 0 },
    expose: [{ port: 9000, protocol: "tcp" }, { port: 53, protocol: "udp" }],
  });
  return [api, cache, db, legacy, exporter, side];
}

export function shop(targets: (boxes: string[]) => Target[] = (b) => [dockerTarget({ boxes: b, registry: "ghcr.io/acme" }), composeTarget(b)]): ProjectIR {
  const boxes = shopBoxes();
  return project(boxes, targets(boxes.map((b) => b.name).sort()), "shop");
}
