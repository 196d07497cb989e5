/**
 * The suite works on a copy of test/e2e/project in a temporary folder, compiled there with
 * the real CLI (`boxc build e2e.box -o out`, `boxc ir`), exactly as a user would: generated
 * Dockerfiles take the project root as their context and compose.yaml points back at it.
 */
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Box, ProjectIR } from "../../src/ir/types.ts";
import { mustRun, type Suite } from "./harness.ts";

export const REPO = join(import.meta.dirname, "..", "..");
export const PROJECT_SOURCE = join(import.meta.dirname, "project");
export const ENTRY = "e2e.box";
export const NODE = join(REPO, "node_modules", ".bin", "node");
const BOXC = join(REPO, "bin", "boxc.js");

export interface Workspace {
  /** The project copy (the build context, the Packer project_dir). */
  readonly root: string;
  /** `root/out`: what `boxc build` wrote. */
  readonly out: string;
  readonly ir: ProjectIR;
  box(name: string): Box;
  read(path: string): string;
}

export function makeWorkspace(suite: Suite): Workspace {
  const root = mkdtempSync(join(tmpdir(), "boxc-e2e-"));
  cpSync(PROJECT_SOURCE, root, { recursive: true });
  mustRun(suite, "boxc-build", NODE, [BOXC, "build", ENTRY, "-o", "out"], { cwd: root });
  const ir = JSON.parse(mustRun(suite, "boxc-ir", NODE, [BOXC, "ir", ENTRY], { cwd: root }).stdout) as ProjectIR;
  const out = join(root, "out");
  return {
    root,
    out,
    ir,
    box(name) {
      const b = ir.boxes.find((x) => x.name === name);
      if (!b) throw new Error(`the e2e project has no box ${name}`);
      return b;
    },
    read: (path) => readFileSync(join(out, path), "utf8"),
  };
}
