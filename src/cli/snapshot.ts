/**
 * The entry of boxc's V8 start-up snapshot (docs/performance.md, "Start-up"). scripts/build.ts
 * bundles this file as CommonJS into dist/snapshot.cjs, and bin/snapshot.js runs
 *   node --snapshot-blob dist/boxc.blob --build-snapshot-config CONFIG   (builder: snapshot.cjs)
 * so the blob holds the whole CLI already loaded and warmed up; `bin/boxc` then starts
 * `node --snapshot-blob dist/boxc.blob -- ARGS` and Node calls `main()` from the snapshot
 * instead of loading and compiling the 1.5 MB bundle.
 *
 * What runs here runs ONCE, at build time, in the snapshot builder: nothing may stay open
 * (no timer, handle or pending promise) and nothing may depend on the machine that builds
 * (cwd, env, argv, the clock): the blob is built once per install (`postinstall`) and serves
 * every project. The warm-up compiles and emits a small in-memory project through the public
 * library API only, so it touches the lazy state (Chevrotain lexer and parser, Handlebars
 * templates, yaml, the ajv validator) the same way a real build does, whatever the compiler's
 * insides look like. It leaves no state that changes a later run: test/cli/snapshot.test.ts
 * compares every example's output through the snapshot with the plain bundle, byte for byte.
 */
import { startupSnapshot } from "node:v8";
import { compile, emit } from "../compile.ts";
import { memoryHost } from "../source/host.ts";
import { main } from "./main.ts";

/** A project touching every target, in the canonical layout (LANGUAGE.md). */
const SAMPLE = `project "warm-up"

template service(py) {
  os "debian:12"
  python py
  user "app"
  workdir "/srv/app"
  env { PYTHONUNBUFFERED = "1" }
  resources {
    cpu 0.5
    memory 512MiB
  }
}

box api extends service(py = "3.12") {
  pip { "flask==3.0.3" }
  apt { "libpq5" }
  copy "./app" to "/srv/app"
  secret DATABASE_URL
  run ["python", "-m", "app", "--port", "8080"]
  expose 8080
  health {
    http "/healthz" port 8080
    every 10s
  }
  connect db port 5432
  publish 8080
}

box db {
  image "postgres:16"
  expose 5432
  volume "db-data" at "/var/lib/postgresql/data" size 1GiB
}

target vm "warm" {
  cloud "aws"
  region "eu-west-1"
  instance "t3.small"
  disk 10GiB
  boxes [api]
}

target docker
target compose
target venv
target kubernetes { namespace "warm" }
`;

function warmUp(): void {
  const root = "/warm-up";
  const host = memoryHost({ [`${root}/project.box`]: SAMPLE, [`${root}/app/app.py`]: "print('hi')\n" });
  const compiled = compile({ entries: [`${root}/project.box`], root, host });
  // A sample that no longer compiles would silently leave the snapshot cold: fail the build.
  const errors = compiled.diagnostics.filter((d) => d.severity === "error");
  if (compiled.ir === null || errors.length > 0) {
    throw new Error(`the snapshot warm-up project does not compile: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  }
  const emitted = emit(compiled.ir, { origins: compiled.origins, outDir: "out", rootFromOut: ".." });
  if (emitted.files.length === 0) throw new Error("the snapshot warm-up project emitted no file");
}

if (!startupSnapshot.isBuildingSnapshot()) throw new Error("dist/snapshot.cjs is the snapshot entry: run it with `node --build-snapshot`");
warmUp();
startupSnapshot.setDeserializeMainFunction(() => {
  // Node passes the arguments after `--snapshot-blob FILE --` as process.argv.slice(1): there is
  // no script path in between.
  void main(process.argv.slice(1), { snapshot: true });
});
