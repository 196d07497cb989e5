/** BOX4xxx: one block per target so each target's rows live together. */
import type { CodeInfo } from "../types.ts";
import { DOCKER_CODES } from "./target-docker.ts";
import { COMPOSE_CODES } from "./target-compose.ts";
import { VENV_CODES } from "./target-venv.ts";
import { VM_CODES } from "./target-vm.ts";
import { KUBERNETES_CODES } from "./target-kubernetes.ts";

export const TARGET_CODES = {
  ...DOCKER_CODES,
  ...COMPOSE_CODES,
  ...VENV_CODES,
  ...VM_CODES,
  ...KUBERNETES_CODES,
} as const satisfies Record<string, CodeInfo>;
