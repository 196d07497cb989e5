/**
 * Lowering of one merged box to its IR form (without `connects`, which need the other
 * boxes, and without the fingerprint, computed last). Every value goes through a validator
 * (src/check/values) that normalizes it or reports at its span; a value that fails is left
 * out, and the compile result carries the error.
 */
import type { Ident, StringLit, Value } from "../ast/types.ts";
import * as V from "../check/values/index.ts";
import type { MergedBox } from "../check/merge.ts";
import { describeValue } from "../check/describe.ts";
import { diag } from "../diagnostics/make.ts";
import type { Diagnostic, Result } from "../diagnostics/types.ts";
import type {
  AptPackage,
  Box,
  EnvVar,
  FileCopy,
  Health,
  HealthCheck,
  OsRelease,
  Port,
  Publish,
  Requirement,
  RunCommand,
  Secret,
  Volume,
} from "../ir/types.ts";
import { userIdFor } from "../ir/user-id.ts";
import type { CopySource } from "../check/values/copy-source.ts";
import { appendAll } from "../check/limits.ts";
import type { Host } from "../source/host.ts";
import type { Span } from "../source/span.ts";
import { OriginList, sortBy, tracked, type Tracked } from "./origins.ts";

export interface LowerEnv {
  readonly root: string;
  readonly host: Host;
  /**
   * Copy sources already found good in this compile, by `<folder of the .box file>\u0000<path>`:
   * the boxes of a file tend to copy the same folders, and checking one stats, resolves and
   * walks it. Failures are not kept (their diagnostics point at each statement).
   */
  readonly copySources?: Map<string, CopySource>;
}

/** A box before connections and fingerprint are known. */
export type DraftBox = Omit<Box, "fingerprint" | "connects">;

export interface LoweredBox {
  readonly box: DraftBox;
  /** Origins relative to the box (`/env/0/value`). */
  readonly origins: OriginList;
}

export const HEALTH_DEFAULTS = { intervalMs: 30_000, timeoutMs: 5_000, retries: 3, startMs: 0 } as const;

