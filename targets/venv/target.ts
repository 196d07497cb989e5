/**
 * The venv target: per Python box, `venv/<box>/requirements.txt` and `venv/<box>/setup-venv.sh`,
 * which together rebuild the box's interpreter minor, pip set and environment variables on a
 * host without containers.
 */
import { boxByName, defineBackend, type Diagnostic } from "../_shared/api.ts";
import { templates } from "./templates.gen.ts";
import { boxViews } from "./view.ts";

export const venvBackend = defineBackend("venv", function* (ir, target) {
  const diagnostics: Diagnostic[] = [];
  for (const name of target.boxes) {
    const box = boxByName(ir, name);
    if (box === undefined) continue;
    const { views, diagnostics: ds } = boxViews(ir, target, box);
    diagnostics.push(...ds);
    if (views === null) continue;
    yield { path: `venv/${box.name}/requirements.txt`, content: templates["requirements"]!(views.requirements), box: box.name };
    yield { path: `venv/${box.name}/setup-venv.sh`, content: templates["setup-venv"]!(views.setup), box: box.name };
  }
  return diagnostics;
});
