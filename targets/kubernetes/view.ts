/**
 * IR → Kubernetes objects. Every decision of the target is taken here, and every value is
 * encoded here (`$(VAR)` escaping); `target.ts` only serializes. Objects are plain data built
 * in the order the manifest should read, because the YAML serializer keeps insertion order.
 */
import { boxByName, boxPointer, diag, targetPointer, type Box, type Diagnostic, type HealthCheck, type KubernetesTarget, type ProjectIR } from "../_shared/api.ts";
import { escapeK8sExpansion } from "../_shared/encode-k8s.ts";
import { encodeHttpPath } from "../_shared/health.ts";
import { imageRef, needsImageBuild } from "../_shared/image.ts";
import {
  DNS_LABEL,
  DNS_SUBDOMAIN,
  FINGERPRINT_ANNOTATION,
  LABEL_VALUE,
  SECRETS_VOLUME,
  SERVICE_NAME,
  claimName,
  podLabels,
  podVolumeName,
  portName,
  protocolOf,
  publicServiceName,
  secretName,
  type NameRule,
} from "./names.ts";
import { buildNetworkPolicies, defaultDenyPolicy } from "./network.ts";
import { byteQuantity, cpuQuantity } from "./quantity.ts";

export type K8sObject = Record<string, unknown>;

export interface BoxManifest {
  readonly box: Box;
  /** In apply order: claims, Deployment, Services, NetworkPolicy. */
  readonly objects: readonly K8sObject[];
}

export interface KubernetesView {
  /** The deployed boxes, in the target's order. */
  readonly boxes: readonly Box[];
  /**
   * Each deployed box's objects, built as they are asked for: one box's objects at a time
   * instead of every box's (~75 MB at 10,000 boxes, long-lived enough to reach the old heap).
   * Their diagnostics join `diagnostics`, which is complete once this has run to its end.
   */
  manifests(): Generator<BoxManifest>;
  /** Objects that belong to the namespace rather than one box (the default-deny policy). */
  readonly namespaceObjects: readonly K8sObject[];
  readonly namespace: string | null;
  readonly diagnostics: readonly Diagnostic[];
}

/** A claim without `size` asks for this much; documented in docs/targets/kubernetes.md. */
export const DEFAULT_VOLUME_BYTES = 1024 ** 3;
/** Capabilities the root-then-drop entrypoints of official images use (chown data, switch user). */
export const IMAGE_USER_CAPABILITIES = ["CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID"] as const;
/** Kubernetes' "safe" sysctl that lets unprivileged processes bind ports from this number up. */
export const UNPRIVILEGED_PORT_SYSCTL = "net.ipv4.ip_unprivileged_port_start";

const byName = <T extends { readonly name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function buildView(ir: ProjectIR, target: KubernetesTarget): KubernetesView {
  const diagnostics: Diagnostic[] = [];
  const boxes = target.boxes
    .map((name) => boxByName(ir, name))
    .filter((b): b is Box => b !== undefined);

  const checkName = (name: string, rule: NameRule, what: string, at: string): void => {
    if (!rule.test(name)) diagnostics.push(diag("BOX4501", { name, rule: rule.rule, what, rule_text: rule.text }, { at }));
  };
  checkName(ir.project, LABEL_VALUE, "`app.kubernetes.io/part-of` label", "/project");
  if (target.namespace !== null) {
    checkName(target.namespace, DNS_LABEL, "namespace", targetPointer(ir, target, "namespace"));
  }

  const collisions = new NameRegistry(diagnostics);
  return {
    boxes,
    *manifests() {
      for (const box of boxes) yield buildBox(ir, target, box, boxes, checkName, collisions, diagnostics);
    },
    namespaceObjects: boxes.length > 0 ? [defaultDenyPolicy(ir)] : [],
    namespace: target.namespace,
    diagnostics,
  };
}

/** Derived names of one kind must be unique in the namespace (`a` + `b-c` vs `a-b` + `c`). */
class NameRegistry {
  readonly #seen = new Map<string, string>();
  readonly #diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    this.#diagnostics = diagnostics;
  }
  claim(kind: string, name: string, owner: string, at: string): void {
    const key = `${kind}/${name}`;
    const first = this.#seen.get(key);
    if (first === undefined) this.#seen.set(key, owner);
    else this.#diagnostics.push(diag("BOX4508", { kind, name, first, second: owner }, { at }));
  }
}

