/**
 * The vm target: per `target vm "name"` a Packer template, its plugin requirements for
 * current Packer, a cloud-init user-data and the provisioning script, for all listed boxes
 * sharing one machine.
 */
import { defineBackend, diag, targetPointer } from "../_shared/api.ts";
import { toYaml } from "../_shared/yaml.ts";
import { headerLines } from "../_shared/header.ts";
import { templates } from "./templates.gen.ts";
import { cloudConfig, machineFiles, packerView, planMachine, pluginsView, provisionView } from "./view.ts";

/** EC2 refuses user data over 16 KiB (before base64). */
export const USER_DATA_LIMIT = 16384;

export const vmBackend = defineBackend("vm", function* (ir, target, context) {
  const plan = planMachine(ir, target);
  if (plan.boxes.length === 0) return plan.diagnostics;
  const diagnostics = plan.diagnostics;
  const dir = `vm/${target.name}`;
  const { files: machine, diagnostics: fileDiags } = machineFiles(ir, plan);
  diagnostics.push(...fileDiags);
  const userData = `#cloud-config\n${toYaml(cloudConfig(plan, machine), headerLines(plan.header))}`;
  const size = new TextEncoder().encode(userData).length;
  if (size > USER_DATA_LIMIT)
    diagnostics.push(diag("BOX4404", { target: target.name, size }, { at: targetPointer(ir, target) }));
  // Rendered in this order (the provision view reports into `diagnostics`), handed out one by one.
  const provision = templates["provision"]!(provisionView(ir, target, plan, diagnostics));
  yield { path: `${dir}/${target.name}.pkr.hcl`, content: templates["packer"]!(packerView(ir, target, plan, context)) };
  yield { path: `${dir}/plugins/versions.pkr.hcl`, content: templates["plugins"]!(pluginsView(plan)) };
  yield { path: `${dir}/provision.sh`, content: provision };
  yield { path: `${dir}/user-data`, content: userData };
  return diagnostics;
});
