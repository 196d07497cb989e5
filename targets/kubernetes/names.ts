/**
 * Kubernetes name rules (apimachinery validation) and the names this target derives from boxes.
 * Every derived name is checked here, so an invalid one becomes a diagnostic instead of a
 * manifest the API server rejects.
 */

export interface NameRule {
  readonly rule: string;
  /** What Kubernetes requires, for the help line. */
  readonly text: string;
  readonly test: (s: string) => boolean;
}

/** RFC 1123 label: names of Deployments, pod volumes, containers, namespaces. */
export const DNS_LABEL: NameRule = {
  rule: "DNS label",
  text: "at most 63 characters of `a-z`, `0-9` and `-`, starting and ending with a letter or digit",
  test: (s) => s.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s),
};

/** RFC 1035 label: Service names (they become DNS names and must not start with a digit). */
export const SERVICE_NAME: NameRule = {
  rule: "service name (RFC 1035 label)",
  text: "at most 63 characters of `a-z`, `0-9` and `-`, starting with a letter and ending with a letter or digit",
  test: (s) => s.length <= 63 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(s),
};

/** RFC 1123 subdomain: PersistentVolumeClaim and Secret names. */
export const DNS_SUBDOMAIN: NameRule = {
  rule: "DNS subdomain",
  text: "at most 253 characters of `a-z`, `0-9`, `-` and `.`, in dot-separated parts that start and end with a letter or digit",
  test: (s) => s.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(s),
};

/** Label values: the project name becomes `app.kubernetes.io/part-of`. */
export const LABEL_VALUE: NameRule = {
  rule: "label value",
  text: "at most 63 characters of letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit",
  test: (s) => s.length <= 63 && /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(s),
};

export const MANAGED_BY = "boxc";
export const FINGERPRINT_ANNOTATION = "boxc.io/fingerprint";
/** The pod volume that carries a box's file secrets. User volumes are `v-<name>`, so it cannot clash. */
export const SECRETS_VOLUME = "secrets";

/** The Secret the operator creates for a box (boxc never writes secret values). */
export const secretName = (box: string): string => `${box}-secrets`;
export const publicServiceName = (box: string): string => `${box}-public`;
export const claimName = (box: string, volume: string): string => `${box}-${volume}`;
export const podVolumeName = (volume: string): string => `v-${volume}`;
/** IANA service name (≤ 15 characters): `tcp-8080`, `udp-53`. */
export const portName = (port: number, protocol: "tcp" | "udp"): string => `${protocol}-${port}`;

/** The labels of a box's pods; selectors (Deployment, Service, NetworkPolicy) use all of them. */
export function podLabels(project: string, box: string): Record<string, string> {
  return {
    "app.kubernetes.io/name": box,
    "app.kubernetes.io/part-of": project,
    "app.kubernetes.io/managed-by": MANAGED_BY,
  };
}

export const protocolOf = (p: "tcp" | "udp"): "TCP" | "UDP" => (p === "tcp" ? "TCP" : "UDP");
