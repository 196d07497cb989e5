import { test } from "uvu";
import * as assert from "uvu/assert";
import { box } from "../../fixtures/ir.ts";
import { GENERATED_MARKER } from "../../../targets/_shared/header.ts";
import { structuralProblems, unknownFields, validateModel } from "../../support/k8s-check.ts";
import {
  containerOf,
  deploymentOf,
  emit,
  fileObjects,
  kustomization,
  objectsOf,
  podSpecOf,
  projectWith,
  shopIR,
  type Obj,
} from "./cases.ts";

const meta = (o: Obj) => o["metadata"] as Obj;
const spec = (o: Obj) => o["spec"] as Obj;

test("the shop emits one manifest per box, the default-deny policy and a kustomization", () => {
  const out = emit(shopIR());
  assert.equal(
    out.files.map((f) => f.path),
    [
      "kubernetes/api.yaml",
      "kubernetes/cache.yaml",
      "kubernetes/db.yaml",
      "kubernetes/legacy-model.yaml",
      "kubernetes/_default-deny.yaml",
      "kubernetes/kustomization.yaml",
    ],
  );
  assert.equal(out.files.filter((f) => f.box !== undefined).map((f) => f.box), ["api", "cache", "db", "legacy-model"]);
  assert.equal(kustomization(out), {
    apiVersion: "kustomize.config.k8s.io/v1beta1",
    kind: "Kustomization",
    namespace: "shop",
    resources: ["_default-deny.yaml", "api.yaml", "cache.yaml", "db.yaml", "legacy-model.yaml"],
  });
});

