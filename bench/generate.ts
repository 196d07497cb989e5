/**
 * Generates a realistic boxc project of N boxes for the benchmark (bench/bench.ts):
 *   project.box             the entry: project name, imports, every target kind
 *   lib/base.box            templates (with and without parameters)
 *   services/shared.box     shared image boxes (cache, queue) every group connects to
 *   services/g<NNN>.box     groups of up to 50 boxes: APIs, workers, databases, jobs
 *   services/g<NNN>/app/    copy sources that exist on disk
 * Deterministic: the same N gives the same bytes, so runs are comparable.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const GROUP_SIZE = 50;

export interface GeneratedProject {
  readonly dir: string;
  readonly entry: string;
  readonly boxes: number;
  /** Total bytes of `.box` source. */
  readonly sourceBytes: number;
  /** A box whose one-statement change the bench measures, and the file that declares it. */
  readonly probe: { readonly box: string; readonly file: string; readonly from: string; readonly to: string };
}

const BASE = `# Building blocks shared by every service.

template python-service(py = "3.12", home = "/srv/app") {
  os "debian:12"
  python py
  user "app"
  workdir home
  env {
    PYTHONUNBUFFERED = "1"
    PYTHONDONTWRITEBYTECODE = "1"
  }
  resources { cpu 0.5  memory 512MiB }
}

template web(py = "3.12", port) {
  os "debian:12"
  python py
  user "web"
  workdir "/srv/web"
  expose port
  health {
    http "/healthz" port port
    every 10s
    timeout 3s
    retries 3
  }
}

template batch(py) {
  os "ubuntu:24.04"
  python py
  user "batch"
  workdir "/opt/job"
  restart "on-failure"
}
`;

const SHARED = `# Shared infrastructure: every group talks to these.

box shared-cache {
  image "redis:7.2-bookworm@sha256:e51cbc16f94b2426e80b9516db174a07d55e882217a1ec1d729b137b32e24e42"
  expose 6379
  volume "shared-cache-data" at "/data" size 1GiB
}

box shared-queue {
  image "rabbitmq:3.13-management@sha256:0f7a1c2b3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8"
  expose 5672
  expose 15672
}
`;

const PIP_SETS: readonly (readonly string[])[] = [
  ["fastapi==0.115.0", "uvicorn[standard]==0.30.6", "psycopg[binary]==3.2.1", "redis==5.0.8"],
  ["celery[redis]==5.4.0", "psycopg[binary]==3.2.1", "kombu==5.4.0"],
  ["numpy==1.26.4", "pandas==2.2.2", "scikit-learn==1.5.1", "tomli==2.0.1 ; python_version < '3.11'"],
  ["flask==3.0.3", "gunicorn==22.0.0", "requests>=2.32,<3"],
  ["boto3==1.34.162", "pyarrow==17.0.0"],
];

const PYTHONS = ["3.11", "3.12", "3.12", "3.13"];

function box(g: number, i: number, name: string, db: string): string {
  const k = (g * GROUP_SIZE + i) % 5;
  const pip = PIP_SETS[(g + i) % PIP_SETS.length]!.map((r) => `    "${r}"`).join("\n");
  const py = PYTHONS[(g + i) % PYTHONS.length]!;
  const port = 8000 + (i % 100);
  switch (k) {
    case 0:
      return `box ${name} extends python-service(py = "${py}") {
  pip {
${pip}
  }
  apt { "libpq5" "curl" }
  copy "./g${pad(g)}/app" to "/srv/app"
  copy "./g${pad(g)}/logging.ini" to "/etc/${name}/"
  env {
    LOG_LEVEL = "info"
    SERVICE_NAME = "${name}"
    GREETING = "it's $HOME \\"quoted\\" #${i}"
  }
  secret DATABASE_URL
  build "python -m compileall -q /srv/app"
  run ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "${port}"]
  expose ${port}
  health {
    http "/healthz" port ${port}
    every 10s
    timeout 3s
    retries 3
    start 5s
  }
  resources { cpu 1.5  memory 1GiB  disk 10GiB }
  connect ${db} port 5432
  connect shared-cache
  stop-signal "SIGINT"
}
`;
    case 1:
      return `box ${name} extends python-service(py = "${py}", home = "/srv/worker") {
  pip {
${pip}
  }
  copy "./g${pad(g)}/app" to "/srv/worker"
  secret DATABASE_URL
  env { QUEUE = "jobs-${g}-${i}" }
  run ["celery", "--app", "tasks", "worker", "--loglevel", "INFO"]
  connect ${db} port 5432
  connect shared-queue port 5672
  restart "on-failure"
}
`;
    case 2:
      return `box ${name} {
  os "debian:12"
  apt { "postgresql-15" }
  user "postgres"
  workdir "/var/lib/postgresql"
  secret POSTGRES_PASSWORD file "/run/secrets/postgres-password"
  run ["/usr/lib/postgresql/15/bin/postgres", "-D", "/var/lib/postgresql/data"]
  expose 5432
  health {
    command ["pg_isready", "-h", "127.0.0.1"]
    every 10s
  }
  volume "${name}-data" at "/var/lib/postgresql/data" size 20GiB
  restart "on-failure"
}
`;
    case 3:
      return `box ${name} extends web(py = "${py}", port = ${port}) {
  pip {
${pip}
  }
  copy "./g${pad(g)}/app" to "/srv/web"
  env {
    MODEL_NAME = "model-${g}-${i}"
    WORKERS = "2"
  }
  run "gunicorn --bind 0.0.0.0:${port} --workers \\"$WORKERS\\" app:server"
  resources { cpu 2  memory 2GiB }
  connect ${db}
}
`;
    default:
      return `box ${name} extends batch(py = "${py}") {
  pip {
${pip}
  }
  apt { "ca-certificates" }
  copy "./g${pad(g)}/app/main.py" to "/opt/job/"
  env {
    EXPORT_BUCKET = "s3://acme-exports/${name}"
    EXPORT_FORMAT = "parquet"
  }
  secret AWS_SECRET_ACCESS_KEY
  run ["python", "/opt/job/main.py"]
  resources { cpu 1  memory 768MiB }
}
`;
  }
}

