/**
 * IR → the compose.yaml document, as plain data in the order it should read. Every decision
 * and every encoding happens here: strings that compose would interpolate pass through
 * `composeLiteral`; YAML quoting is left to the shared serializer.
 *
 * Only features both Compose v2 and docker-compose v1.29 accept are used (no top-level `name`,
 * no `environment` secret source); docs/targets/compose.md lists the consequences.
 */
import { boxByName, boxPointer, diag, hasErrors, rootFromOutput, targetPointer, type Box, type ComposeTarget, type Diagnostic, type EmitContext, type ProjectIR } from "../_shared/api.ts";
import { composeLiteral } from "../_shared/encode-compose.ts";
import { goDuration, healthArgv } from "../_shared/health.ts";
import { headerLines } from "../_shared/header.ts";
import { imageRef, needsImageBuild } from "../_shared/image.ts";
import type { YamlSection } from "../_shared/yaml.ts";

const NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Box names are DNS labels (no `_` or `.`), so these names cannot collide with each other. */
export function pairNetwork(prefix: string, a: string, b: string): string {
  return a < b ? `${prefix}-${a}_${b}` : `${prefix}-${b}_${a}`;
}
export function publishNetwork(prefix: string, box: string): string {
  return `${prefix}-${box}.published`;
}

/** Path of the project root seen from the output folder, and the output folder seen from the root. */
function relativePaths(context: EmitContext): { context: string; out: string } | null {
  const back = rootFromOutput(context);
  if (back === null) return null;
  const out = (context.outDir ?? "out").split("/").filter((p) => p !== "" && p !== ".").join("/");
  return { context: back, out };
}

function lit(s: string): string {
  return composeLiteral(s);
}

interface ServiceInput {
  readonly ir: ProjectIR;
  readonly box: Box;
  readonly paths: { context: string; out: string };
  readonly networks: readonly string[];
  readonly diagnostics: Diagnostic[];
}

function service({ ir, box, paths, networks, diagnostics }: ServiceInput): Record<string, unknown> {
  const s: Record<string, unknown> = {};
  s["image"] = lit(imageRef(ir, box));
  if (needsImageBuild(box)) {
    const dockerfile = `${paths.out ? `${paths.out}/` : ""}docker/${box.name}/Dockerfile`;
    s["build"] = { context: lit(paths.context), dockerfile: lit(dockerfile) };
  } else if (box.run !== null) {
    // A pinned image without a build gets its command here; built images carry it as CMD.
    s["command"] = (box.run.form === "exec" ? box.run.argv : ["/bin/sh", "-c", box.run.command]).map(lit);
  }
  if (box.user !== null) s["user"] = `${box.user.uid}:${box.user.gid}`;
  if (box.workdir !== null) s["working_dir"] = lit(box.workdir);

  const environment = [
    ...box.env.map((e) => lit(`${e.name}=${e.value}`)),
    // A bare NAME: compose passes the caller's variable through at run time; nothing is written.
    ...box.secrets.filter((x) => x.file === null).map((x) => x.name),
  ];
  if (environment.length) s["environment"] = environment;

  const fileSecrets = box.secrets.filter((x) => x.file !== null);
  if (fileSecrets.length) {
    s["secrets"] = fileSecrets.map((x) => ({
      source: x.name,
      target: lit(x.file!),
      ...(box.user !== null ? { uid: String(box.user.uid), gid: String(box.user.gid) } : {}),
      mode: 0o400,
    }));
  }
  if (box.volumes.length) s["volumes"] = box.volumes.map((v) => ({ type: "volume", source: v.name, target: lit(v.path) }));
  if (box.publish.length) s["ports"] = box.publish.map((p) => `${p.hostPort}:${p.port}/${p.protocol}`);
  if (networks.length) s["networks"] = [...networks];
  else s["network_mode"] = "none";

  if (box.connects.length) {
    s["depends_on"] = Object.fromEntries(
      box.connects.map((c) => [c.box, { condition: boxByName(ir, c.box)?.health ? "service_healthy" : "service_started" }]),
    );
  }
  if (box.health !== null) {
    const argv = healthArgv(box, box.health.check);
    if (argv === null) {
      diagnostics.push(diag("BOX4204", { box: box.name, image: box.image?.ref ?? "" }, { at: boxPointer(ir, box.name, "health", "check") }));
    } else {
      const h = box.health;
      s["healthcheck"] = {
        test: ["CMD", ...argv.map(lit)],
        interval: goDuration(h.intervalMs),
        timeout: goDuration(h.timeoutMs),
        retries: h.retries,
        ...(h.startMs > 0 ? { start_period: goDuration(h.startMs) } : {}),
      };
    }
  }
  s["restart"] = box.restart;
  s["stop_signal"] = lit(box.stopSignal);
  if (box.resources.cpuMillis !== null) s["cpus"] = box.resources.cpuMillis / 1000;
  if (box.resources.memoryBytes !== null) s["mem_limit"] = box.resources.memoryBytes;

  const nonRoot = box.user !== null && box.user.uid !== 0;
  if (nonRoot && box.os !== null) {
    // The process runs unprivileged: it needs no capability and may never gain one.
    s["cap_drop"] = ["ALL"];
    s["security_opt"] = ["no-new-privileges:true"];
  }
  const lowPorts = box.expose.map((p) => p.port).filter((p) => p < 1024);
  if (nonRoot && lowPorts.length) {
    // Lets the unprivileged user bind exactly from its lowest exposed port up, instead of granting NET_BIND_SERVICE.
    s["sysctls"] = { "net.ipv4.ip_unprivileged_port_start": String(Math.min(...lowPorts)) };
  }
  const labels: Record<string, string> = {
    "io.boxc.project": lit(ir.project),
    "io.boxc.box": box.name,
    "io.boxc.fingerprint": box.fingerprint,
  };
  // Compose has no portable disk quota: the limit is recorded, not enforced (docs/targets/compose.md).
  if (box.resources.diskBytes !== null) labels["io.boxc.resources.disk"] = String(box.resources.diskBytes);
  s["labels"] = labels;
  return s;
}

