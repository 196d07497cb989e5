/**
 * IR → everything the vm artifacts say. Every decision and every encoding of the target is
 * here; templates only lay the pre-encoded values out.
 */
import type { Box, Diagnostic, EmitContext, ProjectIR, VmTarget } from "../_shared/api.ts";
import { boxByName, boxPointer, diag, rootFromOutput, targetPointer } from "../_shared/api.ts";
import { hashCommentHeader, headerLines, type HeaderInfo } from "../_shared/header.ts";
import { hclCarries, hclString, hclStringBody, hasGoTemplateAction, packerString } from "../_shared/encode-hcl.ts";
import { heredocDelimiter, shQuote } from "../_shared/encode-shell.ts";
import { encodeRequirement, REQUIREMENTS_CODING_LINE } from "../_shared/encode-requirements.ts";
import { envFileLine } from "../_shared/encode-systemd.ts";
import { verifyScript } from "../_shared/verify.ts";
import { amiSource, PYTHON_BUILD_DEPS, PYTHON_SOURCES, pythonSource } from "./platform.ts";
import { boxUnits, SYSTEM_PATH } from "./units.ts";
import {
  boxDir,
  CLOUD_INIT_STAGE,
  envFilePath,
  FIREWALL_RULES,
  FIREWALL_UNIT,
  PACKER_STAGE,
  pythonPrefix,
  reportPath,
  secretEnvFilePath,
  stagedCopy,
  venvDir,
} from "./layout.ts";

const GIB = 1024 ** 3;
/** Room for the OS, apt packages and side-by-side Pythons besides what the boxes ask for. */
const BASE_DISK_GIB = 8;

export interface VmPlan {
  readonly boxes: readonly Box[];
  readonly diagnostics: Diagnostic[];
  readonly header: HeaderInfo;
}

