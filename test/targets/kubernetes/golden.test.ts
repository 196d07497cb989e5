/** Snapshots of hand-made IR cases (`UPDATE_SNAPSHOTS=1` rewrites them). */
import { join } from "node:path";
import { test } from "uvu";
import { box } from "../../fixtures/ir.ts";
import { expectGolden } from "../../support/golden.ts";
import { emit, projectWith, shopIR } from "./cases.ts";

const dir = (name: string) => join(import.meta.dirname, "golden", name);

test("shop", () => {
  expectGolden(dir("shop"), emit(shopIR({ replicas: 2 })).files);
});

test("low port, command health with start period, no namespace", () => {
  const web = box("web", {
    env: [{ name: "TEMPLATE", value: "$(HOME) $$ ${X} %{y} {{z}} `id` 'q' \"d\" \\ # - no 0777 \u2028" }],
    secrets: [{ name: "API_TOKEN", file: null }, { name: "TLS_KEY", file: "/etc/tls/key.pem" }],
    expose: [{ port: 443, protocol: "tcp" }, { port: 514, protocol: "udp" }],
    publish: [{ port: 443, hostPort: 443, protocol: "tcp" }],
    run: { form: "shell", command: "exec gunicorn -b 0.0.0.0:443 'app:create()' --log $(LOG)" },
    health: { check: { kind: "command", argv: ["curl", "-fsS", "https://localhost/"] }, intervalMs: 30_000, timeoutMs: 5_000, retries: 3, startMs: 120_000 },
    resources: { cpuMillis: 250, memoryBytes: 500_000_000, diskBytes: 1_234_567 },
  });
  expectGolden(dir("web"), emit(projectWith([web], { namespace: null })).files);
});

test.run();
