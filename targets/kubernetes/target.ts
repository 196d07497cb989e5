/**
 * The kubernetes target: per box `kubernetes/<box>.yaml` (claims, Deployment, Services,
 * NetworkPolicy), `kubernetes/_default-deny.yaml` (the namespace's default-deny policy; the
 * leading `_` keeps it apart from any box name, which is a DNS label) and
 * `kubernetes/kustomization.yaml` listing them with the namespace.
 */
import { defineBackend } from "../_shared/api.ts";
import { headerLines } from "../_shared/header.ts";
import { toYaml, toYamlStream } from "../_shared/yaml.ts";
import { secretName } from "./names.ts";
import { buildView } from "./view.ts";

export const DEFAULT_DENY_FILE = "_default-deny.yaml";

const secretNote = (box: string): string =>
  `Secret values are never generated: create the Secret \`${secretName(box)}\` in the namespace before applying (docs/targets/kubernetes.md).`;

const sortedUnique = (xs: readonly string[]): string[] => [...new Set(xs)].sort();

export const kubernetesBackend = defineBackend("kubernetes", function* (ir, target) {
  const view = buildView(ir, target);
  if (view.boxes.length === 0) return view.diagnostics;

  for (const { box, objects } of view.manifests()) {
    yield {
      path: `kubernetes/${box.name}.yaml`,
      box: box.name,
      content: toYamlStream(
        objects,
        headerLines({
          sources: [box.source],
          fingerprints: [{ box: box.name, fingerprint: box.fingerprint }],
          notes: box.secrets.length > 0 ? [secretNote(box.name)] : [],
        }),
      ),
    };
  }
  const sources = sortedUnique(view.boxes.map((b) => b.source));
  const fingerprints = view.boxes.map((box) => ({ box: box.name, fingerprint: box.fingerprint }));
  yield {
    path: `kubernetes/${DEFAULT_DENY_FILE}`,
    content: toYamlStream(view.namespaceObjects, headerLines({ sources, notes: ["Denies all traffic in the namespace except DNS; each box's policy allows its connections."] })),
  };
  const resources = [DEFAULT_DENY_FILE, ...view.boxes.map((box) => `${box.name}.yaml`)].sort();
  yield {
    path: "kubernetes/kustomization.yaml",
    content: toYaml(
      {
        apiVersion: "kustomize.config.k8s.io/v1beta1",
        kind: "Kustomization",
        ...(view.namespace !== null ? { namespace: view.namespace } : {}),
        resources,
      },
      headerLines({ sources, fingerprints }),
    ),
  };
  return view.diagnostics;
});
