/**
 * systemd units of one box on the machine: the service that runs it and, with `health`, a
 * timer-driven probe that restarts the service after `retries` failures in a row. Every value
 * goes through the systemd encoders; callers get null (→ a diagnostic) for a value a unit
 * file cannot carry.
 */
import type { Box } from "../_shared/api.ts";
import { encodeHttpPath } from "../_shared/health.ts";
import { systemdEnvironmentAssignment, systemdExecLine, systemdPlainValue } from "../_shared/encode-systemd.ts";
import { envFilePath, secretEnvFilePath, unitName, venvDir } from "./layout.ts";

export const SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export type UnitProblem = { readonly what: string; readonly at: readonly (string | number)[] };

export interface BoxUnits {
  /** File name under /etc/systemd/system → content lines (without header). */
  readonly units: readonly { readonly name: string; readonly lines: readonly string[] }[];
  readonly problems: readonly UnitProblem[];
}

/** argv the unit executes: names without `/` are looked up in the unit's PATH by env(1). */
export function execArgv(argv: readonly string[]): readonly string[] | "name-with-equals" {
  const exe = argv[0] ?? "";
  if (exe.includes("/")) return argv;
  // env(1) would read `NAME=value` as an assignment, even after `--`.
  if (exe.includes("=")) return "name-with-equals";
  return ["/usr/bin/env", "--", ...argv];
}

function runArgv(box: Box): readonly string[] | "name-with-equals" {
  const run = box.run!;
  return run.form === "shell" ? ["/bin/sh", "-c", run.command] : execArgv(run.argv);
}

/** `1500` thousandths of a CPU → `150%`. */
function cpuQuota(millis: number): string {
  const tenths = millis / 10;
  return `${Number.isInteger(tenths) ? tenths : tenths.toFixed(1)}%`;
}

/**
 * Runs as root after each probe (`+`): counts failures in /run and restarts the box's service
 * once `$2` probes in a row failed. Values arrive as positional arguments, never as code.
 */
const HEALTH_RESULT_SCRIPT = [
  'f="/run/boxc-health-$1.failures"',
  'if [ "$SERVICE_RESULT" = success ]; then rm -f "$f"; exit 0; fi',
  'n=$(( $(cat "$f" 2>/dev/null || echo 0) + 1 ))',
  'if [ "$n" -ge "$2" ]; then rm -f "$f"; echo "boxc: $1 failed $n health checks in a row, restarting" >&2; systemctl restart "$3"; else echo "$n" > "$f"; fi',
].join("\n");

