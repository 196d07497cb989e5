/**
 * The environment check every target runs where the box is built or provisioned. It is a
 * Python program (run by the box's own interpreter, so it sees the installed distributions)
 * that compares what got installed with the box's pins, fails naming every difference, and
 * otherwise writes the environment report (argv[1]) as sorted, 2-space-indented JSON:
 *   {"apt", "box", "distributions", "env", "fingerprint", "python", "user", "workdir"}
 * The expected values are embedded as one JSON document inside a Python string literal
 * (JSON string syntax is a subset of Python's), so no value can turn into code.
 */
import type { Box } from "../../src/ir/types.ts";

/** Where a machine-wide environment report lives (containers and VMs; a venv keeps its own). */
export const systemReportPath = (box: string): string => `/etc/boxc/${box}.json`;

export interface VerifyOptions {
  /** Check apt package versions with dpkg-query (false where the box does not own the OS). */
  readonly apt?: boolean;
  /** Check that the box user exists with its fixed UID/GID. */
  readonly user?: boolean;
  /** Check the process environment holds the box's env vars. */
  readonly env?: boolean;
  /** Check the current directory is the box's workdir. */
  readonly workdir?: boolean;
}

/** What the checker compares against; also what the report restates. */
export function verifyExpectation(box: Box, opts: VerifyOptions = {}) {
  const on = (k: keyof VerifyOptions) => opts[k] !== false;
  return {
    box: box.name,
    fingerprint: box.fingerprint,
    python: box.python?.minor ?? null,
    requirements: box.pip.requirements.map((r) => ({
      name: r.name,
      line: r.line,
      specifier: r.specifier,
      pinned: r.pinned,
      marker: r.marker,
    })),
    apt: on("apt") ? box.apt.map((a) => ({ name: a.name, version: a.version })) : [],
    user: on("user") && box.user !== null ? { name: box.user.name, uid: box.user.uid, gid: box.user.gid } : null,
    env: on("env") ? Object.fromEntries(box.env.map((e) => [e.name, e.value])) : {},
    workdir: on("workdir") ? box.workdir : null,
  };
}

/** Python literal holding `text` exactly: a JSON string is a valid Python str literal. */
function pythonStr(text: string): string {
  return JSON.stringify(text);
}

const PROGRAM = String.raw`
import json, os, pwd, re, subprocess, sys
from importlib import metadata

try:
    from packaging.markers import Marker
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version
except ImportError:
    try:
        from pip._vendor.packaging.markers import Marker
        from pip._vendor.packaging.specifiers import SpecifierSet
        from pip._vendor.packaging.version import Version
    except ImportError:
        Marker = SpecifierSet = Version = None


def norm(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def same_version(got, want):
    if Version is None:
        return got == want
    try:
        return Version(got) == Version(want)
    except Exception:
        return got == want


def main():
    report_path = sys.argv[1]
    problems = []
    python = "%d.%d" % sys.version_info[:2]
    if EXPECTED["python"] is not None and python != EXPECTED["python"]:
        problems.append("python: expected %s, found %s" % (EXPECTED["python"], python))

    installed = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            installed[norm(name)] = dist.version
    for req in EXPECTED["requirements"]:
        if req["marker"] and Marker is not None and not Marker(req["marker"]).evaluate():
            continue
        got = installed.get(req["name"])
        if got is None:
            if req["marker"] and Marker is None:
                continue
            problems.append("%s: not installed (wanted %s)" % (req["name"], req["line"]))
        elif req["pinned"] is not None:
            if not same_version(got, req["pinned"]):
                problems.append("%s: expected %s, found %s" % (req["name"], req["pinned"], got))
        elif req["specifier"] and SpecifierSet is not None:
            if not SpecifierSet(req["specifier"]).contains(got, prereleases=True):
                problems.append("%s: %s does not satisfy %s" % (req["name"], got, req["specifier"]))

    apt = {}
    for pkg in EXPECTED["apt"]:
        try:
            out = subprocess.run(["dpkg-query", "-W", "-f=$" "{Version}", "--", pkg["name"]],
                                 capture_output=True, text=True)
            got = out.stdout.strip() if out.returncode == 0 else ""
        except OSError:
            got = ""
        if not got:
            problems.append("apt %s: not installed" % pkg["name"])
            continue
        if pkg["version"] is not None and got != pkg["version"]:
            problems.append("apt %s: expected %s, found %s" % (pkg["name"], pkg["version"], got))
        apt[pkg["name"]] = got

    user = EXPECTED["user"]
    if user is not None:
        try:
            pw = pwd.getpwnam(user["name"])
            if (pw.pw_uid, pw.pw_gid) != (user["uid"], user["gid"]):
                problems.append("user %s: expected uid:gid %d:%d, found %d:%d"
                                % (user["name"], user["uid"], user["gid"], pw.pw_uid, pw.pw_gid))
        except KeyError:
            problems.append("user %s: does not exist" % user["name"])

    for name, value in sorted(EXPECTED["env"].items()):
        got = os.environ.get(name)
        if got != value:
            problems.append("env %s: expected %r, found %r" % (name, value, got))

    if EXPECTED["workdir"] is not None and os.getcwd() != EXPECTED["workdir"]:
        problems.append("workdir: expected %s, found %s" % (EXPECTED["workdir"], os.getcwd()))

    if problems:
        print("boxc: the environment of box %s does not match its source (%s):"
              % (EXPECTED["box"], EXPECTED["fingerprint"]), file=sys.stderr)
        for p in problems:
            print("  - " + p, file=sys.stderr)
        sys.exit(1)

    report = {
        "box": EXPECTED["box"],
        "fingerprint": EXPECTED["fingerprint"],
        "python": python if EXPECTED["python"] is not None else None,
        "distributions": dict(sorted(installed.items())),
        "apt": apt,
        "user": user,
        "env": EXPECTED["env"],
        "workdir": EXPECTED["workdir"],
    }
    folder = os.path.dirname(report_path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    with open(report_path, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2, sort_keys=True, ensure_ascii=False)
        f.write("\n")
`;

