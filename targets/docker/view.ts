/**
 * IR box → Dockerfile view model. Every decision and every encoding happens here; the
 * templates only place already-encoded text.
 */
import { encodeRequirement, REQUIREMENTS_CODING_LINE } from "../_shared/encode-requirements.ts";
import { boxPointer, diag, type Box, type Diagnostic, type DockerTarget, type ProjectIR } from "../_shared/api.ts";
import { hashCommentHeader } from "../_shared/header.ts";
import { imageRef } from "../_shared/image.ts";
import { dockerCanCarry, dockerignoreInclude, dockerJsonArray, dockerJsonLiterals, dockerPathProblem, dockerQuoted } from "../_shared/encode-dockerfile.ts";
import { goDuration, healthArgv, VENV_DIR, VENV_PYTHON } from "../_shared/health.ts";
import { systemReportPath, VERIFY_BODY, verifyScriptParts, verifyShell } from "../_shared/verify.ts";
import { isBaseError, planBase, UV_PYTHON_DIR, type BasePlan } from "./base.ts";
import { APT_INSTALL, ENSURE_USER, UV_PYTHON_VENV } from "./scripts.ts";

export const SYNTAX = "docker/dockerfile:1";
/** Standard Debian/Ubuntu PATH with the virtual environment first; literal, so builds are deterministic. */
const VENV_PATH = `${VENV_DIR}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;
const HASHED_REQUIREMENTS = "/tmp/boxc-requirements.txt";

export interface BuildStageView {
  readonly from: string;
  /** `--from=<uv image>` when uv installs the interpreter. */
  readonly uvFrom: string | null;
  readonly uvEnv: string | null;
  readonly runs: readonly string[];
}

export interface CopyView {
  readonly chown: string | null;
  readonly args: string;
}

export interface HealthView {
  readonly options: string;
  readonly cmd: string;
}

export interface DockerfileView {
  readonly syntax: string;
  readonly header: string;
  readonly build: BuildStageView | null;
  readonly from: string;
  readonly stageName: string | null;
  readonly labels: readonly { readonly key: string; readonly value: string }[];
  readonly setupRuns: readonly string[];
  readonly copyFromBuild: readonly string[];
  readonly env: readonly { readonly name: string; readonly value: string }[];
  readonly dirsRun: string | null;
  readonly workdir: string | null;
  readonly copies: readonly CopyView[];
  readonly buildRuns: readonly string[];
  readonly verifyRun: string | null;
  readonly expose: string | null;
  readonly health: HealthView | null;
  readonly stopSignal: string;
  readonly user: string | null;
  readonly cmd: string | null;
}

export interface DockerignoreView {
  readonly header: string;
  readonly includes: readonly string[];
}

export interface BoxViews {
  readonly dockerfile: DockerfileView;
  readonly dockerignore: DockerignoreView;
}

/** A label value Docker must hold on one line (header lines are escaped by headerLines itself). */
function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/gu, "?");
}

function sh(program: string, name: string, args: readonly string[]): string {
  return dockerJsonArray(["/bin/sh", "-c", program, name, ...args]);
}

function aptArgs(box: Box, extra: readonly string[]): string[] {
  return [...extra, ...box.apt.map((a) => (a.version === null ? a.name : `${a.name}=${a.version}`))];
}

function pipRuns(ir: ProjectIR, box: Box, diagnostics: Diagnostic[]): string[] {
  const pip = box.pip;
  if (pip.requirements.length === 0) return [];
  const base = [VENV_PYTHON, "-m", "pip", "install", "--no-cache-dir", "--no-input", "--disable-pip-version-check"];
  if (pip.indexUrl !== null) base.push("--index-url", pip.indexUrl);
  for (const url of pip.extraIndexUrls) base.push("--extra-index-url", url);
  if (!pip.hashed) {
    // Requirements as arguments: pip reads each as one PEP 508 string, with no file syntax to escape.
    return [dockerJsonArray([...base, "--", ...pip.requirements.map((r) => r.line)])];
  }
  // --hash exists only in requirements files: write one through the shared encoder, from
  // arguments (printf keeps them byte for byte).
  const lines = [REQUIREMENTS_CODING_LINE];
  pip.requirements.forEach((r, i) => {
    const e = encodeRequirement(r.line, r.hashes);
    if (e.ok) lines.push(e.text);
    else diagnostics.push(diag("BOX4105", { line: r.line, reason: e.reason }, { at: boxPointer(ir, box.name, "pip", "requirements", i) }));
  });
  return [
    sh(`printf '%s\\n' "$@" > ${HASHED_REQUIREMENTS}`, "boxc-requirements", lines),
    dockerJsonArray([...base, "--require-hashes", "-r", HASHED_REQUIREMENTS]),
  ];
}

function buildStage(ir: ProjectIR, box: Box, plan: BasePlan, diagnostics: Diagnostic[]): BuildStageView | null {
  const runs: string[] = [];
  switch (plan.python.kind) {
    case "none":
      return null;
    case "image":
      if (box.apt.length) runs.push(sh(APT_INSTALL, "boxc-apt", aptArgs(box, [])));
      runs.push(dockerJsonArray(["python3", "-m", "venv", VENV_DIR]));
      break;
    case "os":
      runs.push(sh(APT_INSTALL, "boxc-apt", aptArgs(box, ["python3", "python3-venv"])));
      runs.push(dockerJsonArray(["python3", "-m", "venv", VENV_DIR]));
      break;
    case "uv":
      if (box.apt.length) runs.push(sh(APT_INSTALL, "boxc-apt", aptArgs(box, [])));
      runs.push(sh(UV_PYTHON_VENV, "boxc-python", [plan.python.request]));
      break;
  }
  runs.push(...pipRuns(ir, box, diagnostics));
  return {
    from: plan.from,
    uvFrom: plan.python.kind === "uv" ? plan.uvImage : null,
    uvEnv: plan.python.kind === "uv" ? `UV_PYTHON_INSTALL_DIR=${UV_PYTHON_DIR} UV_PYTHON_PREFERENCE=only-managed` : null,
    runs,
  };
}

function checkPath(ir: ProjectIR, box: Box, path: string, isCopySource: boolean, at: (string | number)[], diagnostics: Diagnostic[]): void {
  const problem = dockerPathProblem(path, isCopySource);
  if (problem !== null) diagnostics.push(diag("BOX4103", { path, char: problem }, { at: boxPointer(ir, box.name, ...at) }));
}

/** The constant body of the Python check as JSON string content, encoded once: it is most of every Dockerfile. */
const VERIFY_BODY_JSON = JSON.stringify(VERIFY_BODY).slice(1, -1);

/** `JSON.stringify(verifyScript(box))`, splicing in the body encoded once (see VERIFY_BODY). */
function verifyScriptJson(box: Box): string {
  const { head, tail } = verifyScriptParts(box);
  return `${JSON.stringify(head).slice(0, -1)}${VERIFY_BODY_JSON}${JSON.stringify(tail).slice(1)}`;
}

/** The environment check: the Python program with the venv's interpreter, else the sh one; none for `image` boxes (no dpkg, no known shell). */
function verifyRun(box: Box, hasVenv: boolean): string | null {
  if (hasVenv)
    return dockerJsonLiterals([JSON.stringify(VENV_PYTHON), JSON.stringify("-c"), verifyScriptJson(box), JSON.stringify(systemReportPath(box.name))]);
  if (box.image !== null) return null;
  const v = verifyShell(box, systemReportPath(box.name));
  return sh(v.program, "boxc-verify", v.args);
}

export function dockerViews(ir: ProjectIR, box: Box, target: DockerTarget): { views: BoxViews | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const planned = planBase(box, target);
  if (isBaseError(planned)) {
    diagnostics.push(diag("BOX4101", planned, { at: boxPointer(ir, box.name, "python") }));
    return { views: null, diagnostics };
  }
  const plan = planned;
  const build = buildStage(ir, box, plan, diagnostics);
  const user = box.user;
  const ids = user === null ? null : `${user.uid}:${user.gid}`;
  const isImageBox = box.image !== null;

  box.env.forEach((e, i) => {
    if (!dockerCanCarry(e.value)) diagnostics.push(diag("BOX4104", { name: e.name }, { at: boxPointer(ir, box.name, "env", i, "value") }));
  });
  box.files.forEach((f, i) => {
    checkPath(ir, box, f.source, true, ["files", i, "source"], diagnostics);
    checkPath(ir, box, f.dest, false, ["files", i, "dest"], diagnostics);
  });
  if (box.workdir !== null) checkPath(ir, box, box.workdir, false, ["workdir"], diagnostics);
  box.volumes.forEach((v, i) => checkPath(ir, box, v.path, false, ["volumes", i, "path"], diagnostics));

  let health: HealthView | null = null;
  if (box.health !== null) {
    const argv = healthArgv(box, box.health.check);
    if (argv === null) {
      diagnostics.push(diag("BOX4102", { box: box.name, image: box.image?.ref ?? "" }, { at: boxPointer(ir, box.name, "health", "check") }));
    } else {
      const h = box.health;
      const options = [`--interval=${goDuration(h.intervalMs)}`, `--timeout=${goDuration(h.timeoutMs)}`];
      if (h.startMs > 0) options.push(`--start-period=${goDuration(h.startMs)}`);
      options.push(`--retries=${h.retries}`);
      health = { options: options.join(" "), cmd: dockerJsonArray(argv) };
    }
  }
  if (diagnostics.length) return { views: null, diagnostics };

  const setupRuns: string[] = [];
  const runtimeApt = plan.python.kind === "os" ? aptArgs(box, ["python3"]) : aptArgs(box, []);
  if (runtimeApt.length) setupRuns.push(sh(APT_INSTALL, "boxc-apt", runtimeApt));
  // Image boxes keep the image's own users: useradd may not exist there, and a numeric USER needs no passwd entry.
  if (user !== null && user.uid !== 0 && !isImageBox) setupRuns.push(sh(ENSURE_USER, "boxc-user", [user.name, String(user.uid), String(user.gid)]));

  const copyFromBuild: string[] = [];
  if (plan.python.kind === "uv") copyFromBuild.push(`--from=build ${UV_PYTHON_DIR} ${UV_PYTHON_DIR}`);
  if (build !== null) copyFromBuild.push(`--from=build ${VENV_DIR} ${VENV_DIR}`);

  const env: { name: string; value: string }[] = [];
  if (build !== null) env.push({ name: "VIRTUAL_ENV", value: dockerQuoted(VENV_DIR) }, { name: "PATH", value: dockerQuoted(VENV_PATH) });
  for (const e of box.env) env.push({ name: e.name, value: dockerQuoted(e.value) });

  // Named volumes start as a copy of the image's folder, owner included: make them the user's.
  const ownedDirs = [...(box.workdir !== null ? [box.workdir] : []), ...box.volumes.map((v) => v.path)];
  const dirsRun = ids !== null && !isImageBox && ownedDirs.length ? dockerJsonArray(["install", "-d", "-o", String(user!.uid), "-g", String(user!.gid), "--", ...ownedDirs]) : null;

  const tag = imageRef(ir, box);
  const labels = [
    ["org.opencontainers.image.title", `${ir.project}-${box.name}`],
    ["org.opencontainers.image.version", tag.slice(tag.lastIndexOf(":") + 1)],
    ["org.opencontainers.image.base.name", plan.from],
    ["io.boxc.project", ir.project],
    ["io.boxc.box", box.name],
    ["io.boxc.source", box.source],
    ["io.boxc.fingerprint", box.fingerprint],
  ].map(([key, value]) => ({ key: key!, value: dockerQuoted(oneLine(value!)) }));

  const cmd =
    box.run === null ? null : box.run.form === "exec" ? dockerJsonArray(box.run.argv) : dockerJsonArray(["/bin/sh", "-c", box.run.command]);

  const dockerfile: DockerfileView = {
    syntax: SYNTAX,
    header: hashCommentHeader({
      sources: [box.source],
      fingerprints: [{ box: box.name, fingerprint: box.fingerprint }],
      notes: [
        `Image ${tag}. Build with the project root as the context: docker build -f <this file> -t ${tag} <project root>`,
        ...(!isImageBox ? [`The build fails when the installed environment differs from the source; the report is ${systemReportPath(box.name)}.`] : []),
      ],
    }),
    build,
    from: plan.from,
    stageName: build !== null ? "runtime" : null,
    labels,
    setupRuns,
    copyFromBuild,
    env,
    dirsRun,
    workdir: box.workdir,
    copies: box.files.map((f) => ({ chown: ids, args: dockerJsonArray([f.source, f.dest]) })),
    buildRuns: box.build.map((c) => dockerJsonArray(["/bin/sh", "-c", c])),
    verifyRun: verifyRun(box, build !== null),
    expose: box.expose.length ? box.expose.map((p) => `${p.port}/${p.protocol}`).join(" ") : null,
    health,
    stopSignal: /^[A-Z0-9+]+$/.test(box.stopSignal) ? box.stopSignal : dockerQuoted(oneLine(box.stopSignal)),
    user: ids,
    cmd,
  };
  const dockerignore: DockerignoreView = {
    header: hashCommentHeader({ sources: [box.source], fingerprints: [{ box: box.name, fingerprint: box.fingerprint }] }),
    includes: [...new Set(box.files.map((f) => f.source))].sort().map(dockerignoreInclude),
  };
  return { views: { dockerfile, dockerignore }, diagnostics };
}