type CheckName = (name: string, rule: NameRule, what: string, at: string) => void;

// Built once per deployed set, not once per box: a set per box is O(boxes²).
const nameSets = new WeakMap<readonly Box[], ReadonlySet<string>>();
function namesOf(deployed: readonly Box[]): ReadonlySet<string> {
  let set = nameSets.get(deployed);
  if (set === undefined) {
    set = new Set(deployed.map((b) => b.name));
    nameSets.set(deployed, set);
  }
  return set;
}

function buildBox(
  ir: ProjectIR,
  target: KubernetesTarget,
  box: Box,
  deployed: readonly Box[],
  checkName: CheckName,
  names: NameRegistry,
  diagnostics: Diagnostic[],
): BoxManifest {
  const at = (...rest: (string | number)[]) => boxPointer(ir, box.name, ...rest);
  const labels = podLabels(ir.project, box.name);
  checkName(box.name, DNS_LABEL, `Deployment of box \`${box.name}\``, at("name"));

  const claims = box.volumes.map((v, i) => {
    const claim = claimName(box.name, v.name);
    checkName(podVolumeName(v.name), DNS_LABEL, `pod volume of volume \`${v.name}\``, at("volumes", i, "name"));
    checkName(claim, DNS_SUBDOMAIN, `PersistentVolumeClaim of volume \`${v.name}\``, at("volumes", i, "name"));
    names.claim("PersistentVolumeClaim", claim, `volume \`${v.name}\` of box \`${box.name}\``, at("volumes", i, "name"));
    return {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: claim, labels },
      spec: {
        accessModes: ["ReadWriteOnce"],
        resources: { requests: { storage: byteQuantity(v.sizeBytes ?? DEFAULT_VOLUME_BYTES) } },
      },
    };
  });

  let replicas = target.replicas;
  // Zero replicas (scaled down) attaches nothing, so only more than one is a problem.
  if (box.volumes.length > 0 && replicas > 1) {
    diagnostics.push(diag("BOX4504", { box: box.name, replicas }, { at: at("volumes") }));
    replicas = 1;
  }

  if (box.stopSignal !== "SIGTERM" && box.image !== null && !needsImageBuild(box)) {
    diagnostics.push(diag("BOX4502", { box: box.name, signal: box.stopSignal, image: box.image.ref }, { at: at("stopSignal") }));
  }

  const annotations = { [FINGERPRINT_ANNOTATION]: box.fingerprint };
  const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: box.name, labels, annotations },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      // A ReadWriteOnce claim cannot be attached to the old and the new pod at once.
      ...(box.volumes.length > 0 ? { strategy: { type: "Recreate" } } : {}),
      template: {
        metadata: { labels, annotations },
        spec: podSpec(ir, box, diagnostics),
      },
    },
  };

  const services: K8sObject[] = [];
  if (box.expose.length > 0) {
    checkName(box.name, SERVICE_NAME, `Service of box \`${box.name}\``, at("expose"));
    names.claim("Service", box.name, `the ports of box \`${box.name}\``, at("expose"));
    services.push({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: box.name, labels },
      spec: {
        type: "ClusterIP",
        selector: labels,
        ports: box.expose.map((p) => ({
          name: portName(p.port, p.protocol),
          protocol: protocolOf(p.protocol),
          port: p.port,
          targetPort: portName(p.port, p.protocol),
        })),
      },
    });
  }
  if (box.publish.length > 0) {
    const name = publicServiceName(box.name);
    checkName(name, SERVICE_NAME, `published Service of box \`${box.name}\``, at("publish"));
    names.claim("Service", name, `the published ports of box \`${box.name}\``, at("publish"));
    services.push({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, labels },
      spec: {
        type: "LoadBalancer",
        selector: labels,
        ports: box.publish.map((p) => ({
          name: portName(p.hostPort, p.protocol),
          protocol: protocolOf(p.protocol),
          port: p.hostPort,
          targetPort: portName(p.port, p.protocol),
        })),
      },
    });
  }

  const deployedNames = namesOf(deployed);
  box.connects.forEach((c, i) => {
    if (!deployedNames.has(c.box)) diagnostics.push(diag("BOX4506", { box: box.name, other: c.box }, { at: at("connects", i) }));
  });
  const policies = buildNetworkPolicies(ir, box, deployed);

  return { box, objects: [...claims, deployment, ...services, ...policies] };
}