test("every file starts with the generated header and follows the output rules", () => {
  const ir = shopIR();
  for (const f of emit(ir).files) {
    assert.ok(f.content.startsWith(`# ${GENERATED_MARKER} from shop.box.`), f.path);
    assert.ok(f.content.endsWith("\n") && !f.content.endsWith("\n\n"), f.path);
    assert.not.match(f.content, /\r/);
    assert.not.match(f.content, /\/work\/|\/tmp\//);
    assert.not.match(f.content, /[&*]a\d/, `${f.path} uses YAML anchors`);
  }
  const api = emit(ir).files.find((f) => f.path === "kubernetes/api.yaml")!;
  assert.match(api.content, `# Environment fingerprint of api: sha256:${"a".repeat(64)}`);
});

test("every object validates with kubernetes-models and has no field the models lack", () => {
  const out = emit(shopIR({ replicas: 1 }));
  const objects = objectsOf(out);
  assert.ok(objects.length >= 10);
  for (const o of objects) {
    validateModel(o);
    assert.equal(unknownFields(o), [], `${String(o["kind"])}/${String(meta(o)["name"])}`);
    assert.equal(structuralProblems(o), [], `${String(o["kind"])}/${String(meta(o)["name"])}`);
  }
});

test("the checks themselves catch a wrong object", () => {
  const d = deploymentOf(emit(shopIR()), "api");
  const broken = structuredClone(d);
  const pod = (spec(broken)["template"] as Obj)["spec"] as Obj;
  ((pod["containers"] as Obj[])[0]!["securityContext"] as Obj)["runAsNonroot"] = true;
  pod["hostNetwork2"] = true;
  assert.equal(unknownFields(broken), ["/spec/template/spec/containers/0/securityContext/runAsNonroot", "/spec/template/spec/hostNetwork2"]);
  pod["containers"] = [];
  (spec(broken)["selector"] as Obj)["matchLabels"] = { "app.kubernetes.io/name": "other" };
  const problems = structuralProblems(broken);
  assert.ok(problems.includes("no containers"), problems.join("; "));
  assert.ok(problems.some((p) => p.startsWith("selector")), problems.join("; "));
  const badReplicas = structuredClone(d);
  spec(badReplicas)["replicas"] = "two";
  assert.throws(() => validateModel(badReplicas));
});

test("Deployment: labels, selector equal to the pod labels, fingerprint annotation, replicas", () => {
  const d = deploymentOf(emit(shopIR({ replicas: 3 })), "api");
  const labels = {
    "app.kubernetes.io/name": "api",
    "app.kubernetes.io/part-of": "shop",
    "app.kubernetes.io/managed-by": "boxc",
  };
  assert.equal(meta(d)["labels"], labels);
  assert.equal(spec(d)["selector"], { matchLabels: labels });
  const template = spec(d)["template"] as Obj;
  assert.equal(meta(template)["labels"], labels);
  assert.equal(meta(template)["annotations"], { "boxc.io/fingerprint": `sha256:${"a".repeat(64)}` });
  assert.is(spec(d)["replicas"], 3);
  assert.is(spec(d)["strategy"], undefined);
});

test("container: image from the docker target, command/args from run, workingDir, resources", () => {
  const out = emit(shopIR());
  const api = containerOf(out, "api");
  assert.is(api["image"], `ghcr.io/acme/shop-api:${"a".repeat(12)}`);
  assert.equal(api["command"], ["uvicorn"]);
  assert.equal(api["args"], ["main:app", "--host", "0.0.0.0", "--port", "8080"]);
  assert.is(api["workingDir"], "/srv/app");
  assert.equal(api["resources"], {
    requests: { cpu: "1500m", memory: "1Gi", "ephemeral-storage": "10Gi" },
    limits: { cpu: "1500m", memory: "1Gi", "ephemeral-storage": "10Gi" },
  });
  assert.equal(api["ports"], [{ name: "tcp-8080", containerPort: 8080, protocol: "TCP" }]);

  const legacy = containerOf(out, "legacy-model");
  assert.equal(legacy["command"], ["/bin/sh"]);
  assert.equal(legacy["args"], ["-c", "python -m legacy.serve"]);
  assert.is(legacy["resources"], undefined);

  // An image box keeps its image's entrypoint and command: neither is set.
  const cache = containerOf(out, "cache");
  assert.is(cache["image"], "redis:7.2-bookworm");
  assert.is(cache["command"], undefined);
  assert.is(cache["args"], undefined);
  assert.is(cache["workingDir"], undefined);
});

test("an image box with run sets only args, keeping the image's ENTRYPOINT", () => {
  const b = box("proxy", {
    os: null,
    python: null,
    image: { ref: "nginx:1.27@sha256:" + "f".repeat(64), repository: "nginx", tag: "1.27", digest: "sha256:" + "f".repeat(64) },
    user: null,
    workdir: null,
    run: { form: "exec", argv: ["nginx", "-g", "daemon off;"] },
  });
  const c = containerOf(emit(projectWith([b])), "proxy");
  assert.is(c["command"], undefined);
  assert.equal(c["args"], ["nginx", "-g", "daemon off;"]);
  assert.is(c["image"], "nginx:1.27@sha256:" + "f".repeat(64));
});

test("env is sorted by name and secrets are secretKeyRef references to <box>-secrets", () => {
  const out = emit(shopIR());
  assert.equal(containerOf(out, "api")["env"], [
    { name: "DATABASE_URL", valueFrom: { secretKeyRef: { name: "api-secrets", key: "DATABASE_URL" } } },
    { name: "GREETING", value: 'it\'s $HOME "quoted"' },
    { name: "LOG_LEVEL", value: "info" },
  ]);
  // No Secret object is emitted: values never exist in boxc.
  assert.not.ok(objectsOf(out).some((o) => o["kind"] === "Secret"));
});

test("a file secret is a read-only 0400 Secret volume mounted with subPath at exactly its path", () => {
  const out = emit(shopIR());
  const db = containerOf(out, "db");
  assert.is(db["env"], undefined, "a file secret must not reach the environment");
  assert.equal(db["volumeMounts"], [
    { name: "v-db-data", mountPath: "/var/lib/postgresql/data" },
    { name: "secrets", mountPath: "/run/secrets/postgres-password", subPath: "POSTGRES_PASSWORD", readOnly: true },
  ]);
  assert.equal(podSpecOf(out, "db")["volumes"], [
    { name: "v-db-data", persistentVolumeClaim: { claimName: "db-db-data" } },
    {
      name: "secrets",
      secret: { secretName: "db-secrets", items: [{ key: "POSTGRES_PASSWORD", path: "POSTGRES_PASSWORD" }], defaultMode: 256 },
    },
  ]);
});

test("volumes: a PVC per volume (size or the 1Gi default), one replica, Recreate strategy", () => {
  const out = emit(shopIR({ replicas: 3 }));
  const claims = objectsOf(out).filter((o) => o["kind"] === "PersistentVolumeClaim");
  assert.equal(
    claims.map((c) => [meta(c)["name"], spec(c)]),
    [
      ["cache-cache-data", { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } }],
      ["db-db-data", { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "20Gi" } } }],
    ],
  );
  const db = deploymentOf(out, "db");
  assert.is(spec(db)["replicas"], 1);
  assert.equal(spec(db)["strategy"], { type: "Recreate" });
  const warnings = out.diagnostics.filter((d) => d.code === "BOX4504");
  assert.equal(warnings.map((d) => d.at), ["/boxes/1/volumes", "/boxes/2/volumes"]);
  assert.ok(warnings.every((d) => d.severity === "warning"));
});

