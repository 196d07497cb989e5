/** The compose target: one `compose.yaml` for the project, serialized from objects (never templated). */
import { defineBackend } from "../_shared/api.ts";
import { toYaml } from "../_shared/yaml.ts";
import { composeDocument } from "./view.ts";

export const composeBackend = defineBackend("compose", function* (ir, target, context) {
  const { doc, diagnostics } = composeDocument(ir, target, context);
  if (doc !== null) yield { path: "compose.yaml", content: toYaml(doc.data, doc.header) };
  return diagnostics;
});
