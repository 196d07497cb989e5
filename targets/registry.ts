/**
 * Target kind → backend. The only module that knows every target; `emit()` loads from here.
 */
import type { TargetKind } from "../src/ir/types.ts";
import type { TargetBackend } from "./_shared/api.ts";

export const BACKENDS: { readonly [K in TargetKind]?: TargetBackend<K> } = {};
