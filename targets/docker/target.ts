/**
 * The docker target: per box `docker/<box>/Dockerfile` and `docker/<box>/Dockerfile.dockerignore`
 * (BuildKit reads `<Dockerfile>.dockerignore` next to the Dockerfile; the context is the project root).
 * `image` boxes that add nothing to their pinned image need no build and get no files.
 */
import { defineBackend, type Diagnostic } from "../_shared/api.ts";
import { needsImageBuild } from "../_shared/image.ts";
import { templates } from "./templates.gen.ts";
import { dockerViews } from "./view.ts";

export const dockerBackend = defineBackend("docker", function* (ir, target) {
  const diagnostics: Diagnostic[] = [];
  const wanted = new Set(target.boxes);
  for (const box of ir.boxes) {
    if (!wanted.has(box.name) || !needsImageBuild(box)) continue;
    const { views, diagnostics: ds } = dockerViews(ir, box, target);
    diagnostics.push(...ds);
    if (views === null) continue;
    yield { path: `docker/${box.name}/Dockerfile`, content: templates["dockerfile"]!(views.dockerfile), box: box.name };
    yield { path: `docker/${box.name}/Dockerfile.dockerignore`, content: templates["dockerignore"]!(views.dockerignore), box: box.name };
  }
  return diagnostics;
});
