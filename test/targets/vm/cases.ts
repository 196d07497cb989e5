/** Hand-made IR for the vm target tests: a two-box machine, a single box, hostile values. */
import type { Box, ProjectIR, VmTarget } from "../../../src/ir/types.ts";
import { box, project, req } from "../../fixtures/ir.ts";

export function vmTarget(name: string, boxes: readonly string[], over: Partial<VmTarget> = {}): VmTarget {
  return { kind: "vm", declared: true, name, cloud: "aws", region: "eu-west-1", instance: "t3.small", diskBytes: null, boxes: [...boxes].sort(), ...over };
}

/** api on the OS's Python 3.11 and legacy on a side-by-side 3.8, different numpy pins. */
export function twoBoxes(): ProjectIR {
  const api = box("api", {
    source: "shop.box",
    fingerprint: "sha256:" + "a1".repeat(32),
    pip: {
      indexUrl: "https://pypi.org/simple",
      extraIndexUrls: [],
      requirements: [req("fastapi", "==0.115.0"), req("numpy", "<2,>=1.26", { marker: "python_version >= '3.10'" }), req("uvicorn", "==0.30.6", { extras: ["standard"] })],
      hashed: false,
    },
    apt: [{ name: "curl", version: "7.88.1-10+deb12u8" }, { name: "libpq5", version: null }],
    files: [{ source: "api", sourceKind: "dir", dest: "/srv/app" }],
    workdir: "/srv/app",
    env: [{ name: "GREETING", value: `it's $HOME "quoted"` }, { name: "LOG_LEVEL", value: "info" }],
    secrets: [{ name: "DATABASE_URL", file: null }],
    build: ["python -m compileall -q /srv/app"],
    run: { form: "exec", argv: ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8080"] },
    expose: [{ port: 8080, protocol: "tcp" }],
    health: { check: { kind: "http", path: "/healthz", port: 8080 }, intervalMs: 10000, timeoutMs: 3000, retries: 3, startMs: 0 },
    resources: { cpuMillis: 1500, memoryBytes: 1024 ** 3, diskBytes: 10 * 1024 ** 3 },
    publish: [{ port: 8080, hostPort: 80, protocol: "tcp" }],
    stopSignal: "SIGINT",
  });
  const legacy = box("legacy-model", {
    source: "shop.box",
    fingerprint: "sha256:" + "b2".repeat(32),
    python: { version: "3.8", minor: "3.8", fromOs: false },
    pip: { indexUrl: null, extraIndexUrls: [], requirements: [req("numpy", "==1.16.1")], hashed: false },
    workdir: "/srv/app",
    run: { form: "shell", command: "python -m legacy.serve" },
  });
  return project([api, legacy], [vmTarget("web", ["api", "legacy-model"])], "shop");
}

export function singleBox(over: Partial<Box> = {}): ProjectIR {
  const b = box("worker", { source: "app.box", ...over });
  return project([b], [vmTarget("solo", ["worker"], { region: null, instance: null })], "demo");
}

/** Strings every artifact must carry literally. */
export const HOSTILE = [
  "$HOME ${HOME} $(id) `id` %{x} %h %% {{nope}} {{ .Name }} '\"\\ # -leading ; & | > é 中 \u{1F600}",
  "-rf",
  "\\",
  "${",
  "%{",
  "$${x}",
  "{{{",
  "}}",
];

export function hostileProject(): ProjectIR {
  const value = HOSTILE[0]!;
  const b = box("odd", {
    source: "odd dir/$weird {{x}}.box",
    env: HOSTILE.map((v, i) => ({ name: `V${i}`, value: v })),
    run: { form: "exec", argv: ["/usr/bin/printf", "%s\\n", ...HOSTILE] },
    build: [value],
    files: [{ source: "conf/${x} %{y} $(id) 'q\" é", sourceKind: "file", dest: "/srv/odd/it's $HOME %h.conf" }],
    workdir: "/srv/odd %h $x",
    volumes: [{ name: "data", path: "/var/lib/odd '$x' %i", sizeBytes: null }],
    secrets: [{ name: "TOKEN", file: "/run/secrets/odd token %n '$x'" }],
    health: { check: { kind: "command", argv: ["python", "-c", "import sys; sys.exit(0) # $x %h {{y}}"] }, intervalMs: 1500, timeoutMs: 500, retries: 2, startMs: 30000 },
  });
  return project([b], [vmTarget("odd", ["odd"], { region: "eu-west-1 ${x} {{y}} %{z}", instance: "t3.small\\\"{{\"" })], `proj ${"${x}"} {{y}} "q"`);
}
