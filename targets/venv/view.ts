/**
 * IR → view models of `requirements.txt` and `setup-venv.sh`. Every decision and every
 * encoding is made here; the templates only lay the lines out. Values a file cannot carry
 * exactly become diagnostics, never altered text.
 */
import { boxPointer, diag, hasErrors, targetIndex, targetPointer, type Box, type Diagnostic, type ProjectIR, type VenvTarget } from "../_shared/api.ts";
import { headerLines } from "../_shared/header.ts";
import { heredocDelimiter, shComment, shellCarries, shQuote, shWord } from "../_shared/encode-shell.ts";
import { encodeIndexOption, encodeRequirement, REQUIREMENTS_CODING_LINE, requirementsComment } from "../_shared/encode-requirements.ts";
import { VERIFY_BODY, verifyScriptParts } from "../_shared/verify.ts";

export interface RequirementsView {
  readonly codingLine: string;
  readonly header: string;
  /** `--index-url=…` / `--extra-index-url=…` lines. */
  readonly options: readonly string[];
  /** One entry per requirement; hashed ones span several lines. */
  readonly requirements: readonly string[];
}

export interface SetupView {
  readonly header: string;
  readonly box: string;
  readonly pythonVersion: string;
  readonly pythonMinor: string;
  readonly venvPath: string;
  readonly fingerprint: string;
  readonly osId: string;
  readonly noPythonMessage: string;
  readonly hasApt: boolean;
  readonly apt: readonly { readonly name: string; readonly version: string }[];
  readonly aptUncheckedMessage: string;
  /** Lines of `<venv>/bin/boxc-env.sh`, written through a quoted here-document. */
  readonly envHook: readonly string[];
  /** The here-document's delimiter: a word no line of the hook equals. */
  readonly envHookEnd: string;
  readonly hasRequirements: boolean;
  readonly pipFlags: string;
  readonly verifyProgram: string;
  readonly runHint: string | null;
}

export interface BoxViews {
  readonly requirements: RequirementsView;
  readonly setup: SetupView;
}

