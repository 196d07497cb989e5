/**
 * Hand-made IR cases for the kubernetes target (no parser involved), and helpers that run
 * the backend and read its manifests back.
 */
import { parseAllDocuments, parse } from "yaml";
import { box, project } from "../../fixtures/ir.ts";
import type { Box, KubernetesTarget, ProjectIR, Target } from "../../../src/ir/types.ts";
import { kubernetesBackend } from "../../../targets/kubernetes/target.ts";
import type { TargetOutput } from "../../../targets/_shared/api.ts";

export const k8sTarget = (boxes: readonly string[], over: Partial<KubernetesTarget> = {}): KubernetesTarget => ({
  kind: "kubernetes",
  declared: true,
  boxes: [...boxes].sort(),
  namespace: "shop",
  replicas: 1,
  ...over,
});

const fp = (c: string) => `sha256:${c.repeat(64)}`;

/** The shop of LANGUAGE.md, as lowering would produce it. */
export function shopIR(targetOver: Partial<KubernetesTarget> = {}): ProjectIR {
  const api = box("api", {
    source: "shop.box",
    fingerprint: fp("a"),
    python: { version: "3.12", minor: "3.12", fromOs: false },
    workdir: "/srv/app",
    env: [
      { name: "GREETING", value: 'it\'s $HOME "quoted"' },
      { name: "LOG_LEVEL", value: "info" },
    ],
    secrets: [{ name: "DATABASE_URL", file: null }],
    build: ["python -m compileall -q /srv/app"],
    run: { form: "exec", argv: ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8080"] },
    expose: [{ port: 8080, protocol: "tcp" }],
    health: { check: { kind: "http", path: "/healthz", port: 8080 }, intervalMs: 10_000, timeoutMs: 3_000, retries: 3, startMs: 0 },
    resources: { cpuMillis: 1500, memoryBytes: 1024 ** 3, diskBytes: 10 * 1024 ** 3 },
    connects: [
      { box: "cache", ports: [{ port: 6379, protocol: "tcp" }] },
      { box: "db", ports: [{ port: 5432, protocol: "tcp" }] },
    ],
    publish: [{ port: 8080, hostPort: 80, protocol: "tcp" }],
    stopSignal: "SIGINT",
  });
  const cache = box("cache", {
    source: "shop.box",
    fingerprint: fp("c"),
    os: null,
    python: null,
    image: { ref: "redis:7.2-bookworm", repository: "redis", tag: "7.2-bookworm", digest: null },
    workdir: null,
    user: null,
    run: null,
    expose: [{ port: 6379, protocol: "tcp" }],
    volumes: [{ name: "cache-data", path: "/data", sizeBytes: null }],
  });
  const legacy = box("legacy-model", {
    source: "shop.box",
    fingerprint: fp("b"),
    os: { id: "debian:12", distro: "debian", release: "12", codename: "bookworm", systemPython: "3.11" },
    python: { version: "3.8", minor: "3.8", fromOs: false },
    workdir: "/srv/app",
    run: { form: "shell", command: "python -m legacy.serve" },
  });
  const db = box("db", {
    source: "shop.box",
    fingerprint: fp("d"),
    python: null,
    apt: [{ name: "postgresql-15", version: null }],
    user: { name: "postgres", uid: 10002, gid: 10002 },
    secrets: [{ name: "POSTGRES_PASSWORD", file: "/run/secrets/postgres-password" }],
    run: { form: "exec", argv: ["/usr/lib/postgresql/15/bin/postgres", "-D", "/var/lib/postgresql/data"] },
    expose: [{ port: 5432, protocol: "tcp" }],
    volumes: [{ name: "db-data", path: "/var/lib/postgresql/data", sizeBytes: 20 * 1024 ** 3 }],
    restart: "on-failure",
  });
  const boxes = [api, cache, db, legacy];
  const targets: Target[] = [
    { kind: "docker", declared: true, boxes: ["api", "cache", "db", "legacy-model"], registry: "ghcr.io/acme", baseRegistry: null, tag: null },
    k8sTarget(boxes.map((b) => b.name), targetOver),
  ];
  return project(boxes, targets, "shop");
}

export function emit(ir: ProjectIR): TargetOutput {
  const target = ir.targets.find((t): t is KubernetesTarget => t.kind === "kubernetes");
  if (!target) throw new Error("no kubernetes target in the IR");
  return kubernetesBackend.emit(ir, target);
}

export function projectWith(boxes: readonly Box[], over: Partial<KubernetesTarget> = {}, name = "demo"): ProjectIR {
  return project(boxes, [k8sTarget(boxes.map((b) => b.name), over)], name);
}

export type Obj = Record<string, unknown>;

/** Every object of every manifest of the output (kustomization excluded). */
export function objectsOf(out: TargetOutput): Obj[] {
  return out.files
    .filter((f) => !f.path.endsWith("kustomization.yaml"))
    .flatMap((f) => parseAllDocuments(f.content).map((d) => d.toJS() as Obj));
}

export function fileObjects(out: TargetOutput, path: string): Obj[] {
  const f = out.files.find((x) => x.path === path);
  if (!f) throw new Error(`no file ${path}; have ${out.files.map((x) => x.path).join(", ")}`);
  return parseAllDocuments(f.content).map((d) => d.toJS() as Obj);
}

export function kustomization(out: TargetOutput): Obj {
  return parse(out.files.find((f) => f.path === "kubernetes/kustomization.yaml")!.content) as Obj;
}

export function deploymentOf(out: TargetOutput, boxName: string): Obj {
  const d = objectsOf(out).find((o) => o["kind"] === "Deployment" && (o["metadata"] as Obj)["name"] === boxName);
  if (!d) throw new Error(`no Deployment ${boxName}`);
  return d;
}

export function containerOf(out: TargetOutput, boxName: string): Obj {
  const spec = ((deploymentOf(out, boxName)["spec"] as Obj)["template"] as Obj)["spec"] as Obj;
  return (spec["containers"] as Obj[])[0]!;
}

export function podSpecOf(out: TargetOutput, boxName: string): Obj {
  return ((deploymentOf(out, boxName)["spec"] as Obj)["template"] as Obj)["spec"] as Obj;
}