test("replicas 0 (scaled down) applies to boxes with volumes too, without a warning", () => {
  const out = emit(shopIR({ replicas: 0 }));
  assert.is(spec(deploymentOf(out, "db"))["replicas"], 0);
  assert.equal(out.diagnostics.filter((d) => d.code === "BOX4504"), []);
});

test("probes from health: readiness and liveness with periods, timeouts, thresholds; startup from start", () => {
  const out = emit(shopIR());
  const api = containerOf(out, "api");
  const probe = { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 };
  assert.equal(api["readinessProbe"], probe);
  assert.equal(api["livenessProbe"], probe);
  assert.is(api["startupProbe"], undefined);

  const b = box("worker", {
    health: { check: { kind: "command", argv: ["python", "-c", "import sys; sys.exit(0)"] }, intervalMs: 5000, timeoutMs: 2000, retries: 2, startMs: 60_000 },
  });
  const c = containerOf(emit(projectWith([b])), "worker");
  assert.equal(c["livenessProbe"], {
    exec: { command: ["python", "-c", "import sys; sys.exit(0)"] },
    periodSeconds: 5,
    timeoutSeconds: 2,
    failureThreshold: 2,
  });
  assert.equal(c["startupProbe"], {
    exec: { command: ["python", "-c", "import sys; sys.exit(0)"] },
    periodSeconds: 5,
    timeoutSeconds: 2,
    failureThreshold: 14,
  });
});

test("an http probe path is URL-encoded as the kubelet parses it, keeping query and escapes", () => {
  const b = box("h", { health: { check: { kind: "http", path: "/a b/#x?q=1&r=%20é", port: 8080 }, intervalMs: 1000, timeoutMs: 1000, retries: 1, startMs: 0 } });
  const probe = containerOf(emit(projectWith([b])), "h")["readinessProbe"] as Obj;
  assert.equal(probe["httpGet"], { path: "/a%20b/%23x?q=1&r=%20%C3%A9", port: 8080 });
});

test("sub-second health durations are rounded up with a warning, never silently", () => {
  const b = box("w", {
    health: { check: { kind: "http", path: "/", port: 80 }, intervalMs: 1500, timeoutMs: 500, retries: 0, startMs: 0 },
  });
  const out = emit(projectWith([b]));
  const c = containerOf(out, "w");
  assert.equal(c["livenessProbe"], { httpGet: { path: "/", port: 80 }, periodSeconds: 2, timeoutSeconds: 1, failureThreshold: 1 });
  assert.equal(
    out.diagnostics.map((d) => [d.code, d.at]),
    [
      ["BOX4503", "/boxes/0/health/intervalMs"],
      ["BOX4503", "/boxes/0/health/timeoutMs"],
      ["BOX4507", "/boxes/0/health/retries"],
    ],
  );
});