/**
 * A Python 3 program taking the report path as argv[1] (`python -c PROGRAM REPORT`). Exits 1
 * listing every mismatch, else writes the report. Run it with the box's own interpreter (the
 * venv's python) so it sees the installed distributions.
 */
export function verifyScript(box: Box, opts: VerifyOptions = {}): string {
  const { head, tail } = verifyScriptParts(box, opts);
  return `${head}${VERIFY_BODY}${tail}`;
}

/**
 * The program's text that is the same for every box (~5 KB of its ~5.5). It starts and ends
 * with a line break, so an encoder that escapes character by character (a JSON string, sh
 * single quotes) may encode it once and splice it between the encoded `head` and `tail` of
 * `verifyScriptParts`: the result equals the encoding of the whole script.
 */
export const VERIFY_BODY = PROGRAM;

/** `verifyScript(box, opts) === head + VERIFY_BODY + tail`. */
export function verifyScriptParts(box: Box, opts: VerifyOptions = {}): { head: string; tail: string } {
  const expected = JSON.stringify(verifyExpectation(box, opts));
  return { head: `# boxc environment check for box ${box.name}`, tail: `\nEXPECTED = json.loads(${pythonStr(expected)})\nmain()\n` };
}

/**
 * The same check for boxes without Python, as a POSIX sh program plus its arguments
 * (`sh -c PROGRAM boxc-verify ARGS...`): apt versions (dpkg-query), the user's ids, env vars
 * and the workdir. Expected values travel as arguments, never as program text. The report has
 * the same shape as the Python check's ("python": null, "distributions": {}); everything but the
 * installed apt versions is known now, so it is passed as two JSON fragments around the apt
 * object (Debian package names and versions need no JSON escaping).
 */
export function verifyShell(box: Box, reportPath: string, opts: VerifyOptions = {}): { program: string; args: string[] } {
  const e = verifyExpectation(box, opts);
  const PLACEHOLDER = "\u0000boxc-apt\u0000";
  const report = {
    apt: PLACEHOLDER,
    box: e.box,
    distributions: {},
    env: Object.fromEntries(Object.entries(e.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    fingerprint: e.fingerprint,
    python: null,
    user: e.user === null ? null : { gid: e.user.gid, name: e.user.name, uid: e.user.uid },
    workdir: e.workdir,
  };
  const [head, tail] = JSON.stringify(report, null, 2).split(JSON.stringify(PLACEHOLDER)) as [string, string];
  const args = [reportPath, head, tail, e.box, e.fingerprint];
  for (const a of e.apt) args.push(a.name, a.version ?? "");
  args.push("--", e.user?.name ?? "", String(e.user?.uid ?? ""), String(e.user?.gid ?? ""), e.workdir ?? "");
  for (const [name, value] of Object.entries(e.env)) args.push(name, value);
  return { program: SHELL_PROGRAM, args };
}

/** Plain strings, not a template literal: the program is full of `${...}`. */
const SHELL_PROGRAM = [
  'set -eu',
  'report=$1 head=$2 tail=$3 box=$4 fingerprint=$5',
  'shift 5',
  'problems=""',
  'nl=\'',
  '\'',
  'note() { problems="$problems  - $1$nl"; }',
  'apt=""',
  'while [ "$1" != "--" ]; do',
  '  name=$1 want=$2',
  '  shift 2',
  '  got=$(dpkg-query -W -f=\'${Version}\' -- "$name" 2>/dev/null) || got=""',
  '  if [ -z "$got" ]; then note "apt $name: not installed"; continue; fi',
  '  if [ -n "$want" ] && [ "$got" != "$want" ]; then note "apt $name: expected $want, found $got"; fi',
  '  apt="$apt${apt:+,}$nl    \\"$name\\": \\"$got\\""',
  'done',
  'shift',
  'user=$1 uid=$2 gid=$3 workdir=$4',
  'shift 4',
  'if [ -n "$user" ]; then',
  '  if entry=$(getent passwd "$user"); then',
  '    ids=$(printf \'%s\\n\' "$entry" | cut -d: -f3,4)',
  '    if [ "$ids" != "$uid:$gid" ]; then note "user $user: expected uid:gid $uid:$gid, found $ids"; fi',
  '  else',
  '    note "user $user: does not exist"',
  '  fi',
  'fi',
  'while [ $# -gt 0 ]; do',
  '  name=$1 want=$2',
  '  shift 2',
  '  if got=$(printenv "$name"); then :; else got="(unset)"; fi',
  '  if [ "$got" != "$want" ]; then note "env $name: expected \'$want\', found \'$got\'"; fi',
  'done',
  'if [ -n "$workdir" ] && [ "$(pwd)" != "$workdir" ]; then note "workdir: expected $workdir, found $(pwd)"; fi',
  'if [ -n "$problems" ]; then',
  '  printf \'boxc: the environment of box %s does not match its source (%s):\\n%s\' "$box" "$fingerprint" "$problems" >&2',
  '  exit 1',
  'fi',
  'mkdir -p "$(dirname "$report")"',
  'if [ -n "$apt" ]; then',
  '  printf \'%s{%s\\n  }%s\\n\' "$head" "$apt" "$tail" > "$report"',
  'else',
  '  printf \'%s{}%s\\n\' "$head" "$tail" > "$report"',
  'fi',
].join("\n");
