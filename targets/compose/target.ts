/** The compose target: one `compose.yaml` for the project, serialized from objects (never templated). */
import { defineBackend, hasErrors } from "../_shared/api.ts";
import { toYamlSections } from "../_shared/yaml.ts";
import { composeDocument } from "./view.ts";

export const composeBackend = defineBackend("compose", function* (ir, target, context) {
  const { doc, diagnostics } = composeDocument(ir, target, context);
  if (doc === null) return diagnostics;
  // Services are built while they are written: their errors are known only afterwards.
  const content = toYamlSections(doc.sections, doc.header);
  if (!hasErrors(diagnostics)) yield { path: "compose.yaml", content };
  return diagnostics;
});
