/**
 * The negative test's edits: change the version a generated artifact installs for one
 * requirement, and nothing else — in particular not the expectation the same artifact's
 * environment check carries, so the check must be what catches it. Each edit must hit
 * exactly one place, or it throws (a silent no-op would make the negative test pass vacuously).
 */

function replaceOnce(text: string, lineStarts: string, from: string, to: string, what: string): string {
  let hits = 0;
  const lines = text.split("\n").map((line) => {
    if (!line.startsWith(lineStarts) || !line.includes(from)) return line;
    hits += line.split(from).length - 1;
    return line.split(from).join(to);
  });
  if (hits !== 1) throw new Error(`${what}: expected exactly one ${from} on a line starting ${JSON.stringify(lineStarts)}, found ${hits}`);
  return lines.join("\n");
}

/** In a Dockerfile: the requirement's word in the exec-form `pip install` line. */
export function breakDockerfilePin(dockerfile: string, line: string, newLine: string): string {
  return replaceOnce(dockerfile, 'RUN ["/opt/venv/bin/python", "-m", "pip", "install"', JSON.stringify(line), JSON.stringify(newLine), "Dockerfile");
}

/** In requirements.txt: the requirement's own line. */
export function breakRequirementsPin(requirements: string, line: string, newLine: string): string {
  const out = requirements.split("\n").map((l) => (l === line ? newLine : l));
  const hits = requirements.split("\n").filter((l) => l === line).length;
  if (hits !== 1) throw new Error(`requirements.txt: expected exactly one line ${line}, found ${hits}`);
  return out.join("\n");
}

/** In provision.sh: the requirement's single-quoted word in the `pip install` command. */
export function breakProvisionPin(provision: string, line: string, newLine: string): string {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return replaceOnce(provision, "PIP_CONFIG_FILE=/dev/null ", quote(line), quote(newLine), "provision.sh");
}
