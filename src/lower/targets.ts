/**
 * Targets: checks of `target` declarations (kinds, names, options, boxes) and their IR,
 * or the default set when the project declares none (LANGUAGE.md, "Top level").
 */
import type { TargetDecl, TargetOption, Value } from "../ast/types.ts";
import { describeValue } from "../check/describe.ts";
import { isDnsLabel } from "../check/names.ts";
import { didYouMean } from "../check/suggest.ts";
import * as V from "../check/values/index.ts";
import { diag } from "../diagnostics/make.ts";
import type { Diagnostic, Result } from "../diagnostics/types.ts";
import type { Target, TargetKind } from "../ir/types.ts";
import type { Span } from "../source/span.ts";
import { sortBy, tracked, type Tracked } from "./origins.ts";
import { expectString } from "./box.ts";

/** What the targets need to know about a box. */
export interface BoxFacts {
  readonly name: string;
  readonly image: boolean;
  readonly python: boolean;
  readonly nameSpan: Span;
}

const OPTIONS: Readonly<Record<TargetKind, readonly string[]>> = {
  docker: ["registry", "base-registry", "tag", "boxes"],
  compose: ["network-prefix", "boxes"],
  venv: ["path", "boxes"],
  vm: ["cloud", "region", "instance", "disk", "boxes"],
  kubernetes: ["namespace", "replicas", "boxes"],
};
const KINDS = Object.keys(OPTIONS) as TargetKind[];
const isKind = (s: string): s is TargetKind => Object.hasOwn(OPTIONS, s);

/** Which boxes a target kind can build, and why not. */
function cannotBuild(kind: TargetKind, b: BoxFacts): string | undefined {
  if ((kind === "vm" || kind === "venv") && b.image) return "it is based on an `image`, which only container targets can run";
  return undefined;
}

/** The default set takes the boxes each kind builds; venv only those with Python. */
function defaultBoxes(kind: TargetKind, boxes: readonly BoxFacts[]): string[] {
  return boxes.filter((b) => cannotBuild(kind, b) === undefined && (kind !== "venv" || b.python)).map((b) => b.name);
}

/**
 * `boxes` are the boxes that lowered; `declared` every box name of the project, so that a
 * box which failed its own checks is not reported again as unknown.
 */
export function lowerTargets(decls: readonly TargetDecl[], boxes: readonly BoxFacts[], declared: ReadonlySet<string> = new Set()): Result<Tracked<Target>[]> {
  const ds: Diagnostic[] = [];
  const facts = new Map(boxes.map((b) => [b.name, b]));
  const out: Tracked<Target>[] = [];

  if (decls.length === 0) {
    const names = boxes.map((b) => b.name).sort();
    const defaults: Target[] = [
      { kind: "docker", declared: false, boxes: names, registry: null, baseRegistry: null, tag: null },
      { kind: "compose", declared: false, boxes: names.length > 1 ? names : [], networkPrefix: "boxc" },
      { kind: "venv", declared: false, boxes: defaultBoxes("venv", boxes).sort(), path: ".venv-{box}" },
      { kind: "kubernetes", declared: false, boxes: names, namespace: null, replicas: 1 },
    ];
    for (const t of defaults) if (t.boxes.length > 0) out.push(tracked(t));
    return [sortTargets(out), ds];
  }

  const seen = new Map<string, Span>();
  let failed = false;
  for (const d of decls) {
    const t = lowerDecl(d, boxes, facts, declared, ds);
    if (!t) {
      failed = true;
      continue;
    }
    const key = t.value.kind === "vm" ? `vm "${t.value.name}"` : `\`target ${t.value.kind}\``;
    const first = seen.get(key);
    if (first) {
      ds.push(diag("BOX2036", { target: key.startsWith("vm") ? `\`target ${key}\`` : key }, { span: d.name ?? d.targetKind, related: [{ span: first, message: "first declared here" }] }));
      continue;
    }
    seen.set(key, d.name ?? d.targetKind);
    out.push(t);
  }
  // A broken declaration may have been meant to build the box: say nothing until it is fixed.
  const built = new Set(out.flatMap((t) => t.value.boxes));
  for (const b of failed ? [] : boxes) {
    if (!built.has(b.name)) ds.push(diag("BOX2037", { name: b.name }, { span: b.nameSpan }));
  }
  return [sortTargets(out), ds];
}

