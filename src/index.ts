/**
 * The boxc library: `compile` sources to the IR, `emit` the IR to files. Pure functions that
 * read through a Host and return data; nothing here writes files or exits the process.
 */
export { compile, emit } from "./compile.ts";
export { formatSource } from "./fmt/format.ts";
export type { CompileOptions, CompileResult, EmitOptions, EmitResult, Origins } from "./compile.ts";
export { validateIR } from "./ir/validate.ts";
export { fingerprint } from "./ir/fingerprint.ts";
export { userIdFor } from "./ir/user-id.ts";
export { IR_VERSION } from "./ir/types.ts";
export type * from "./ir/types.ts";
export type { Diagnostic, Related, Severity } from "./diagnostics/types.ts";
export type { Host } from "./source/host.ts";
export { memoryHost } from "./source/host.ts";
export type { Span } from "./source/span.ts";
export { SourceFile } from "./source/span.ts";
export type { EmittedFile } from "../targets/_shared/api.ts";