/** The boxes of the machine and every target-level problem with them. */
export function planMachine(ir: ProjectIR, target: VmTarget): VmPlan {
  const diagnostics: Diagnostic[] = [];
  const boxes: Box[] = [];
  for (const name of target.boxes) {
    const box = boxByName(ir, name);
    if (!box) continue;
    if (box.image !== null || box.os === null) {
      diagnostics.push(diag("BOX4401", { box: name, image: box.image?.ref ?? "?", target: target.name }, { at: boxPointer(ir, name, "image") }));
      continue;
    }
    boxes.push(box);
  }
  const first = boxes[0];
  for (const b of boxes.slice(1)) {
    if (first && b.os!.id !== first.os!.id)
      diagnostics.push(
        diag("BOX4402", { first: first.name, firstOs: first.os!.id, second: b.name, secondOs: b.os!.id, target: target.name }, { at: boxPointer(ir, b.name, "os") }),
      );
  }
  const users = new Map<string, Box>();
  for (const b of boxes) {
    const u = b.user!;
    const seen = users.get(u.name);
    if (seen && (seen.user!.uid !== u.uid || seen.user!.gid !== u.gid))
      diagnostics.push(
        diag(
          "BOX4405",
          { first: seen.name, second: b.name, target: target.name, user: u.name, firstId: `${seen.user!.uid}:${seen.user!.gid}`, secondId: `${u.uid}:${u.gid}` },
          { at: boxPointer(ir, b.name, "user") },
        ),
      );
    else if (!seen) users.set(u.name, b);
  }
  for (const b of boxes) {
    if (b.python && !b.python.fromOs && pythonSource(b.python.version) === null)
      diagnostics.push(
        diag(
          "BOX4403",
          { box: b.name, version: b.python.version, minor: b.python.minor, os: b.os!.id, known: PYTHON_SOURCES.map((p) => p.version).join(", ") },
          { at: boxPointer(ir, b.name, "python") },
        ),
      );
    b.files.forEach((f, j) => {
      if (hasGoTemplateAction(f.source)) diagnostics.push(diag("BOX4409", { box: b.name, source: f.source }, { at: boxPointer(ir, b.name, "files", j, "source") }));
    });
    for (const c of b.connects)
      if (!target.boxes.includes(c.box))
        diagnostics.push(diag("BOX4407", { box: b.name, other: c.box, target: target.name }, { at: boxPointer(ir, b.name, "connects", b.connects.indexOf(c)) }));
    const exe = b.run?.form === "exec" ? b.run.argv[0] ?? "" : "";
    if (!exe.includes("/") && exe.includes("=")) diagnostics.push(diag("BOX4406", { box: b.name, exe }, { at: boxPointer(ir, b.name, "run") }));
    if (b.health?.check.kind === "command") {
      const hexe = b.health.check.argv[0] ?? "";
      if (!hexe.includes("/") && hexe.includes("="))
        diagnostics.push(diag("BOX4406", { box: b.name, exe: hexe }, { at: boxPointer(ir, b.name, "health") }));
    }
    if (b.pip.hashed)
      b.pip.requirements.forEach((r, j) => {
        if (r.line.includes("${")) diagnostics.push(diag("BOX4412", { box: b.name, line: r.line }, { at: boxPointer(ir, b.name, "pip", "requirements", j) }));
      });
  }
  const hclValues: [string, string, string][] = [
    ["project name", ir.project, "/project"],
    ["region", target.region ?? "", targetPointer(ir, target, "region")],
    ["instance type", target.instance ?? "", targetPointer(ir, target, "instance")],
  ];
  for (const b of boxes) b.files.forEach((f, j) => hclValues.push(["copy source", f.source, boxPointer(ir, b.name, "files", j, "source")]));
  for (const [what, value, at] of hclValues) if (!hclCarries(value)) diagnostics.push(diag("BOX4413", { what, value }, { at }));
  aptUnion(ir, target, boxes, diagnostics);
  const need = diskNeedGiB(boxes);
  if (target.diskBytes !== null && Math.ceil(target.diskBytes / GIB) < need)
    diagnostics.push(diag("BOX4411", { target: target.name, disk: Math.ceil(target.diskBytes / GIB), need }, { at: targetPointer(ir, target, "diskBytes") }));

  const header: HeaderInfo = {
    sources: [...new Set(boxes.map((b) => b.source))].sort(),
    fingerprints: boxes.map((b) => ({ box: b.name, fingerprint: b.fingerprint })),
  };
  return { boxes, diagnostics, header };
}

/** Root volume: the target's `disk`, else the OS base plus each box's `disk` and volume sizes. */
function diskNeedGiB(boxes: readonly Box[]): number {
  let bytes = 0;
  for (const b of boxes) {
    bytes += b.resources.diskBytes ?? 0;
    for (const v of b.volumes) bytes += v.sizeBytes ?? 0;
  }
  return BASE_DISK_GIB + Math.ceil(bytes / GIB);
}

export function diskGiB(target: VmTarget, boxes: readonly Box[]): number {
  return target.diskBytes !== null ? Math.ceil(target.diskBytes / GIB) : diskNeedGiB(boxes);
}

/** One apt line for the machine: a pinned version wins over "any"; two pins clash. */
function aptUnion(ir: ProjectIR, target: VmTarget, boxes: readonly Box[], diagnostics: Diagnostic[] | null): Map<string, string | null> {
  const out = new Map<string, { version: string | null; box: string }>();
  for (const b of boxes)
    b.apt.forEach((a, j) => {
      const seen = out.get(a.name);
      if (!seen || seen.version === null) out.set(a.name, { version: a.version, box: b.name });
      else if (a.version !== null && a.version !== seen.version && diagnostics)
        diagnostics.push(
          diag(
            "BOX4408",
            { package: a.name, first: seen.box, firstVersion: seen.version, second: b.name, secondVersion: a.version, target: target.name },
            { at: boxPointer(ir, b.name, "apt", j) },
          ),
        );
    });
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, v.version]));
}

