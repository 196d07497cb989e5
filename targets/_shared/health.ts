/**
 * The health probe a container runs for `health { http ... }`. Slim images have no curl or
 * wget, so the probe uses what the box is known to contain: the virtual environment's Python
 * (urllib) for Python boxes, otherwise bash's `/dev/tcp` (bash is essential on Debian and
 * Ubuntu). The URL and port travel as arguments, never spliced into program text.
 * `image` boxes have neither guarantee: callers report that as a diagnostic.
 */
import type { Box, HealthCheck } from "../../src/ir/types.ts";

export const VENV_DIR = "/opt/venv";
export const VENV_PYTHON = `${VENV_DIR}/bin/python`;

/** urllib raises on 4xx/5xx and on connection errors; the container runtime enforces the timeout. */
const PYTHON_PROBE = [
  "import sys, urllib.request",
  "try:",
  "    with urllib.request.urlopen(sys.argv[1]) as r:",
  "        sys.exit(0 if 200 <= r.status < 400 else 1)",
  "except Exception as e:",
  "    print(e, file=sys.stderr)",
  "    sys.exit(1)",
].join("\n");

/** $1 = port, $2 = path. A 2xx or 3xx status line passes. */
const BASH_PROBE = [
  'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1',
  "printf 'GET %s HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\nConnection: close\\r\\n\\r\\n' \"$2\" >&3",
  "IFS=' ' read -r _ code _ <&3 || exit 1",
  'case "$code" in 2??|3??) exit 0 ;; esac',
  'echo "HTTP status $code" >&2',
  "exit 1",
].join("\n");

/** Percent-encodes what may not appear raw in an HTTP request target; keeps existing escapes. */
export function encodeHttpPath(path: string): string {
  let out = "";
  for (const ch of path) {
    if (/[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/.test(ch)) out += ch;
    else for (const b of new TextEncoder().encode(ch)) out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Whether boxc knows a program in the box's image that can run an `http` probe. */
export function canProbeHttp(box: Box): boolean {
  return box.os !== null;
}

/** The probe as an argv (exec form), or null when the box's image may lack an HTTP client. */
export function healthArgv(box: Box, check: HealthCheck): readonly string[] | null {
  if (check.kind === "command") return check.argv;
  if (!canProbeHttp(box)) return null;
  const path = encodeHttpPath(check.path);
  if (box.python !== null) return [VENV_PYTHON, "-c", PYTHON_PROBE, `http://127.0.0.1:${check.port}${path}`];
  return ["/bin/bash", "-c", BASH_PROBE, "boxc-health", String(check.port), path];
}

/** Go-style duration (Docker and Compose): whole seconds as `10s`, otherwise milliseconds. */
export function goDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