function sortTargets(ts: readonly Tracked<Target>[]): Tracked<Target>[] {
  return sortBy(ts, (t) => `${t.value.kind}\u0000${t.value.kind === "vm" ? t.value.name : ""}`);
}

function lowerDecl(
  d: TargetDecl,
  boxes: readonly BoxFacts[],
  facts: ReadonlyMap<string, BoxFacts>,
  declared: ReadonlySet<string>,
  ds: Diagnostic[],
): Tracked<Target> | undefined {
  const kindName = d.targetKind.name;
  if (!isKind(kindName)) {
    const help = didYouMean(kindName, KINDS);
    ds.push(diag("BOX2031", { name: kindName }, { span: d.targetKind, ...(help ? { help } : {}) }));
    return undefined;
  }
  const kind = kindName;
  const before = ds.length;
  const origins: [string, Span | undefined][] = [["", d]];
  const take = <T>(r: Result<T | null>): T | null => {
    ds.push(...r[1]);
    return r[0];
  };

  let name: string | null = null;
  if (kind === "vm") {
    if (!d.name) ds.push(diag("BOX2033", {}, { span: d.targetKind }));
    else if (d.name.kind !== "String") ds.push(diag("BOX2021", { what: "target vm", expected: "a string name", found: describeValue(d.name) }, { span: d.name }));
    else name = take(V.checkDnsLabel(d.name, "vm"));
    origins.push(["/name", d.name]);
  } else if (d.name) ds.push(diag("BOX2040", { kind }, { span: d.name }));

  const opts = new Map<string, TargetOption>();
  for (const o of d.options) {
    const key = o.name.name;
    if (!OPTIONS[kind].includes(key)) {
      const help = didYouMean(key, OPTIONS[kind]);
      ds.push(diag("BOX2032", { kind, name: key }, { span: o.name, ...(help ? { help } : {}) }));
      continue;
    }
    const first = opts.get(key);
    if (first) {
      ds.push(diag("BOX2039", { name: key, block: `target ${kind}` }, { span: o.name, related: [{ span: first.name, message: "first given here" }] }));
      continue;
    }
    opts.set(key, o);
  }
  const opt = (key: string, field: string) => {
    const o = opts.get(key);
    origins.push([`/${field}`, o]);
    return o?.value;
  };

  // boxes
  let list: string[];
  const boxesOpt = opts.get("boxes");
  if (boxesOpt) {
    list = [];
    const spans = new Map<string, Span>();
    const v = boxesOpt.value;
    if (v.kind !== "List") {
      ds.push(diag("BOX2021", { what: "boxes", expected: "a list of box names", found: describeValue(v) }, { span: v }));
    } else {
      for (const it of v.items) {
        if (it.kind !== "Ref") {
          ds.push(diag("BOX2021", { what: "boxes", expected: "a box name", found: describeValue(it) }, { span: it }));
          continue;
        }
        const b = facts.get(it.name);
        if (!b && declared.has(it.name)) continue;
        if (!b) {
          const help = didYouMean(it.name, facts.keys());
          ds.push(diag("BOX2007", { name: it.name }, { span: it, ...(help ? { help } : {}) }));
          continue;
        }
        if (spans.has(it.name)) {
          ds.push(diag("BOX2039", { name: it.name, block: "boxes" }, { span: it, related: [{ span: spans.get(it.name)!, message: "first given here" }] }));
          continue;
        }
        const why = cannotBuild(kind, b);
        if (why) {
          ds.push(diag("BOX2035", { kind, box: it.name, reason: why }, { span: it, related: [{ span: b.nameSpan, message: `\`${it.name}\` is declared here` }] }));
          continue;
        }
        spans.set(it.name, it);
        list.push(it.name);
      }
    }
    list.sort();
    list.forEach((n, i) => origins.push([`/boxes/${i}`, spans.get(n)]));
    origins.push(["/boxes", boxesOpt]);
  } else {
    if (kind === "vm") ds.push(diag("BOX2034", { name: name ?? "" }, { span: d.name ?? d.targetKind }));
    list = defaultBoxes(kind, boxes).sort();
  }

  const str = (key: string, field: string): string | null => {
    const v = opt(key, field);
    return v === undefined ? null : expectString(v, key, ds);
  };
  const invalid = (option: string, v: Value | undefined, value: string, reason: string) =>
    ds.push(diag("BOX2046", { option, value, reason }, v ? { span: v } : {}));

  let target: Target | undefined;
  switch (kind) {
    case "docker": {
      const reg = opt("registry", "registry");
      const base = opt("base-registry", "baseRegistry");
      const tag = opt("tag", "tag");
      target = {
        kind,
        declared: true,
        boxes: list,
        registry: reg ? take(V.checkRegistry(reg)) : null,
        baseRegistry: base ? take(V.checkRegistry(base)) : null,
        tag: tag ? take(V.checkTag(tag)) : null,
      };
      break;
    }
    case "compose": {
      const v = opts.get("network-prefix")?.value;
      const prefix = str("network-prefix", "networkPrefix");
      if (prefix !== null && !isDnsLabel(prefix)) invalid("network-prefix", v, prefix, "use lower-case letters, digits and `-`");
      target = { kind, declared: true, boxes: list, networkPrefix: prefix ?? "boxc" };
      break;
    }
    case "venv": {
      const v = opts.get("path")?.value;
      const path = str("path", "path");
      if (path !== null) {
        const why = venvPathProblem(path);
        if (why) ds.push(diag("BOX2043", { path, reason: why }, v ? { span: v } : {}));
      }
      target = { kind, declared: true, boxes: list, path: path ?? ".venv-{box}" };
      break;
    }
    case "vm": {
      const cloudV = opts.get("cloud")?.value;
      const cloud = str("cloud", "cloud");
      if (cloud !== null && cloud !== "aws") ds.push(diag("BOX2042", { cloud }, cloudV ? { span: cloudV } : {}));
      const regionV = opts.get("region")?.value;
      const region = str("region", "region");
      if (region !== null && !/^[a-z]{2}(-[a-z]+)+-[0-9]+$/.test(region)) invalid("region", regionV, region, "expected an AWS region such as `eu-west-1`");
      const instV = opts.get("instance")?.value;
      const instance = str("instance", "instance");
      if (instance !== null && !/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(instance)) invalid("instance", instV, instance, "expected an instance type such as `t3.small`");
      const disk = opt("disk", "diskBytes");
      target = {
        kind,
        declared: true,
        boxes: list,
        name: name ?? "",
        cloud: "aws",
        region,
        instance,
        diskBytes: disk ? take(V.checkSize(disk, "disk", V.DISK_BOUNDS)) : null,
      };
      break;
    }
    case "kubernetes": {
      const ns = opt("namespace", "namespace");
      const rep = opt("replicas", "replicas");
      let replicas = 1;
      if (rep) {
        if (rep.kind === "Number" && Number.isInteger(rep.value) && /^[0-9]+$/.test(rep.text) && rep.value >= 1 && rep.value <= 1000) replicas = rep.value;
        else ds.push(diag("BOX2044", { value: rep.kind === "Number" ? rep.text : describeValue(rep) }, { span: rep }));
      }
      target = { kind, declared: true, boxes: list, namespace: ns ? take(V.checkNamespace(ns)) : null, replicas };
      break;
    }
  }
  if (ds.length > before && ds.slice(before).some((x) => x.severity === "error")) return undefined;
  return tracked(target, ...origins);
}

/** A venv folder is relative, stays below where setup runs, and is plain text in a shell script. */
function venvPathProblem(p: string): string | undefined {
  if (p === "") return "it is empty";
  if (p.startsWith("/")) return "it must be relative";
  if (!/^[A-Za-z0-9._{}/-]+$/.test(p)) return "only letters, digits, `.`, `_`, `-`, `/` and `{box}` are allowed";
  if (p.split("/").some((s) => s === ".." || s === "." || s === "")) return "no `.`, `..` or empty segments";
  if (p.replace(/\{box\}/g, "").includes("{") || p.replace(/\{box\}/g, "").includes("}")) return "the only placeholder is `{box}`";
  return undefined;
}