// ---------------------------------------------------------------- Packer

export interface PackerView {
  readonly header: string;
  readonly sourceName: string;
  readonly regionDefault: string;
  readonly instanceDefault: string;
  readonly amiPrefixDefault: string;
  readonly amiDescription: string;
  readonly sshUsername: string;
  readonly amiNamePattern: string;
  readonly amiOwner: string;
  readonly rootDevice: string;
  readonly diskGiB: number;
  readonly projectDir: string;
  readonly tags: readonly { readonly key: string; readonly value: string }[];
  readonly prepare: readonly string[];
  readonly uploads: readonly { readonly source: string; readonly destination: string }[];
  readonly provisionScript: string;
  readonly runProvision: string;
}

/**
 * How the template finds the project root: from its own folder (`path.root`) when the output
 * folder is inside the project, so Packer can run from anywhere; else the current directory.
 */
export function projectDirExpression(context: EmitContext | undefined): string {
  const back = rootFromOutput(context);
  if (back === null) return '"."';
  // path.root is vm/<name>/ inside the output folder: two levels up is the output folder.
  const tail = back === "." ? "" : `/${back}`;
  // The interpolation is HCL on purpose; the folder names after it are literal text.
  return `"\${path.root}/../..${hclStringBody(tail)}"`;
}

export function packerView(ir: ProjectIR, target: VmTarget, plan: VmPlan, context?: EmitContext): PackerView {
  const os = plan.boxes[0]!.os!;
  const ami = amiSource(os);
  const stageDirs = new Set<string>([`${PACKER_STAGE}/files`]);
  const uploads: { source: string; destination: string }[] = [];
  for (const b of plan.boxes)
    b.files.forEach((f, j) => {
      const dest = `${PACKER_STAGE}/${stagedCopy(b.name, j)}`;
      if (f.sourceKind === "dir") stageDirs.add(dest);
      else stageDirs.add(`${PACKER_STAGE}/files/${b.name}`);
      // A trailing `/` uploads a folder's contents; the path is rendered twice by Packer, so
      // it must hold no `{{` (refused in planMachine) and is written HCL-escaped only.
      uploads.push({
        source: `"\${local.project_dir}/${hclStringBody(f.source)}${f.sourceKind === "dir" ? "/" : ""}"`,
        destination: hclString(dest),
      });
    });
  const tags: { key: string; value: string }[] = [
    { key: packerString("Name"), value: packerString(`boxc-${target.name}`) },
    { key: packerString("boxc:project"), value: packerString(ir.project) },
    { key: packerString("boxc:machine"), value: packerString(target.name) },
    ...plan.boxes.map((b) => ({ key: packerString(`boxc:fingerprint:${b.name}`), value: packerString(b.fingerprint) })),
  ];
  return {
    header: hashCommentHeader(plan.header),
    sourceName: target.name,
    regionDefault: packerString(target.region ?? "us-east-1"),
    instanceDefault: packerString(target.instance ?? "t3.small"),
    amiPrefixDefault: packerString(`boxc-${target.name}`),
    amiDescription: packerString(`boxc machine ${target.name}: ${plan.boxes.map((b) => b.name).join(", ")}`),
    sshUsername: packerString(ami.sshUsername),
    amiNamePattern: packerString(ami.namePattern),
    amiOwner: packerString(ami.owner),
    rootDevice: packerString(ami.rootDevice),
    diskGiB: diskGiB(target, plan.boxes),
    projectDir: projectDirExpression(context),
    tags,
    prepare: [hclString(`mkdir -p ${[...stageDirs].sort().join(" ")}`)],
    uploads,
    provisionScript: hclString(`${PACKER_STAGE}/provision.sh`),
    runProvision: hclString(`sudo sh ${PACKER_STAGE}/provision.sh ${PACKER_STAGE}`),
  };
}

export function pluginsView(plan: VmPlan): { header: string } {
  return { header: hashCommentHeader({ ...plan.header, notes: ["For Packer 1.7 and later: `packer init` this folder, then build the folder above."] }) };
}