export interface ComposeDocument {
  readonly header: readonly string[];
  /**
   * The top-level keys in the order they are written. `services` builds each service as it is
   * written, box by box: its diagnostics join the list returned with the document meanwhile, so
   * they are complete only once the document has been written.
   */
  readonly sections: readonly YamlSection[];
}

/**
 * Sorted by name, then in the order a JS object keeps them (integer-like names first), which is
 * the order compose.yaml has always listed them in.
 */
const sortedEntries = (o: Record<string, unknown>): [string, unknown][] =>
  Object.entries(Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1))));

export function composeDocument(
  ir: ProjectIR,
  target: ComposeTarget,
  context: EmitContext = {},
): { doc: ComposeDocument | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const outDir = context.outDir ?? "out";
  const paths = relativePaths(context);
  if (paths === null) diagnostics.push(diag("BOX4203", { outDir }));
  const prefix = target.networkPrefix;
  if (!NETWORK_NAME.test(prefix)) diagnostics.push(diag("BOX4201", { prefix }, { at: targetPointer(ir, target, "networkPrefix") }));

  const included = new Set(target.boxes);
  const boxes = ir.boxes.filter((b) => included.has(b.name));
  const networksOf = new Map<string, Set<string>>(boxes.map((b) => [b.name, new Set<string>()]));
  const networks: Record<string, unknown> = {};
  for (const b of boxes) {
    b.connects.forEach((c, i) => {
      if (!included.has(c.box)) {
        diagnostics.push(diag("BOX4202", { box: b.name, other: c.box }, { at: boxPointer(ir, b.name, "connects", i) }));
        return;
      }
      const n = pairNetwork(prefix, b.name, c.box);
      networksOf.get(b.name)!.add(n);
      networksOf.get(c.box)!.add(n);
    });
    if (b.publish.length) networksOf.get(b.name)!.add(publishNetwork(prefix, b.name));
  }
  for (const name of [...new Set([...networksOf.values()].flatMap((s) => [...s]))].sort()) {
    // Pair networks are internal: no route out of the project; only published boxes get one that is not.
    networks[name] = name.endsWith(".published") ? {} : { internal: true };
  }

  const secrets: Record<string, unknown> = {};
  const volumes: Record<string, unknown> = {};
  for (const b of boxes) {
    for (const x of b.secrets) if (x.file !== null) secrets[x.name] ??= { file: lit(`./secrets/${x.name}`) };
    for (const v of b.volumes) {
      volumes[v.name] ??= v.sizeBytes !== null ? { labels: { "io.boxc.size": String(v.sizeBytes) } } : {};
    }
  }
  if (paths === null || hasErrors(diagnostics)) return { doc: null, diagnostics };

  function* services(): Generator<[string, unknown]> {
    for (const b of boxes) yield [b.name, service({ ir, box: b, paths: paths!, networks: [...networksOf.get(b.name)!].sort(), diagnostics })];
  }
  const sections: YamlSection[] = [{ key: "services", entries: services() }];
  if (Object.keys(networks).length) sections.push({ key: "networks", entries: Object.entries(networks) });
  if (Object.keys(volumes).length) sections.push({ key: "volumes", entries: sortedEntries(volumes) });
  if (Object.keys(secrets).length) sections.push({ key: "secrets", entries: sortedEntries(secrets) });

  const sources = [...new Set(boxes.map((b) => b.source))].sort();
  const header = headerLines({
    sources,
    fingerprints: boxes.map((b) => ({ box: b.name, fingerprint: b.fingerprint })),
    notes: [
      `Run from this folder: docker compose -p ${ir.project} up (the project name is not in the file: docker-compose v1 rejects \`name\`).`,
      ...(Object.keys(secrets).length ? ["File secrets are read from ./secrets/<NAME> beside this file at run time; create them there and keep them out of version control."] : []),
    ],
  });
  return { doc: { header, sections }, diagnostics };
}