const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Where the venv goes for this box, or why that path cannot be used. */
export function venvPathFor(target: VenvTarget, box: string): { ok: true; path: string } | { ok: false; path: string; reason: string } {
  const path = target.path.split("{box}").join(box);
  if (path === "") return { ok: false, path, reason: "it is empty" };
  if (/[\x00-\x1f\x7f-\x9f"$`\\]/.test(path))
    return { ok: false, path, reason: "Python's venv writes it into the activate scripts, where `\"`, `$`, backquotes, backslashes and control characters are not quoted" };
  const last = path.split("/").filter((s) => s !== "").pop();
  if (last === undefined || last === "." || last === "..") return { ok: false, path, reason: "it does not name a folder of its own" };
  // A leading `-` would make `python -m venv` read the path as an option.
  return { ok: true, path: path.startsWith("-") ? `./${path}` : path };
}

/** What a venv reproduces of this box and what it cannot: the header says it, so nothing is dropped silently. */
function notes(box: Box, venvPath: string): string[] {
  const py = box.python!;
  const skipped: string[] = [];
  if (box.os) skipped.push(`the OS (${box.os.id}: the host's own is used)`);
  if (box.apt.length) skipped.push("apt packages (only checked, as warnings)");
  if (box.user) skipped.push(`the user (${box.user.name} ${box.user.uid}:${box.user.gid}: you run as yourself)`);
  if (box.workdir) skipped.push("the workdir");
  if (box.files.length) skipped.push("copied files (the project folder is used in place)");
  if (box.build.length) skipped.push("build commands (not run)");
  if (box.secrets.length) skipped.push("secrets (expected from your environment; activate warns when one is missing)");
  const r = box.resources;
  if (r.cpuMillis !== null || r.memoryBytes !== null || r.diskBytes !== null) skipped.push("resource limits");
  if (box.expose.length || box.publish.length || box.connects.length) skipped.push("ports and connection rules");
  if (box.health) skipped.push("the health check");
  if (box.volumes.length) skipped.push("volumes");
  skipped.push("restart policy and stop signal");
  return [
    `Reproduces: Python ${py.version}, the pip requirements of requirements.txt, the environment variables (in ${venvPath}/bin/activate).`,
    `Cannot reproduce: ${skipped.join("; ")}.`,
    `Usage: sh setup-venv.sh (idempotent; set BOXC_PYTHON to choose the interpreter).`,
  ];
}

function header(box: Box, extra: readonly string[], comment: (s: string) => string): string {
  return headerLines({ sources: [box.source], fingerprints: [{ box: box.name, fingerprint: box.fingerprint }], notes: extra })
    .map(comment)
    .join("\n");
}

function requirementsView(ir: ProjectIR, box: Box, out: Diagnostic[]): RequirementsView {
  const options: string[] = [];
  const addIndex = (option: "--index-url" | "--extra-index-url", url: string, at: string) => {
    const e = encodeIndexOption(option, url);
    if (e.ok) options.push(e.text);
    else out.push(diag("BOX4304", { url, reason: e.reason }, { at }));
  };
  if (box.pip.indexUrl !== null) addIndex("--index-url", box.pip.indexUrl, boxPointer(ir, box.name, "pip", "indexUrl"));
  box.pip.extraIndexUrls.forEach((u, i) => addIndex("--extra-index-url", u, boxPointer(ir, box.name, "pip", "extraIndexUrls", i)));

  const reqs = box.pip.requirements;
  const anyHashed = reqs.some((r) => r.hashes.length > 0);
  const requirements: string[] = [];
  reqs.forEach((r, i) => {
    const at = boxPointer(ir, box.name, "pip", "requirements", i);
    if (anyHashed && r.hashes.length === 0) out.push(diag("BOX4305", { name: r.name, box: box.name }, { at }));
    if (r.hashes.length > 0 && r.pinned === null) out.push(diag("BOX4306", { name: r.name }, { at }));
    const e = encodeRequirement(r.line, r.hashes);
    if (e.ok) requirements.push(e.text);
    else out.push(diag("BOX4303", { name: r.name, reason: e.reason }, { at }));
  });
  const py = box.python!;
  return {
    codingLine: REQUIREMENTS_CODING_LINE,
    header: header(box, [`Pip requirements of box ${box.name} (Python ${py.version}); install them with setup-venv.sh beside this file.`], requirementsComment),
    options,
    requirements,
  };
}

/** Lines of the activation hook: the box's variables, and a warning per secret that is not supplied. */
function envHook(ir: ProjectIR, box: Box, out: Diagnostic[]): string[] {
  const lines = [shComment(`The environment of box ${box.name}, sourced by bin/activate. Generated by setup-venv.sh.`)];
  box.env.forEach((v, i) => {
    const at = boxPointer(ir, box.name, "env", i);
    if (!SHELL_NAME.test(v.name)) out.push(diag("BOX4308", { what: `environment variable \`${v.name}\``, box: box.name, reason: "it is not a shell variable name" }, { at }));
    else if (!shellCarries(v.value)) out.push(diag("BOX4308", { what: `the value of \`${v.name}\``, box: box.name, reason: "it contains a NUL character" }, { at }));
    else lines.push(`export ${v.name}=${shQuote(v.value)}`);
  });
  box.secrets.forEach((s, i) => {
    const at = boxPointer(ir, box.name, "secrets", i);
    if (!SHELL_NAME.test(s.name)) {
      out.push(diag("BOX4308", { what: `secret \`${s.name}\``, box: box.name, reason: "it is not a shell variable name" }, { at }));
    } else if (s.file === null) {
      const msg = `boxc: warning: secret ${s.name} of box ${box.name} is not set; export it before running the box`;
      lines.push(`if [ -z "\${${s.name}+x}" ]; then printf '%s\\n' ${shQuote(msg)} >&2; fi`);
    } else if (!shellCarries(s.file)) {
      out.push(diag("BOX4308", { what: `the file of secret \`${s.name}\``, box: box.name, reason: "it contains a NUL character" }, { at }));
    } else {
      const msg = `boxc: warning: secret ${s.name} of box ${box.name} is read from the file ${s.file}, which is not readable here`;
      lines.push(`if [ ! -r ${shQuote(s.file)} ]; then printf '%s\\n' ${shQuote(msg)} >&2; fi`);
    }
  });
  return lines;
}

function runHint(box: Box): string | null {
  if (box.run === null) return null;
  const cmd = box.run.form === "exec" ? box.run.argv.map(shWord).join(" ") : box.run.command;
  if (!shellCarries(cmd)) return null;
  return shQuote(`the box's command: ${cmd}`);
}

/** The constant body of the check, sh-quoted once: it is most of every setup-venv.sh. */
const VERIFY_BODY_QUOTED = shQuote(VERIFY_BODY).slice(1, -1);

/** `shQuote(verifyScript(box, …))`, splicing in the body quoted once (see VERIFY_BODY). */
function verifyScriptQuoted(box: Box): string {
  // apt is warned about, not required; a venv has no user or workdir of its own.
  const { head, tail } = verifyScriptParts(box, { apt: false, user: false, workdir: false });
  return `${shQuote(head).slice(0, -1)}${VERIFY_BODY_QUOTED}${shQuote(tail).slice(1)}`;
}

function setupView(ir: ProjectIR, box: Box, venvPath: string, out: Diagnostic[]): SetupView {
  const py = box.python!;
  const os = box.os!;
  const getPython = py.version.split(".").length > 2 ? `pyenv install ${py.version}` : `apt-get install python${py.minor} python${py.minor}-venv, or pyenv install ${py.minor}`;
  const hook = envHook(ir, box, out);
  return {
    header: header(box, notes(box, venvPath), shComment),
    box: shQuote(box.name),
    pythonVersion: shQuote(py.version),
    pythonMinor: shQuote(py.minor),
    venvPath: shQuote(venvPath),
    fingerprint: shQuote(box.fingerprint),
    osId: shQuote(`${os.distro}:${os.release}`),
    noPythonMessage: shQuote(
      `box ${box.name} needs Python ${py.version}, and neither python${py.minor} nor python3 on PATH is that version. Install it (${getPython}) or set BOXC_PYTHON to its path.`,
    ),
    hasApt: box.apt.length > 0,
    apt: box.apt.map((a) => ({ name: shQuote(a.name), version: shQuote(a.version ?? "") })),
    aptUncheckedMessage: shQuote(
      `dpkg-query is not available, so the system packages box ${box.name} needs cannot be checked: ${box.apt.map((a) => (a.version ? `${a.name}=${a.version}` : a.name)).join(", ")}`,
    ),
    envHook: hook,
    envHookEnd: heredocDelimiter(hook, "BOXC_ENV"),
    hasRequirements: box.pip.requirements.length > 0,
    pipFlags: box.pip.hashed ? " --require-hashes" : "",
    verifyProgram: verifyScriptQuoted(box),
    runHint: runHint(box),
  };
}

/** Both views of a box, or only diagnostics when the box cannot be built. */
export function boxViews(ir: ProjectIR, target: VenvTarget, box: Box): { views: BoxViews | null; diagnostics: Diagnostic[] } {
  const out: Diagnostic[] = [];
  const hasTarget = targetIndex(ir, target) >= 0;
  const at = boxPointer(ir, box.name);
  if (box.image !== null || box.os === null) {
    out.push(diag("BOX4301", { box: box.name, image: box.image?.ref ?? "" }, { at }));
    return { views: null, diagnostics: out };
  }
  if (box.python === null) {
    out.push(diag("BOX4302", { box: box.name }, { at }));
    return { views: null, diagnostics: out };
  }
  const path = venvPathFor(target, box.name);
  if (!path.ok) {
    out.push(diag("BOX4307", { path: path.path, box: box.name, reason: path.reason }, { at: hasTarget ? targetPointer(ir, target, "path") : at }));
    return { views: null, diagnostics: out };
  }
  box.apt.forEach((a, i) => {
    if (!shellCarries(a.name) || !shellCarries(a.version ?? ""))
      out.push(diag("BOX4308", { what: `apt package \`${a.name}\``, box: box.name, reason: "it contains a NUL character" }, { at: boxPointer(ir, box.name, "apt", i) }));
  });
  const views = { requirements: requirementsView(ir, box, out), setup: setupView(ir, box, path.path, out) };
  return { views: hasErrors(out) ? null : views, diagnostics: out };
}
