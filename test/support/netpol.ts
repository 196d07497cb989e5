/**
 * A small evaluator of NetworkPolicy semantics for one namespace (networking.k8s.io/v1):
 * a pod selected by any policy with a policy type is isolated in that direction, and then
 * only traffic some rule allows passes. Tests use it to prove the generated policies allow
 * exactly the declared connections.
 */
type Obj = Record<string, unknown>;
type Labels = Readonly<Record<string, string>>;

export interface Endpoint {
  readonly labels: Labels;
}

const matches = (selector: Obj | undefined, labels: Labels): boolean => {
  if (selector === undefined) return false;
  const want = (selector["matchLabels"] as Record<string, string> | undefined) ?? {};
  if (selector["matchExpressions"] !== undefined) throw new Error("matchExpressions not supported by the evaluator");
  return Object.entries(want).every(([k, v]) => labels[k] === v);
};

/** A peer in the same namespace (a pod of the project); `namespaceSelector` peers are other namespaces. */
const peerMatchesPod = (peer: Obj, labels: Labels): boolean =>
  peer["namespaceSelector"] === undefined && peer["ipBlock"] === undefined && matches(peer["podSelector"] as Obj, labels);

const portMatches = (rulePorts: Obj[] | undefined, port: number, protocol: string): boolean =>
  rulePorts === undefined ||
  rulePorts.length === 0 ||
  rulePorts.some((p) => (p["protocol"] ?? "TCP") === protocol && (p["port"] === undefined || p["port"] === port));

type Direction = "Ingress" | "Egress";

/**
 * Whether traffic passes in one direction for `pod`. `peer` is a pod's labels, or "outside"
 * (a client outside the cluster, as a LoadBalancer delivers it), or "dns" (the cluster DNS in
 * kube-system).
 */
function allowed(policies: readonly Obj[], direction: Direction, pod: Labels, peer: Labels | "outside" | "dns", port: number, protocol: string): boolean {
  const relevant = policies.filter((p) => {
    const spec = p["spec"] as Obj;
    return matches(spec["podSelector"] as Obj, pod) && ((spec["policyTypes"] as string[]) ?? []).includes(direction);
  });
  if (relevant.length === 0) return true; // not isolated
  const key = direction === "Ingress" ? "ingress" : "egress";
  const peersKey = direction === "Ingress" ? "from" : "to";
  return relevant.some((p) =>
    (((p["spec"] as Obj)[key] as Obj[] | undefined) ?? []).some((rule) => {
      if (!portMatches(rule["ports"] as Obj[] | undefined, port, protocol)) return false;
      const peers = rule[peersKey] as Obj[] | undefined;
      if (peers === undefined || peers.length === 0) return true; // from/to anywhere
      if (peer === "outside") return peers.some((x) => x["ipBlock"] !== undefined);
      if (peer === "dns")
        return peers.some((x) => {
          const ns = (x["namespaceSelector"] as Obj | undefined)?.["matchLabels"] as Record<string, string> | undefined;
          return ns?.["kubernetes.io/metadata.name"] === "kube-system" && matches(x["podSelector"] as Obj, { "k8s-app": "kube-dns" });
        });
      return peers.some((x) => peerMatchesPod(x, peer));
    }),
  );
}

/** Pod `from` may open a connection to pod `to` on port/protocol: egress of one and ingress of the other. */
export function podToPod(policies: readonly Obj[], from: Labels, to: Labels, port: number, protocol: string): boolean {
  return allowed(policies, "Egress", from, to, port, protocol) && allowed(policies, "Ingress", to, from, port, protocol);
}

export function outsideToPod(policies: readonly Obj[], to: Labels, port: number, protocol: string): boolean {
  return allowed(policies, "Ingress", to, "outside", port, protocol);
}

export function podToDns(policies: readonly Obj[], from: Labels, protocol: string): boolean {
  return allowed(policies, "Egress", from, "dns", 53, protocol);
}

/** Egress from a pod to anything outside the namespace's pods (the internet, another namespace). */
export function podToOutside(policies: readonly Obj[], from: Labels, port: number, protocol: string): boolean {
  return allowed(policies, "Egress", from, "outside", port, protocol);
}