// ---------------------------------------------------------------- firewall

/** nftables rules: inbound denied except SSH, ICMP and the published ports. */
export function firewallRules(plan: VmPlan): string {
  const accept: string[] = [];
  const redirect: string[] = [];
  for (const b of plan.boxes)
    for (const p of b.publish) {
      if (p.hostPort === p.port) accept.push(`    ${p.protocol} dport ${p.port} accept`);
      else {
        // Only traffic that came in on the published port reaches the box's port.
        redirect.push(`    ${p.protocol} dport ${p.hostPort} redirect to :${p.port}`);
        accept.push(`    ct status dnat ${p.protocol} dport ${p.port} accept`);
      }
    }
  return [
    "table inet boxc",
    "delete table inet boxc",
    "table inet boxc {",
    "  chain input {",
    "    type filter hook input priority filter; policy drop;",
    "    ct state established,related accept",
    "    ct state invalid drop",
    '    iif "lo" accept',
    "    meta l4proto { icmp, ipv6-icmp } accept",
    "    tcp dport 22 accept",
    ...accept,
    "  }",
    "  chain prerouting {",
    "    type nat hook prerouting priority dstnat; policy accept;",
    ...redirect,
    "  }",
    "}",
    "",
  ].join("\n");
}

const FIREWALL_UNIT_TEXT = [
  "[Unit]",
  "Description=boxc firewall (deny inbound except SSH and published ports)",
  "Wants=network-pre.target",
  "Before=network-pre.target",
  "",
  "[Service]",
  "Type=oneshot",
  "RemainAfterExit=yes",
  `ExecStart=/usr/sbin/nft -f ${FIREWALL_RULES}`,
  "ExecStop=/usr/sbin/nft delete table inet boxc",
  "",
  "[Install]",
  "WantedBy=multi-user.target",
  "",
].join("\n");

// ---------------------------------------------------------------- cloud-init

export interface UnitFile {
  readonly path: string;
  readonly content: string;
}

/** Units and env files of every box, as cloud-init writes them. */
export function machineFiles(ir: ProjectIR, plan: VmPlan): { files: UnitFile[]; diagnostics: Diagnostic[] } {
  const files: UnitFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const note = `# ${headerLines(plan.header)[0]}`;
  for (const b of plan.boxes) {
    const envLines: string[] = [note];
    b.env.forEach((e, i) => {
      const line = envFileLine(e.name, e.value);
      if (line === null) diagnostics.push(diag("BOX4410", { what: `value of \`${e.name}\``, box: b.name }, { at: boxPointer(ir, b.name, "env", i, "value") }));
      else envLines.push(line);
    });
    files.push({ path: envFilePath(b.name), content: `${envLines.join("\n")}\n` });
    const { units, problems } = boxUnits(b, ir.project);
    for (const p of problems) diagnostics.push(diag("BOX4410", { what: p.what, box: b.name }, { at: boxPointer(ir, b.name, ...p.at) }));
    for (const u of units) files.push({ path: `/etc/systemd/system/${u.name}`, content: `${note}\n${u.lines.join("\n")}\n` });
  }
  files.push({ path: FIREWALL_RULES, content: `${note}\n${firewallRules(plan)}` });
  files.push({ path: `/etc/systemd/system/${FIREWALL_UNIT}`, content: `${note}\n${FIREWALL_UNIT_TEXT}` });
  return { files, diagnostics };
}

/** Runs the staged provision.sh when it is there (a machine or test that staged it); under Packer it is not yet, and Packer runs it after the upload. */
const RUN_STAGED = [
  'stage="$1"',
  'if [ -f "$stage/provision.sh" ]; then exec sh "$stage/provision.sh" "$stage"; fi',
  'echo "boxc: no provision.sh staged in $stage yet; the Packer build uploads and runs it"',
].join("\n");