function podSpec(ir: ProjectIR, box: Box, diagnostics: Diagnostic[]): K8sObject {
  const at = (...rest: (string | number)[]) => boxPointer(ir, box.name, ...rest);
  const fileSecrets = box.secrets.filter((s) => s.file !== null);

  const volumes: K8sObject[] = box.volumes.map((v) => ({
    name: podVolumeName(v.name),
    persistentVolumeClaim: { claimName: claimName(box.name, v.name) },
  }));
  if (fileSecrets.length > 0) {
    volumes.push({
      name: SECRETS_VOLUME,
      secret: {
        secretName: secretName(box.name),
        items: fileSecrets.map((s) => ({ key: s.name, path: s.name })),
        // 0400: the kubelet adds group read for fsGroup, which is the box's own group.
        defaultMode: 0o400,
      },
    });
  }

  const mounts: K8sObject[] = [];
  const mountedAt = new Map<string, string>();
  const mount = (path: string, what: string, pointer: string, m: K8sObject): void => {
    const first = mountedAt.get(path);
    if (first !== undefined) {
      diagnostics.push(diag("BOX4505", { box: box.name, path, first, second: what }, { at: pointer }));
      return;
    }
    mountedAt.set(path, what);
    mounts.push(m);
  };
  box.volumes.forEach((v, i) =>
    mount(v.path, `volume \`${v.name}\``, at("volumes", i, "path"), { name: podVolumeName(v.name), mountPath: v.path }),
  );
  box.secrets.forEach((s, i) => {
    if (s.file === null) return;
    // subPath mounts exactly one file at exactly the path, leaving the rest of the folder alone.
    mount(s.file, `secret \`${s.name}\``, at("secrets", i, "file"), {
      name: SECRETS_VOLUME,
      mountPath: s.file,
      subPath: s.name,
      readOnly: true,
    });
  });

  const container: K8sObject = {
    name: box.name,
    image: imageRef(ir, box),
    ...commandOf(box),
    ...(box.workdir !== null ? { workingDir: box.workdir } : {}),
    ...envOf(box),
    ...(box.expose.length > 0
      ? {
          ports: box.expose.map((p) => ({
            name: portName(p.port, p.protocol),
            containerPort: p.port,
            protocol: protocolOf(p.protocol),
          })),
        }
      : {}),
    ...resourcesOf(box),
    ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
    ...probesOf(ir, box, diagnostics),
    securityContext: containerSecurity(box),
  };

  return {
    // Boxes talk to nothing but what they connect to; the API server is not one of them.
    automountServiceAccountToken: false,
    // Service links would add `<BOX>_PORT=...` variables the other targets do not have.
    enableServiceLinks: false,
    securityContext: podSecurity(box),
    containers: [container],
    ...(volumes.length > 0 ? { volumes } : {}),
  };
}

/**
 * `run` → the container's process. An `os` box runs the image the docker target builds, which
 * has no ENTRYPOINT, so `command` + `args` state the whole argv. An `image` box keeps its
 * image's ENTRYPOINT (as Dockerfile CMD and compose `command:` do), so only `args` is set.
 */
function commandOf(box: Box): K8sObject {
  if (box.run === null) return {};
  const argv = box.run.form === "exec" ? box.run.argv : ["/bin/sh", "-c", box.run.command];
  const encoded = argv.map(escapeK8sExpansion);
  if (box.image !== null) return { args: encoded };
  return { command: encoded.slice(0, 1), ...(encoded.length > 1 ? { args: encoded.slice(1) } : {}) };
}

