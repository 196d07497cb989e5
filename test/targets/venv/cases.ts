/** Hand-made IR cases for the venv target tests. */
import type { Box, ProjectIR, VenvTarget } from "../../../src/ir/types.ts";
import type { TargetOutput } from "../../../targets/_shared/api.ts";
import { venvBackend } from "../../../targets/venv/target.ts";
import { box, project, req } from "../../fixtures/ir.ts";

export const HOSTILE = [
  "it's $HOME \"quoted\"",
  "${PATH} $(id) `id` %{x} {{y}} %s %",
  "back\\slash\\ and trailing\\",
  "# not a comment",
  "-leading-dash",
  "  spaces around  ",
  "unicodé ✓ 日本 \u2028 \u00a0",
  "'single' \"double\" \\\" \\$",
  "BOXC_ENV",
  "a=b=c",
];

export const venvTarget = (boxes: readonly string[], path = ".venv-{box}"): VenvTarget => ({ kind: "venv", declared: true, boxes, path });

export function emit(ir: ProjectIR): TargetOutput {
  const target = ir.targets.find((t): t is VenvTarget => t.kind === "venv")!;
  return venvBackend.emit(ir, target);
}

export function file(out: TargetOutput, path: string): string {
  const f = out.files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path} among ${out.files.map((x) => x.path).join(", ")}`);
  return f.content;
}

/** The `api` box of the language reference, as lowering would give it. */
export function apiBox(over: Partial<Box> = {}): Box {
  return box("api", {
    source: "shop.box",
    pip: {
      indexUrl: "https://pypi.org/simple",
      extraIndexUrls: ["https://mirror.example/simple"],
      requirements: [
        req("fastapi", "==0.115.0"),
        req("numpy", "<2,>=1.26", { marker: "python_version >= '3.10'" }),
        req("uvicorn", "==0.30.6", { extras: ["standard"] }),
      ],
      hashed: false,
    },
    apt: [
      { name: "curl", version: "7.88.1-10+deb12u8" },
      { name: "libpq5", version: null },
    ],
    files: [{ source: "api", sourceKind: "dir", dest: "/srv/app" }],
    workdir: "/srv/app",
    env: [
      { name: "GREETING", value: "it's $HOME \"quoted\"" },
      { name: "LOG_LEVEL", value: "info" },
    ],
    secrets: [{ name: "DATABASE_URL", file: null }],
    build: ["python -m compileall -q /srv/app"],
    run: { form: "exec", argv: ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8080"] },
    expose: [{ port: 8080, protocol: "tcp" }],
    resources: { cpuMillis: 1500, memoryBytes: 1073741824, diskBytes: 10737418240 },
    ...over,
  });
}

const H1 = "sha256:" + "1".repeat(64);
const H2 = "sha256:" + "2".repeat(64);
const H3 = "sha256:" + "3".repeat(64);

export function hashedBox(): Box {
  return box("worker", {
    python: { version: "3.11.7", minor: "3.11", fromOs: false },
    pip: {
      indexUrl: null,
      extraIndexUrls: [],
      requirements: [req("attrs", "==23.2.0", { hashes: [H1, H2] }), req("idna", "==3.7", { hashes: [H3] })],
      hashed: true,
    },
    env: HOSTILE.map((value, i) => ({ name: `V${i}`, value })),
    secrets: [{ name: "TOKEN", file: "/run/secrets/it's token" }],
    run: { form: "shell", command: "exec python -m worker --say \"$GREETING\"" },
  });
}

export function projectOf(boxes: readonly Box[], path?: string): ProjectIR {
  return project(boxes, [venvTarget(boxes.map((b) => b.name).sort(), path)], "shop");
}
