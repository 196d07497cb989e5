/**
 * The compose target for real: Debian's docker-compose v1 against a private podman API
 * service (DOCKER_HOST), building the services from their `build:` sections, bringing them
 * up, and probing the network rules from inside the containers.
 *
 * The service runs podman with the netavark network backend: the compose target's
 * connection networks are `internal`, and podman's CNI backend disables name resolution on
 * internal networks ("dnsname and internal networks are incompatible"), which would break
 * every declared connection by service name. Netavark + aardvark-dns resolve names there.
 * Only this private service uses netavark; the machine's default backend is left alone.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { command, mustRun, tail, type CommandResult, type Suite } from "./harness.ts";

export interface PodmanService {
  readonly dockerHost: string;
  stop(): Promise<void>;
}

function ping(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: "/_ping", timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

export async function startPodmanService(suite: Suite): Promise<PodmanService> {
  const probe = command("podman", ["--network-backend", "netavark", "info", "--format", "{{.Host.NetworkBackend}}"]);
  if (probe.status !== 0 || probe.stdout.trim() !== "netavark")
    throw new Error(`podman cannot use the netavark network backend (install netavark and aardvark-dns):\n${tail(probe.output)}`);
  const dir = mkdtempSync(join(tmpdir(), "boxc-e2e-sock-"));
  const socket = join(dir, "podman.sock");
  const child = spawn("podman", ["--network-backend", "netavark", "system", "service", "--time=0", `unix://${socket}`], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
    suite.log("podman-service", out);
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) break;
    if (existsSync(socket) && (await ping(socket))) return { dockerHost: `unix://${socket}`, stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`podman system service did not answer on ${socket}:\n${tail(out)}`);
}

export class ComposeProject {
  readonly suite: Suite;
  readonly dir: string;
  readonly name: string;
  readonly env: Record<string, string>;

  constructor(suite: Suite, dir: string, name: string, service: PodmanService) {
    this.suite = suite;
    this.dir = dir;
    this.name = name;
    // Without these, docker-compose v1 shells out to a `docker` binary for builds and `exec`.
    this.env = {
      PATH: "/usr/bin:/bin",
      HOME: dir,
      LC_ALL: "C.UTF-8",
      DOCKER_HOST: service.dockerHost,
      COMPOSE_DOCKER_CLI_BUILD: "0",
      DOCKER_BUILDKIT: "0",
      COMPOSE_INTERACTIVE_NO_CLI: "1",
    };
  }

  run(args: readonly string[], logName: string, timeoutMs = 900_000): CommandResult {
    const r = command("docker-compose", ["-p", this.name, ...args], { cwd: this.dir, env: this.env, timeoutMs });
    this.suite.log(`compose-${logName}`, `$ docker-compose -p ${this.name} ${args.join(" ")}\n${r.output}\n[exit ${r.status}]\n`);
    return r;
  }

  must(args: readonly string[], logName: string, timeoutMs?: number): CommandResult {
    const r = this.run(args, logName, timeoutMs);
    if (r.status !== 0) throw new Error(`docker-compose ${args.join(" ")} exited ${r.status}:\n${tail(r.output)}`);
    return r;
  }

  /** Runs a command inside a running service (no TTY). */
  exec(service: string, argv: readonly string[]): CommandResult {
    return this.run(["exec", "-T", service, ...argv], `exec-${service}`, 120_000);
  }

  /** Stops quickly (the boxes' processes run as PID 1 without an init, so they ignore SIGTERM) and removes everything. */
  down(): CommandResult {
    return this.run(["down", "--volumes", "--remove-orphans", "--timeout", "1"], "down", 300_000);
  }
}

/**
 * A Python probe run inside a container: fetch URL, print `OK <status>` or `FAIL <error>`.
 * Python's standard library is all the boxes have; no curl in them.
 */
export const HTTP_PROBE = [
  "import sys, urllib.request",
  "try:",
  "    print('OK', urllib.request.urlopen(sys.argv[1], timeout=5).status)",
  "except Exception as e:",
  "    print('FAIL', repr(e))",
  "    sys.exit(1)",
].join("\n");

/** Probes `url` from `service`, retrying while the target may still be starting. */
export async function probe(project: ComposeProject, service: string, url: string, attempts: number): Promise<CommandResult> {
  let last: CommandResult | undefined;
  for (let i = 0; i < attempts; i++) {
    last = project.exec(service, ["python", "-c", HTTP_PROBE, url]);
    if (last.status === 0) return last;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return last!;
}

/** The container's address on one network, from podman through the same service. */
export function addressOn(suite: Suite, service: PodmanService, container: string, network: string): string {
  const r = mustRun(suite, "compose-inspect", "podman", ["--remote", "--url", service.dockerHost, "inspect", container, "--format", "{{json .NetworkSettings.Networks}}"]);
  const nets = JSON.parse(r.stdout) as Record<string, { IPAddress?: string }>;
  const ip = nets[network]?.IPAddress;
  if (!ip) throw new Error(`${container} has no address on ${network}; it is on ${Object.keys(nets).join(", ") || "no network"}`);
  return ip;
}
