/**
 * Target kind → backend. The only module that knows every target; `emit()` loads from here.
 */
import type { TargetKind } from "../src/ir/types.ts";
import type { TargetBackend } from "./_shared/api.ts";
import { composeBackend } from "./compose/target.ts";
import { dockerBackend } from "./docker/target.ts";
import { kubernetesBackend } from "./kubernetes/target.ts";
import { venvBackend } from "./venv/target.ts";
import { vmBackend } from "./vm/target.ts";

export const BACKENDS: { readonly [K in TargetKind]: TargetBackend<K> } = {
  docker: dockerBackend,
  compose: composeBackend,
  venv: venvBackend,
  vm: vmBackend,
  kubernetes: kubernetesBackend,
};