const pad = (n: number) => String(n).padStart(3, "0");
const nameOf = (g: number, i: number) => `g${pad(g)}-b${String(i).padStart(2, "0")}`;

/** Writes the project into `dir` (emptied first). */
export function generateProject(dir: string, boxes: number): GeneratedProject {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "lib"), { recursive: true });
  mkdirSync(join(dir, "services"), { recursive: true });
  let sourceBytes = 0;
  const write = (rel: string, text: string) => {
    writeFileSync(join(dir, rel), text);
    if (rel.endsWith(".box")) sourceBytes += Buffer.byteLength(text);
  };
  write("lib/base.box", BASE);
  write("services/shared.box", SHARED);

  // The shared boxes count towards N.
  const own = Math.max(1, boxes - 2);
  const groups = Math.ceil(own / GROUP_SIZE);
  const imports: string[] = [];
  for (let g = 0; g < groups; g++) {
    const count = Math.min(GROUP_SIZE, own - g * GROUP_SIZE);
    mkdirSync(join(dir, "services", `g${pad(g)}`, "app"), { recursive: true });
    writeFileSync(join(dir, "services", `g${pad(g)}`, "app", "main.py"), `# service code of group ${g}\nprint("hello")\n`);
    writeFileSync(join(dir, "services", `g${pad(g)}`, "logging.ini"), `[loggers]\nkeys=root\n`);
    // Every group's box 2 is its database (kind 2 lands on i ≡ 2 - 50g (mod 5), i.e. i = 2 as 50 ≡ 0).
    const db = count > 2 ? nameOf(g, 2) : "shared-cache";
    const parts = [`# Group ${g}: services and their database.\n`, `import "../lib/base.box"`, `import "./shared.box"`, ``];
    for (let i = 0; i < count; i++) parts.push(box(g, i, nameOf(g, i), db));
    write(`services/g${pad(g)}.box`, parts.join("\n"));
    imports.push(`import "./services/g${pad(g)}.box"`);
  }
  // Two batch jobs (no connections) share the machine.
  const vmBoxes = own > 9 ? [nameOf(0, 4), nameOf(0, 9)] : [nameOf(0, Math.min(4, own - 1))];
  write(
    "project.box",
    `# Benchmark project with ${boxes} boxes.
project "bench-${boxes}"

${imports.join("\n")}
import "./services/shared.box"

target docker { registry "ghcr.io/acme" }
target compose
target venv
target kubernetes { namespace "bench" }
target vm "edge" {
  cloud "aws"
  region "eu-west-1"
  instance "t3.large"
  boxes [${vmBoxes.join(", ")}]
}
`,
  );
  // Box 1 of group 0 is a worker: its QUEUE value is what the one-box change edits.
  const probe = { box: nameOf(0, 1), file: "services/g000.box", from: `QUEUE = "jobs-0-1"`, to: `QUEUE = "jobs-0-1-changed"` };
  return { dir, entry: "project.box", boxes: own + 2, sourceBytes, probe };
}

if (import.meta.main) {
  const n = Number(process.argv[2] ?? "10");
  const dir = process.argv[3] ?? join(import.meta.dirname, "work", `p${n}`);
  const p = generateProject(dir, n);
  console.log(`${p.dir}: ${p.boxes} boxes, ${p.sourceBytes} bytes of source`);
}
