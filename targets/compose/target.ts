/** The compose target: one `compose.yaml` for the project, serialized from objects (never templated). */
import type { TargetBackend } from "../_shared/api.ts";
import { toYaml } from "../_shared/yaml.ts";
import { composeDocument } from "./view.ts";

export const composeBackend: TargetBackend<"compose"> = {
  kind: "compose",
  emit(ir, target, context) {
    const { doc, diagnostics } = composeDocument(ir, target, context);
    if (doc === null) return { files: [], diagnostics };
    return { files: [{ path: "compose.yaml", content: toYaml(doc.data, doc.header) }], diagnostics };
  },
};