export function lowerBox(m: MergedBox, nameSpan: Span, env: LowerEnv): Result<LoweredBox> {
  const ds: Diagnostic[] = [];
  const o = new OriginList();
  const take = <T>(r: Result<T | null>): T | null => {
    ds.push(...r[1]);
    return r[0];
  };
  o.add("", nameSpan);
  o.add("/name", nameSpan);

  const s = m.scalars;
  const os: OsRelease | null = s.Os ? take(V.checkOs(s.Os.value)) : null;
  o.add("/os", s.Os);
  const image = s.Image ? take(V.checkImageRef(s.Image.value)) : null;
  o.add("/image", s.Image);
  const isImage = s.Image !== undefined;
  const python = s.Python && !isImage ? take(V.checkPython(s.Python.value, os)) : null;
  o.add("/python", s.Python);

  // pip
  const indexUrl = m.pipIndex ? take(V.checkIndexUrl(m.pipIndex.url)) : null;
  o.add("/pip/indexUrl", m.pipIndex?.url);
  const extras: Tracked<string>[] = [];
  for (const x of m.pipExtraIndexes) {
    const url = take(V.checkIndexUrl(x.url));
    if (url !== null && !extras.some((e) => e.value === url)) extras.push(tracked(url, ["", x.url]));
  }
  const reqs: Tracked<Requirement>[] = [];
  for (const item of m.pip) {
    const r = take(V.checkRequirement(item.requirement, item.hashes));
    if (r !== null) reqs.push(tracked(r, ["", item.requirement]));
  }
  const extraIndexUrls = o.addList("pip/extraIndexUrls", extras);
  const requirements = o.addList("pip/requirements", sortBy(reqs, (r) => r.value.name));

  const apt = o.addList(
    "apt",
    sortBy(
      m.apt.flatMap((v) => {
        const a = take(V.checkAptPackage(v));
        return a === null ? [] : [tracked<AptPackage>(a, ["", v])];
      }),
      (t) => t.value.name,
    ),
  );

  const files = o.addList("files", m.copies.flatMap((c) => lowerCopy(c.source, c.dest, c, env, ds)));

  const workdir = s.Workdir ? take(V.checkAbsPath(s.Workdir.value, "workdir")) : isImage ? null : `/srv/${m.name}`;
  o.add("/workdir", s.Workdir ?? nameSpan);
  const userName = s.User ? take(V.checkUserName(s.User.value)) : isImage ? null : "app";
  const user = userName === null ? null : { name: userName, uid: userIdFor(userName), gid: userIdFor(userName) };
  o.add("/user", s.User ?? nameSpan);

  const envVars = o.addList(
    "env",
    sortBy(
      m.env.flatMap((e) => {
        const name = take(V.checkEnvName(e.name));
        const value = take(V.checkEnvValue(e.value));
        return name === null || value === null ? [] : [tracked<EnvVar>({ name, value }, ["", e], ["/name", e.name], ["/value", e.value])];
      }),
      (t) => t.value.name,
    ),
  );

  const secrets = o.addList(
    "secrets",
    sortBy(
      m.secrets.flatMap((st) => {
        const name = take(V.checkSecretName(st.name));
        const file = st.path ? take(V.checkAbsPath(st.path, "secret file")) : null;
        if (name === null || (st.path && file === null)) return [];
        return [tracked<Secret>({ name, file }, ["", st], ["/name", st.name], ["/file", st.path])];
      }),
      (t) => t.value.name,
    ),
  );

  const build = o.addList(
    "build",
    m.build.flatMap((b) => {
      const cmd = expectString(b.value, "build", ds);
      return cmd === null ? [] : [tracked(cmd, ["", b.value])];
    }),
  );

  const run = m.run ? lowerRun(m.run.command, ds) : null;
  o.add("/run", m.run);
  if (m.run && m.run.command.kind === "List") m.run.command.items.forEach((it, i) => o.add(`/run/argv/${i}`, it));
  else o.add("/run/command", m.run?.command);

  const exposeTracked: Tracked<Port>[] = [];
  for (const e of m.expose) {
    const port = take(V.checkPort(e.port));
    const protocol = protocolOf(e.protocol, ds);
    if (port === null || protocol === null) continue;
    if (exposeTracked.some((t) => t.value.port === port && t.value.protocol === protocol)) continue;
    exposeTracked.push(tracked<Port>({ port, protocol }, ["", e], ["/port", e.port]));
  }
  const expose = o.addList("expose", sortPorts(exposeTracked));

  const health = m.health ? lowerHealth(m.health.entries, ds, take) : null;
  o.add("/health", m.health);
  for (const e of m.health?.entries ?? []) if (e.key.name === "http" || e.key.name === "command") o.add("/health/check", e);

  const res = (key: string) => m.resources.find((e) => e.key.name === key);
  const cpu = res("cpu");
  const memory = res("memory");
  const disk = res("disk");
  const resources = {
    cpuMillis: cpu ? take(V.checkCpu(cpu.value)) : null,
    memoryBytes: memory ? take(V.checkSize(memory.value, "memory", V.MEMORY_BOUNDS)) : null,
    diskBytes: disk ? take(V.checkSize(disk.value, "disk", V.DISK_BOUNDS)) : null,
  };
  o.add("/resources/cpuMillis", cpu);
  o.add("/resources/memoryBytes", memory);
  o.add("/resources/diskBytes", disk);

  let allowRoot = false;
  if (s.AllowRoot) {
    if (s.AllowRoot.value.kind === "Bool") allowRoot = s.AllowRoot.value.value;
    else ds.push(diag("BOX2021", { what: "allow-root", expected: "`true` or `false`", found: describeValue(s.AllowRoot.value) }, { span: s.AllowRoot.value }));
  }
  o.add("/allowRoot", s.AllowRoot);

  const volumes = o.addList(
    "volumes",
    sortBy(
      m.volumes.flatMap((st) => {
        const name = take(V.checkDnsLabel(st.name, "volume"));
        const path = take(V.checkAbsPath(st.path, "volume path"));
        const sizeBytes = st.size ? take(V.checkSize(st.size, "volume size", V.VOLUME_BOUNDS)) : null;
        if (name === null || path === null || (st.size && sizeBytes === null)) return [];
        return [tracked<Volume>({ name, path, sizeBytes }, ["", st], ["/path", st.path])];
      }),
      (t) => t.value.name,
    ),
  );

  const publishTracked: Tracked<Publish>[] = [];
  for (const st of m.publish) {
    const port = take(V.checkPort(st.port));
    const hostPort = st.hostPort ? take(V.checkPort(st.hostPort)) : port;
    if (port === null || hostPort === null) continue;
    const exposed = expose.filter((e) => e.port === port);
    // Publishing a port that is exposed for udp only publishes it as udp; tcp wins when both are.
    const protocol = exposed.some((e) => e.protocol === "tcp") || exposed.length === 0 ? "tcp" : "udp";
    const same = publishTracked.find((t) => t.value.hostPort === hostPort && t.value.protocol === protocol);
    if (same) {
      // `publish 8080` and `publish 8080 on 8080` say the same thing; another port on it is a clash.
      if (same.value.port !== port)
        ds.push(diag("BOX2049", { box: m.name, hostPort }, { span: st, related: [{ span: same.origins[0]![1]!, message: "first published here" }] }));
      continue;
    }
    publishTracked.push(tracked<Publish>({ port, hostPort, protocol }, ["", st], ["/port", st.port], ["/hostPort", st.hostPort]));
  }
  const publish = o.addList(
    "publish",
    [...publishTracked].sort((a, b) => a.value.port - b.value.port || a.value.hostPort - b.value.hostPort),
  );

  const restart = s.Restart ? take(V.checkRestart(s.Restart.value)) : "always";
  o.add("/restart", s.Restart);
  const stopSignal = s.StopSignal ? take(V.checkSignal(s.StopSignal.value)) : "SIGTERM";
  o.add("/stopSignal", s.StopSignal);

  const box: DraftBox = {
    name: m.name,
    source: nameSpan.file,
    os,
    image,
    python,
    pip: { indexUrl, extraIndexUrls, requirements, hashed: requirements.length > 0 && requirements.every((r) => r.hashes.length > 0) },
    apt,
    files,
    workdir,
    user,
    env: envVars,
    secrets,
    build,
    run,
    expose,
    health,
    resources,
    allowRoot,
    volumes,
    publish,
    restart: restart ?? "always",
    stopSignal: stopSignal ?? "SIGTERM",
  };
  return [{ box, origins: o }, ds];
}

