/**
 * Image naming shared by the docker, compose and kubernetes targets, so a compose service
 * and a Kubernetes Deployment run exactly the image the docker target builds.
 */
import type { Box, DockerTarget, ProjectIR } from "../../src/ir/types.ts";

/** An `image` box needs its own build only when something is added to the pinned image. */
export function needsImageBuild(box: Box): boolean {
  return box.image === null || box.files.length > 0 || box.build.length > 0;
}

export function dockerTargetOf(ir: ProjectIR): DockerTarget | undefined {
  return ir.targets.find((t): t is DockerTarget => t.kind === "docker");
}

/** The image a box runs: the pinned image itself, or `<registry>/<project>-<box>:<tag>`. */
export function imageRef(ir: ProjectIR, box: Box): string {
  if (box.image !== null && !needsImageBuild(box)) return box.image.ref;
  const docker = dockerTargetOf(ir);
  const registry = docker?.registry ?? null;
  const tag = docker?.tag ?? box.fingerprint.replace(/^sha256:/, "").slice(0, 12);
  const repo = `${ir.project}-${box.name}`;
  return `${registry ? `${registry}/` : ""}${repo}:${tag}`;
}