export function boxUnits(box: Box, project: string): BoxUnits {
  const problems: UnitProblem[] = [];
  const user = box.user!;
  const workdir = box.workdir ?? "/";
  const plain = (value: string, what: string, at: (string | number)[]): string => {
    const v = systemdPlainValue(value);
    if (v === null) {
      problems.push({ what, at });
      return "";
    }
    return v;
  };
  const exec = (argv: readonly string[] | "name-with-equals"): string => (argv === "name-with-equals" ? "" : systemdExecLine(argv));

  const path = box.python ? `${venvDir(box.name)}/bin:${SYSTEM_PATH}` : SYSTEM_PATH;
  const service: string[] = [
    "[Unit]",
    `Description=${plain(`boxc box ${box.name} of ${project}`, "description", ["name"])}`,
    "Wants=network-online.target",
    "After=network-online.target",
    "",
    "[Service]",
    "Type=exec",
    `User=${plain(user.name, "user name", ["user", "name"])}`,
    `Group=${user.gid}`,
    `WorkingDirectory=${plain(workdir, "workdir", ["workdir"])}`,
    `Environment=${systemdEnvironmentAssignment("PATH", path)}`,
  ];
  if (box.python) service.push(`Environment=${systemdEnvironmentAssignment("VIRTUAL_ENV", venvDir(box.name))}`);
  service.push(`EnvironmentFile=${envFilePath(box.name)}`);
  // Not optional: a box whose secrets the operator has not provided must not start without them.
  if (box.secrets.some((s) => s.file === null)) service.push(`EnvironmentFile=${secretEnvFilePath(box.name)}`);
  box.secrets.forEach((s, i) => {
    if (s.file === null) return;
    // The operator places the file; each start checks it exists and hands it to the box user alone.
    const fix = `test -f "$1" || { echo "boxc: secret file $1 is missing" >&2; exit 1; }; chown "$2" "$1" && chmod 0400 "$1"`;
    const argv = ["/bin/sh", "-c", fix, "boxc-secret", s.file, `${user.uid}:${user.gid}`];
    if (systemdPlainValue(s.file) === null) problems.push({ what: "secret file path", at: ["secrets", i, "file"] });
    service.push(`ExecStartPre=+${systemdExecLine(argv)}`);
  });
  const run = runArgv(box);
  service.push(`ExecStart=${exec(run)}`);
  service.push(`Restart=${box.restart}`);
  service.push("RestartSec=1s");
  service.push(`KillSignal=${plain(box.stopSignal, "stop signal", ["stopSignal"])}`);
  if (box.resources.cpuMillis !== null) service.push(`CPUQuota=${cpuQuota(box.resources.cpuMillis)}`);
  if (box.resources.memoryBytes !== null) service.push(`MemoryMax=${box.resources.memoryBytes}`);
  if (user.uid !== 0 && box.expose.some((p) => p.port < 1024)) {
    // Exactly the one capability a non-root listener on a low port needs.
    service.push("AmbientCapabilities=CAP_NET_BIND_SERVICE", "CapabilityBoundingSet=CAP_NET_BIND_SERVICE");
  }
  service.push("", "[Install]", "WantedBy=multi-user.target");

  const units: { name: string; lines: string[] }[] = [{ name: unitName(box.name, "service"), lines: service }];

  if (box.health) {
    const h = box.health;
    const check =
      h.check.kind === "http"
        ? ["/usr/bin/curl", "--fail", "--silent", "--show-error", "--globoff", "--output", "/dev/null", `http://127.0.0.1:${h.check.port}${encodeHttpPath(h.check.path)}`]
        : h.check.argv;
    const checkArgv = h.check.kind === "http" ? check : execArgv(check);
    const probe: string[] = [
      "[Unit]",
      `Description=${plain(`boxc health check of ${box.name}`, "description", ["name"])}`,
      `After=${unitName(box.name, "service")}`,
      "",
      "[Service]",
      "Type=oneshot",
      `User=${plain(user.name, "user name", ["user", "name"])}`,
      `Group=${user.gid}`,
      `WorkingDirectory=${plain(workdir, "workdir", ["workdir"])}`,
      `Environment=${systemdEnvironmentAssignment("PATH", path)}`,
      `EnvironmentFile=${envFilePath(box.name)}`,
      `TimeoutStartSec=${h.timeoutMs}ms`,
      `ExecStart=${exec(checkArgv)}`,
      `ExecStopPost=+${systemdExecLine(["/bin/sh", "-c", HEALTH_RESULT_SCRIPT, "boxc-health", box.name, String(h.retries), unitName(box.name, "service")])}`,
    ];
    const timer: string[] = [
      "[Unit]",
      `Description=${plain(`boxc health check timer of ${box.name}`, "description", ["name"])}`,
      `PartOf=${unitName(box.name, "service")}`,
      `After=${unitName(box.name, "service")}`,
      "",
      "[Timer]",
      `OnActiveSec=${Math.max(h.startMs, h.intervalMs)}ms`,
      `OnUnitActiveSec=${h.intervalMs}ms`,
      `Unit=${unitName(box.name, "health.service")}`,
      "",
      "[Install]",
      `WantedBy=${unitName(box.name, "service")}`,
    ];
    units.push({ name: unitName(box.name, "health.service"), lines: probe }, { name: unitName(box.name, "health.timer"), lines: timer });
  }
  return { units, problems };
}
