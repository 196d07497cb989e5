/** The value layer of the checker: pure validators from AST value nodes to IR values. */
export { checkNoControl, checkText, expectNumber, expectString, innerSpan, wrongKind, describeChar, isControl, findControl } from "./common.ts";
export { checkRequirement, normalizePackageName, parseRequirement, canonicalRequirement, MARKER_VARIABLES } from "./requirement.ts";
export { checkIndexUrl } from "./index-url.ts";
export { checkAptPackage, isDebianVersion } from "./apt.ts";
export { checkOs } from "./os.ts";
export { checkPython } from "./python.ts";
export {
  checkInt,
  checkPort,
  checkRetries,
  checkSize,
  checkDuration,
  checkCpu,
  formatBytes,
  formatMs,
  MEMORY_BOUNDS,
  DISK_BOUNDS,
  VOLUME_BOUNDS,
  HEALTH_INTERVAL_BOUNDS,
  HEALTH_TIMEOUT_BOUNDS,
  HEALTH_START_BOUNDS,
  type Bounds,
} from "./numbers.ts";
export { checkAbsPath, normalizeAbsPath, type AbsPathOptions } from "./path.ts";
export { checkEnvName, checkSecretName, checkEnvValue } from "./env.ts";
export { checkImageRef, checkRegistry, checkTag } from "./image.ts";
export { checkSignal, checkRestart, type RestartPolicy } from "./process.ts";
export { checkDnsLabel, checkNamespace, checkUserName, checkVolumeName } from "./names.ts";
export { checkCopySource, type CopySource } from "./copy-source.ts";