export function sortPorts<T extends { value: Port }>(ps: readonly T[]): T[] {
  return [...ps].sort((a, b) => a.value.port - b.value.port || (a.value.protocol < b.value.protocol ? -1 : a.value.protocol > b.value.protocol ? 1 : 0));
}

function protocolOf(id: Ident | undefined, ds: Diagnostic[]): "tcp" | "udp" | null {
  if (!id) return "tcp";
  if (id.name === "tcp" || id.name === "udp") return id.name;
  ds.push(diag("BOX2021", { what: "expose", expected: "`tcp` or `udp` after the port", found: `\`${id.name}\`` }, { span: id }));
  return null;
}

export function expectString(v: Value, what: string, ds: Diagnostic[]): string | null {
  if (v.kind !== "String") {
    ds.push(diag("BOX2021", { what, expected: "a string", found: describeValue(v) }, { span: v }));
    return null;
  }
  const [s, d] = V.checkNoControl(v, what);
  ds.push(...d);
  return s;
}

function lowerArgv(v: Value, what: string, ds: Diagnostic[]): string[] | null {
  if (v.kind !== "List") {
    ds.push(diag("BOX2021", { what, expected: "a list of strings", found: describeValue(v) }, { span: v }));
    return null;
  }
  if (v.items.length === 0) {
    ds.push(diag("BOX2021", { what, expected: "a non-empty list of strings", found: "an empty list" }, { span: v }));
    return null;
  }
  const argv = v.items.map((it) => expectString(it, what, ds));
  return argv.every((a): a is string => a !== null) ? argv : null;
}

function lowerRun(v: Value, ds: Diagnostic[]): RunCommand | null {
  if (v.kind === "List") {
    const argv = lowerArgv(v, "run", ds);
    return argv === null ? null : { form: "exec", argv };
  }
  if (v.kind === "String") {
    const command = expectString(v, "run", ds);
    return command === null ? null : { form: "shell", command };
  }
  ds.push(diag("BOX2021", { what: "run", expected: "a string or a list of strings", found: describeValue(v) }, { span: v }));
  return null;
}