export function cloudConfig(plan: VmPlan, files: readonly UnitFile[]): unknown {
  const users = new Map<string, { uid: number; gid: number }>();
  for (const b of plan.boxes) if (b.user!.uid !== 0 && !users.has(b.user!.name)) users.set(b.user!.name, b.user!);
  const sorted = [...users].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const config: Record<string, unknown> = {};
  if (sorted.length > 0) {
    // cloud-init cannot give a user's primary group a fixed GID: create the group first.
    config.bootcmd = sorted.map(([name, u]) => [
      "sh",
      "-c",
      'getent group "$1" >/dev/null || groupadd --gid "$2" "$1"',
      "boxc-group",
      name,
      String(u.gid),
    ]);
  }
  config.users = [
    "default",
    ...sorted.map(([name, u]) => ({ name, uid: u.uid, primary_group: name, shell: "/usr/sbin/nologin", lock_passwd: true })),
  ];
  config.write_files = files.map((f) => ({ path: f.path, owner: "root:root", permissions: "0644", content: f.content }));
  config.runcmd = [["sh", "-c", RUN_STAGED, "boxc-provision", CLOUD_INIT_STAGE]];
  return config;
}

// ---------------------------------------------------------------- provision.sh

export interface ProvisionView {
  readonly header: string;
  readonly aptPackages: string;
  readonly pythons: readonly { readonly version: string; readonly sha256: string }[];
  readonly boxes: readonly ProvisionBox[];
  readonly units: string;
}

export interface ProvisionBox {
  readonly name: string;
  readonly quotedName: string;
  readonly user: string;
  readonly uid: number;
  readonly gid: number;
  readonly dir: string;
  readonly hasPython: boolean;
  readonly python: string;
  readonly venv: string;
  readonly requirementsWrite: string;
  readonly pipInstall: string;
  readonly hasRequirements: boolean;
  readonly copies: readonly string[];
  readonly volumes: readonly string[];
  readonly secretFiles: readonly string[];
  readonly hasEnvSecrets: boolean;
  readonly secretEnvFile: string;
  readonly builds: readonly string[];
  readonly workdir: string;
  readonly minor: string;
  readonly envFile: string;
  readonly path: string;
  readonly verifyFile: string;
  readonly verifyDelimiter: string;
  readonly verifyProgram: string;
  readonly verifyRun: string;
}

function quoteAll(words: readonly string[]): string {
  return words.map(shQuote).join(" ");
}

