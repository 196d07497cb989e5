/**
 * NetworkPolicies: the namespace denies everything but DNS, and each box gets one policy that
 * allows exactly its `connect`s (egress on the connecting box, ingress on the connected one,
 * for exactly the connection's ports) and its `publish`ed ports from anywhere.
 */
import type { Box, ProjectIR } from "../_shared/api.ts";
import { MANAGED_BY, podLabels, protocolOf } from "./names.ts";

type K8sObject = Record<string, unknown>;

export const DEFAULT_DENY_NAME = "default-deny";
export const policyName = (box: string): string => `${box}-allow`;

/** Selects every pod of the namespace; allows DNS lookups at the cluster DNS and nothing else. */
export function defaultDenyPolicy(ir: ProjectIR): K8sObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: {
      name: DEFAULT_DENY_NAME,
      labels: { "app.kubernetes.io/part-of": ir.project, "app.kubernetes.io/managed-by": MANAGED_BY },
    },
    spec: {
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
              podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
            },
          ],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    },
  };
}

/** Policy ports, once each (two `publish` entries may target one container port). */
const portsOf = (ports: readonly { readonly port: number; readonly protocol: "tcp" | "udp" }[]) => {
  const unique = new Map(ports.map((p) => [`${p.protocol}/${p.port}`, { protocol: protocolOf(p.protocol), port: p.port }]));
  return [...unique.values()];
};

type Incoming = { readonly other: Box; readonly c: Box["connects"][number] };
// Indexed once per deployed set: scanning every box's connects for every box is O(boxes²).
const incomingIndexes = new WeakMap<readonly Box[], ReadonlyMap<string, readonly Incoming[]>>();

/** Box name → the connections (with ports) other deployed boxes open to it, in deployed order. */
function connectsTo(deployed: readonly Box[]): ReadonlyMap<string, readonly Incoming[]> {
  let m = incomingIndexes.get(deployed);
  if (m === undefined) {
    const built = new Map<string, Incoming[]>();
    for (const other of deployed) {
      for (const c of other.connects) {
        if (c.ports.length === 0) continue;
        const list = built.get(c.box);
        if (list) list.push({ other, c });
        else built.set(c.box, [{ other, c }]);
      }
    }
    incomingIndexes.set(deployed, built);
    m = built;
  }
  return m;
}

/** Zero or one policy for the box. A rule without ports would allow every port: none is emitted. */
export function buildNetworkPolicies(ir: ProjectIR, box: Box, deployed: readonly Box[]): K8sObject[] {
  const egress = box.connects
    .filter((c) => c.ports.length > 0)
    .map((c) => ({ to: [{ podSelector: { matchLabels: podLabels(ir.project, c.box) } }], ports: portsOf(c.ports) }));

  const ingress: K8sObject[] = [];
  for (const { other, c } of connectsTo(deployed).get(box.name) ?? []) {
    ingress.push({ from: [{ podSelector: { matchLabels: podLabels(ir.project, other.name) } }], ports: portsOf(c.ports) });
  }
  // Published ports are reached through a LoadBalancer from outside the cluster: from anywhere.
  if (box.publish.length > 0) ingress.push({ ports: portsOf(box.publish) });

  if (egress.length === 0 && ingress.length === 0) return [];
  return [
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: policyName(box.name), labels: podLabels(ir.project, box.name) },
      spec: {
        podSelector: { matchLabels: podLabels(ir.project, box.name) },
        policyTypes: [...(ingress.length > 0 ? ["Ingress"] : []), ...(egress.length > 0 ? ["Egress"] : [])],
        ...(ingress.length > 0 ? { ingress } : {}),
        ...(egress.length > 0 ? { egress } : {}),
      },
    },
  ];
}