test("securityContext: fixed UID/GID, non-root, no privilege escalation, drop ALL, RuntimeDefault seccomp", () => {
  const out = emit(shopIR());
  const pod = podSpecOf(out, "db");
  assert.equal(pod["securityContext"], {
    runAsNonRoot: true,
    runAsUser: 10002,
    runAsGroup: 10002,
    fsGroup: 10002,
    seccompProfile: { type: "RuntimeDefault" },
  });
  assert.equal(containerOf(out, "db")["securityContext"], { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
  assert.is(pod["automountServiceAccountToken"], false);
  assert.is(pod["enableServiceLinks"], false);
});

test("an image box without user keeps the image's user and gets only the root-then-drop capabilities", () => {
  const out = emit(shopIR());
  assert.equal(podSpecOf(out, "cache")["securityContext"], { seccompProfile: { type: "RuntimeDefault" } });
  assert.equal(containerOf(out, "cache")["securityContext"], {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"], add: ["CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID"] },
  });
});

test("a port below 1024 is made bindable by the unprivileged-port sysctl from that port, and only then", () => {
  const web = box("web", { expose: [{ port: 443, protocol: "tcp" }, { port: 8443, protocol: "tcp" }, { port: 80, protocol: "udp" }] });
  const high = box("high", { expose: [{ port: 1024, protocol: "tcp" }] });
  const out = emit(projectWith([web, high]));
  assert.equal((podSpecOf(out, "web")["securityContext"] as Obj)["sysctls"], [{ name: "net.ipv4.ip_unprivileged_port_start", value: "80" }]);
  assert.is((podSpecOf(out, "high")["securityContext"] as Obj)["sysctls"], undefined);
  assert.equal(containerOf(out, "web")["securityContext"], { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
});

test("a root box (allow-root) runs as UID 0 without runAsNonRoot", () => {
  const b = box("r", { user: { name: "root", uid: 0, gid: 0 }, allowRoot: true });
  const out = emit(projectWith([b]));
  assert.equal(podSpecOf(out, "r")["securityContext"], { runAsUser: 0, runAsGroup: 0, seccompProfile: { type: "RuntimeDefault" } });
  for (const o of objectsOf(out)) validateModel(o);
});

test("Services: ClusterIP with named TCP/UDP ports for expose, LoadBalancer for publish", () => {
  const b = box("dns", {
    expose: [{ port: 53, protocol: "tcp" }, { port: 53, protocol: "udp" }, { port: 9000, protocol: "tcp" }],
    publish: [{ port: 53, hostPort: 5353, protocol: "udp" }],
  });
  const services = objectsOf(emit(projectWith([b]))).filter((o) => o["kind"] === "Service");
  assert.equal(
    services.map((s) => [meta(s)["name"], spec(s)["type"], spec(s)["ports"]]),
    [
      [
        "dns",
        "ClusterIP",
        [
          { name: "tcp-53", protocol: "TCP", port: 53, targetPort: "tcp-53" },
          { name: "udp-53", protocol: "UDP", port: 53, targetPort: "udp-53" },
          { name: "tcp-9000", protocol: "TCP", port: 9000, targetPort: "tcp-9000" },
        ],
      ],
      ["dns-public", "LoadBalancer", [{ name: "udp-5353", protocol: "UDP", port: 5353, targetPort: "udp-53" }]],
    ],
  );
  for (const s of services) assert.equal(spec(s)["selector"], meta(s)["labels"]);
});

test("a box that exposes nothing gets no Service; connected to nobody, no NetworkPolicy of its own", () => {
  const out = emit(shopIR());
  const legacy = fileObjects(out, "kubernetes/legacy-model.yaml");
  assert.equal(legacy.map((o) => o["kind"]), ["Deployment"]);
});

test("the default-deny policy selects every pod, both directions, DNS egress only", () => {
  const [policy] = fileObjects(emit(shopIR()), "kubernetes/_default-deny.yaml");
  assert.equal(spec(policy!)["podSelector"], {});
  assert.equal(spec(policy!)["policyTypes"], ["Ingress", "Egress"]);
  assert.is(spec(policy!)["ingress"], undefined);
  assert.equal((spec(policy!)["egress"] as Obj[]).length, 1);
});

test("without a namespace option the kustomization has no namespace", () => {
  const out = emit(projectWith([box("a")], { namespace: null }));
  assert.equal(kustomization(out), {
    apiVersion: "kustomize.config.k8s.io/v1beta1",
    kind: "Kustomization",
    resources: ["_default-deny.yaml", "a.yaml"],
  });
});

test("a target with no boxes emits nothing", () => {
  const out = emit(projectWith([], {}));
  assert.equal(out.files, []);
});

test("names kubernetes cannot take are errors pointing into the IR", () => {
  const b = box("9lives", {
    expose: [{ port: 80, protocol: "tcp" }],
    volumes: [{ name: "Data_Dir", path: "/data", sizeBytes: null }],
  });
  const out = emit(projectWith([b], { namespace: "Bad_NS" }, "my shop!"));
  const errors = out.diagnostics.filter((d) => d.code === "BOX4501");
  assert.equal(
    errors.map((d) => d.at),
    ["/project", "/targets/0/namespace", "/boxes/0/volumes/0/name", "/boxes/0/volumes/0/name", "/boxes/0/expose"],
  );
  assert.ok(errors.every((d) => d.severity === "error"));
  assert.match(errors[0]!.message, "`my shop!` is not a valid kubernetes label value");
});

test("derived names that collide are an error", () => {
  const a = box("a", { volumes: [{ name: "b-c", path: "/x", sizeBytes: null }] });
  const ab = box("a-b", { volumes: [{ name: "c", path: "/y", sizeBytes: null }] });
  const x = box("x", { publish: [{ port: 80, hostPort: 80, protocol: "tcp" }], expose: [{ port: 80, protocol: "tcp" }] });
  const xp = box("x-public", { expose: [{ port: 81, protocol: "tcp" }] });
  const out = emit(projectWith([a, ab, x, xp]));
  assert.equal(
    out.diagnostics.filter((d) => d.code === "BOX4508").map((d) => d.message),
    [
      "the kubernetes PersistentVolumeClaim `a-b-c` would be generated twice: for volume `b-c` of box `a` and for volume `c` of box `a-b`",
      "the kubernetes Service `x-public` would be generated twice: for the published ports of box `x` and for the ports of box `x-public`",
    ],
  );
});

test("two mounts at one path are an error", () => {
  const b = box("m", {
    volumes: [{ name: "data", path: "/data/key", sizeBytes: null }],
    secrets: [{ name: "KEY", file: "/data/key" }],
  });
  const out = emit(projectWith([b]));
  assert.equal(out.diagnostics.map((d) => [d.code, d.at]), [["BOX4505", "/boxes/0/secrets/0/file"]]);
});

test("a non-default stop signal on a pinned image that boxc does not build is an error", () => {
  const pinned = box("p", {
    os: null,
    python: null,
    image: { ref: "redis:7.2", repository: "redis", tag: "7.2", digest: null },
    user: null,
    stopSignal: "SIGQUIT",
  });
  const built = box("q", { ...pinned, name: "q", build: ["true"] });
  const out = emit(projectWith([pinned, built]));
  assert.equal(out.diagnostics.map((d) => [d.code, d.at, d.severity]), [["BOX4502", "/boxes/0/stopSignal", "error"]]);
  // The os box of the shop has SIGINT: its image (built by the docker target) carries it.
  assert.equal(emit(shopIR()).diagnostics.filter((d) => d.code === "BOX4502"), []);
});

test("a connection to a box outside the target warns", () => {
  const a = box("a", { connects: [{ box: "b", ports: [{ port: 1, protocol: "tcp" }] }] });
  const b = box("b", { expose: [{ port: 1, protocol: "tcp" }] });
  const ir = projectWith([a, b]);
  const only = { ...ir, targets: [{ ...ir.targets[0]!, boxes: ["a"] }] };
  const out = emit(only);
  assert.equal(out.diagnostics.map((d) => [d.code, d.at]), [["BOX4506", "/boxes/0/connects/0"]]);
  assert.equal(out.files.map((f) => f.path), ["kubernetes/a.yaml", "kubernetes/_default-deny.yaml", "kubernetes/kustomization.yaml"]);
});

test("output is deterministic", () => {
  assert.equal(emit(shopIR()), emit(shopIR()));
});

test.run();
