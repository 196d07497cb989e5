/**
 * Fixed shell programs the Dockerfile runs in exec form (`["/bin/sh", "-c", PROGRAM, "$0", args...]`).
 * Box values arrive as positional arguments, never inside the program text, so no value can
 * become shell syntax. Each program is plain POSIX sh (tests run shellcheck on them).
 */

/** $@ = apt package arguments (`name` or `name=version`). Lists are removed to keep the layer small. */
export const APT_INSTALL = [
  "set -eu",
  "export DEBIAN_FRONTEND=noninteractive",
  "apt-get update",
  'apt-get install -y --no-install-recommends "$@"',
  "apt-get clean",
  "rm -rf /var/lib/apt/lists/*",
].join("\n");

/**
 * $1 = user name, $2 = uid, $3 = gid. Creates the user with the fixed ids every target shares;
 * when a package already created it (postgres...), moves it to those ids and re-owns its files.
 */
export const ENSURE_USER = [
  "set -eu",
  "name=$1 uid=$2 gid=$3",
  'old=$(getent group "$name" | cut -d: -f3)',
  'if [ -z "$old" ]; then',
  '  groupadd --gid "$gid" "$name"',
  'elif [ "$old" != "$gid" ]; then',
  '  groupmod --gid "$gid" "$name"',
  '  find / -xdev -gid "$old" -exec chgrp -h "$gid" {} +',
  "fi",
  'if olduid=$(id -u "$name" 2>/dev/null); then',
  '  if [ "$olduid" != "$uid" ]; then',
  '    usermod --uid "$uid" "$name"',
  '    find / -xdev -uid "$olduid" -exec chown -h "$uid" {} +',
  "  fi",
  '  usermod --gid "$gid" "$name"',
  "else",
  '  useradd --uid "$uid" --gid "$gid" --no-log-init --create-home --shell /usr/sbin/nologin "$name"',
  "fi",
].join("\n");

/** $1 = the Python version uv should install; the venv is made with that interpreter. */
export const UV_PYTHON_VENV = [
  "set -eu",
  'uv python install -- "$1"',
  '"$(uv python find -- "$1")" -m venv /opt/venv',
].join("\n");

export const ALL_SCRIPTS = { APT_INSTALL, ENSURE_USER, UV_PYTHON_VENV } as const;