function lowerHealth(
  entries: readonly import("../ast/types.ts").HealthEntry[],
  ds: Diagnostic[],
  take: <T>(r: Result<T | null>) => T | null,
): Health | null {
  let check: HealthCheck | null = null;
  let ok = true;
  const h: { intervalMs: number; timeoutMs: number; retries: number; startMs: number } = { ...HEALTH_DEFAULTS };
  for (const e of entries) {
    const v = e.value;
    switch (e.key.name) {
      case "http": {
        let path = expectString(v, "http", ds);
        if (path !== null && !/^\/[^\s]*$/.test(path)) {
          ds.push(diag("BOX2021", { what: "http", expected: "a URL path starting with `/` and without spaces", found: `\`${path}\`` }, { span: v }));
          path = null;
        }
        const port = e.port ? take(V.checkPort(e.port)) : null;
        if (path !== null && port !== null) check = { kind: "http", path, port };
        else ok = false;
        break;
      }
      case "command": {
        const argv = lowerArgv(v, "command", ds);
        if (argv) check = { kind: "command", argv };
        else ok = false;
        break;
      }
      case "every": {
        const ms = take(V.checkDuration(v, "every", V.HEALTH_INTERVAL_BOUNDS));
        if (ms === null) ok = false;
        else h.intervalMs = ms;
        break;
      }
      case "timeout": {
        const ms = take(V.checkDuration(v, "timeout", V.HEALTH_TIMEOUT_BOUNDS));
        if (ms === null) ok = false;
        else h.timeoutMs = ms;
        break;
      }
      case "start": {
        const ms = take(V.checkDuration(v, "start", V.HEALTH_START_BOUNDS));
        if (ms === null) ok = false;
        else h.startMs = ms;
        break;
      }
      case "retries": {
        const n = take(V.checkRetries(v));
        if (n === null) ok = false;
        else h.retries = n;
        break;
      }
      // Unknown keys are reported by rules/health-block.ts.
    }
  }
  return ok && check ? { check, ...h } : null;
}

/** `checkCopySource`, answered from `env.copySources` when the same path was good before. */
function checkCopySourceOnce(source: Value, fromFile: string, env: LowerEnv): Result<CopySource | null> {
  if (env.copySources === undefined || source.kind !== "String") return V.checkCopySource(source, fromFile, env.root, env.host);
  const key = `${fromFile.slice(0, Math.max(0, fromFile.lastIndexOf("/")))}\u0000${source.value}`;
  const known = env.copySources.get(key);
  if (known !== undefined) return [known, []];
  const checked = V.checkCopySource(source, fromFile, env.root, env.host);
  if (checked[0] !== null) env.copySources.set(key, checked[0]);
  return checked;
}

function lowerCopy(source: Value, dest: Value, span: Span, env: LowerEnv, ds: Diagnostic[]): Tracked<FileCopy>[] {
  const src = checkCopySourceOnce(source, span.file, env);
  appendAll(ds, src[1]);
  if (dest.kind !== "String") {
    ds.push(diag("BOX2021", { what: "copy", expected: "a string destination after `to`", found: describeValue(dest) }, { span: dest }));
    return [];
  }
  // A trailing `/` means "into this folder"; validate the folder itself.
  const intoFolder = dest.value.length > 1 && dest.value.endsWith("/");
  const bare: StringLit = intoFolder ? { ...dest, value: dest.value.slice(0, -1) } : dest;
  const [folder, dd] = V.checkAbsPath(bare, "copy destination");
  ds.push(...dd);
  if (src[0] === null || folder === null) return [];
  const { source: rel, kind } = src[0];
  const base = rel.split("/").pop() ?? rel;
  // A file copied to `/` can only mean "into the root folder".
  const into = kind === "file" && (intoFolder || folder === "/");
  const target = into ? (folder === "/" ? `/${base}` : `${folder}/${base}`) : folder;
  return [tracked<FileCopy>({ source: rel, sourceKind: kind, dest: target }, ["", span], ["/source", source], ["/dest", dest])];
}