function envOf(box: Box): K8sObject {
  const entries: { readonly name: string; readonly value: K8sObject }[] = [
    ...box.env.map((e) => ({ name: e.name, value: { name: e.name, value: escapeK8sExpansion(e.value) } })),
    ...box.secrets
      .filter((s) => s.file === null)
      .map((s) => ({
        name: s.name,
        value: { name: s.name, valueFrom: { secretKeyRef: { name: secretName(box.name), key: s.name } } },
      })),
  ];
  return entries.length > 0 ? { env: entries.sort(byName).map((e) => e.value) } : {};
}

function resourcesOf(box: Box): K8sObject {
  const r = box.resources;
  const amounts: Record<string, string> = {};
  if (r.cpuMillis !== null) amounts["cpu"] = cpuQuantity(r.cpuMillis);
  if (r.memoryBytes !== null) amounts["memory"] = byteQuantity(r.memoryBytes);
  if (r.diskBytes !== null) amounts["ephemeral-storage"] = byteQuantity(r.diskBytes);
  if (Object.keys(amounts).length === 0) return {};
  // Requests equal limits: the box gets what it declares, no more and no less.
  return { resources: { requests: amounts, limits: { ...amounts } } };
}

function probesOf(ir: ProjectIR, box: Box, diagnostics: Diagnostic[]): K8sObject {
  const h = box.health;
  if (h === null) return {};
  const at = (field: string) => boxPointer(ir, box.name, "health", field);
  const seconds = (ms: number, field: string): number => {
    const s = Math.max(1, Math.ceil(ms / 1000));
    if (s * 1000 !== ms) diagnostics.push(diag("BOX4503", { box: box.name, field, ms, seconds: s }, { at: at(field) }));
    return s;
  };
  const periodSeconds = seconds(h.intervalMs, "intervalMs");
  const timeoutSeconds = seconds(h.timeoutMs, "timeoutMs");
  let failureThreshold = h.retries;
  if (failureThreshold < 1) {
    diagnostics.push(diag("BOX4507", { box: box.name, retries: h.retries }, { at: at("retries") }));
    failureThreshold = 1;
  }
  const handler = probeHandler(h.check);
  const probe = { ...handler, periodSeconds, timeoutSeconds, failureThreshold };
  return {
    readinessProbe: probe,
    livenessProbe: { ...probe },
    // The start period: failures do not count until it is over, then `retries` failures do.
    ...(h.startMs > 0
      ? {
          startupProbe: {
            ...handler,
            periodSeconds,
            timeoutSeconds,
            failureThreshold: Math.ceil(h.startMs / (periodSeconds * 1000)) + failureThreshold,
          },
        }
      : {}),
  };
}

function probeHandler(check: HealthCheck): K8sObject {
  // The kubelet expands `$(VAR)` in exec probe commands too (ExpandContainerCommandOnlyStatic).
  if (check.kind === "command") return { exec: { command: check.argv.map(escapeK8sExpansion) } };
  // The kubelet parses the path as a URL: encode it as the other targets' probes do.
  return { httpGet: { path: encodeHttpPath(check.path), port: check.port } };
}

function podSecurity(box: Box): K8sObject {
  const lowest = box.expose.reduce((m, p) => Math.min(m, p.port), Infinity);
  const user = box.user;
  return {
    ...(user !== null
      ? {
          ...(user.uid !== 0 ? { runAsNonRoot: true } : {}),
          runAsUser: user.uid,
          runAsGroup: user.gid,
          ...(user.uid !== 0 ? { fsGroup: user.gid } : {}),
        }
      : {}),
    seccompProfile: { type: "RuntimeDefault" },
    // Ports from the lowest exposed one up become bindable, for any user. A capability would
    // not do: Kubernetes sets no ambient capabilities, so a non-root process never gets it.
    ...(lowest < 1024 ? { sysctls: [{ name: UNPRIVILEGED_PORT_SYSCTL, value: String(lowest) }] } : {}),
  };
}

function containerSecurity(box: Box): K8sObject {
  return {
    allowPrivilegeEscalation: false,
    capabilities: {
      drop: ["ALL"],
      // The image's own user is often root that chowns its data and drops to a service user.
      ...(box.user === null ? { add: [...IMAGE_USER_CAPABILITIES] } : {}),
    },
  };
}