export function provisionView(ir: ProjectIR, target: VmTarget, plan: VmPlan, diagnostics: Diagnostic[]): ProvisionView {
  const apt = aptUnion(ir, target, plan.boxes, null);
  const needsOsPython = plan.boxes.some((b) => b.python?.fromOs);
  const pythons = new Map<string, string>();
  for (const b of plan.boxes) {
    if (!b.python || b.python.fromOs) continue;
    const src = pythonSource(b.python.version);
    if (src) pythons.set(src.version, src.sha256);
  }
  // systemd and nftables are on every cloud image; naming them keeps minimal images working.
  const extra = new Set<string>(["nftables", "systemd"]);
  if (needsOsPython) ["python3", "python3-venv"].forEach((p) => extra.add(p));
  if (pythons.size > 0) PYTHON_BUILD_DEPS.forEach((p) => extra.add(p));
  if (plan.boxes.some((b) => b.health?.check.kind === "http")) extra.add("curl");
  for (const p of extra) if (!apt.has(p)) apt.set(p, null);
  const aptWords = [...apt].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([n, v]) => (v === null ? n : `${n}=${v}`));

  const boxes = plan.boxes.map((b): ProvisionBox => {
    const user = b.user!;
    const venv = venvDir(b.name);
    const python = !b.python ? "" : b.python.fromOs ? "/usr/bin/python3" : `${pythonPrefix(pythonSource(b.python.version)?.version ?? b.python.version)}/bin/python${b.python.minor}`;
    const reqFile = `${boxDir(b.name)}/requirements.txt`;
    const pipArgs = [`${venv}/bin/python`, "-m", "pip", "install", "--no-input", "--disable-pip-version-check", "--no-cache-dir"];
    if (b.pip.indexUrl !== null) pipArgs.push("--index-url", b.pip.indexUrl);
    for (const u of b.pip.extraIndexUrls) pipArgs.push("--extra-index-url", u);
    // Hashes can only be given in a requirements file; without them the requirements travel
    // as arguments, which pip reads literally (a file would expand `${VAR}` and comments).
    const reqLines: string[] = [REQUIREMENTS_CODING_LINE];
    if (b.pip.hashed) {
      b.pip.requirements.forEach((r, j) => {
        const e = encodeRequirement(r.line, r.hashes);
        if (e.ok) reqLines.push(e.text);
        else if (!r.line.includes("${"))
          diagnostics.push(diag("BOX4410", { what: `requirement \`${r.line}\``, box: b.name }, { at: boxPointer(ir, b.name, "pip", "requirements", j) }));
      });
      pipArgs.push("--require-hashes", "-r", reqFile);
    } else pipArgs.push("--", ...b.pip.requirements.map((r) => r.line));
    const copies = b.files.map((f, j) => {
      const staged = `"$stage"/${stagedCopy(b.name, j)}`;
      return `${f.sourceKind === "dir" ? "install_dir" : "install_file"} ${staged} ${quoteAll([f.dest, String(user.uid), String(user.gid)])}`;
    });
    const program = b.python ? verifyScript(b) : "";
    const workdir = b.workdir ?? "/";
    return {
      name: b.name,
      quotedName: shQuote(b.name),
      user: shQuote(user.name),
      uid: user.uid,
      gid: user.gid,
      dir: shQuote(boxDir(b.name)),
      hasPython: b.python !== null,
      python: shQuote(python),
      venv: shQuote(venv),
      requirementsWrite: b.pip.hashed ? `printf '%s\\n' ${quoteAll(reqLines)} > ${shQuote(reqFile)}` : "",
      hasRequirements: b.pip.requirements.length > 0,
      pipInstall: `PIP_CONFIG_FILE=/dev/null ${quoteAll(pipArgs)}`,
      copies,
      volumes: b.volumes.map((v) => quoteAll([v.path, String(user.uid), String(user.gid)])),
      secretFiles: b.secrets.filter((s) => s.file !== null).map((s) => shQuote(s.file!)),
      hasEnvSecrets: b.secrets.some((s) => s.file === null),
      secretEnvFile: shQuote(secretEnvFilePath(b.name)),
      builds: b.build.map((cmd) => shQuote(cmd)),
      workdir: shQuote(workdir),
      minor: shQuote(b.python?.minor ?? ""),
      envFile: shQuote(envFilePath(b.name)),
      path: shQuote(b.python ? `${venv}/bin:${SYSTEM_PATH}` : SYSTEM_PATH),
      verifyFile: shQuote(`${boxDir(b.name)}/verify.py`),
      verifyDelimiter: heredocDelimiter([program], "BOXC_VERIFY_EOF"),
      verifyProgram: program.endsWith("\n") ? program.slice(0, -1) : program,
      verifyRun: quoteAll([`${venv}/bin/python`, `${boxDir(b.name)}/verify.py`, reportPath(b.name)]),
    };
  });
  const units = plan.boxes.flatMap((b) => [`boxc-${b.name}.service`, ...(b.health ? [`boxc-${b.name}.health.timer`] : [])]);
  return {
    header: hashCommentHeader(plan.header),
    aptPackages: quoteAll(aptWords),
    pythons: [...pythons].sort(([a], [b]) => (a < b ? -1 : 1)).map(([version, sha256]) => ({ version: shQuote(version), sha256: shQuote(sha256) })),
    boxes,
    units: quoteAll([FIREWALL_UNIT, ...units]),
  };
}
