/**
 * Step 4: merge a box's chain of bodies (parent first) into one set of statements, exactly
 * per LANGUAGE.md's "merge under extends" column. Values stay AST nodes so that later
 * steps report at the source. Also reports what is wrong inside one body: unknown
 * statements, a scalar statement twice, the same key twice in one block.
 */
import {
  keywordSpan,
  STATEMENT_KEYWORDS,
  type Body,
  type ConnectStatement,
  type CopyStatement,
  type EnvEntry,
  type ExposeStatement,
  type HealthStatement,
  type PipIndex,
  type PipRequirement,
  type PublishStatement,
  type ResourceEntry,
  type RunStatement,
  type ScalarStatement,
  type SecretStatement,
  type Value,
  type VolumeStatement,
} from "../ast/types.ts";
import { diag } from "../diagnostics/make.ts";
import type { Diagnostic, Result } from "../diagnostics/types.ts";
import type { Span } from "../source/span.ts";
import { didYouMean } from "./suggest.ts";

export type ReplacedKind = "Os" | "Python" | "Workdir" | "User" | "AllowRoot" | "Image" | "Restart" | "StopSignal";

export interface MergedBox {
  readonly name: string;
  /** Replaced scalars: the child's statement wins. */
  readonly scalars: Partial<Record<ReplacedKind, ScalarStatement>>;
  readonly run: RunStatement | undefined;
  readonly health: HealthStatement | undefined;
  /** One per field (`cpu`, `memory`, `disk`, and unknown keys for the checker), parent's first. */
  readonly resources: readonly ResourceEntry[];
  readonly pipIndex: PipIndex | undefined;
  /** Union by URL text, first occurrence kept. */
  readonly pipExtraIndexes: readonly PipIndex[];
  /** One per PEP 503 normalized name; the child's line replaces the parent's, and comes last. */
  readonly pip: readonly PipRequirement[];
  /** One per package name; the child's entry replaces the parent's, and comes last. */
  readonly apt: readonly Value[];
  /** Parent first, in source order. */
  readonly copies: readonly CopyStatement[];
  /** One per name; the child's entry replaces the parent's, and comes last. */
  readonly env: readonly EnvEntry[];
  /** Union by name (a child's `file` replaces the parent's, and comes last). */
  readonly secrets: readonly SecretStatement[];
  readonly build: readonly ScalarStatement[];
  readonly expose: readonly ExposeStatement[];
  readonly connects: readonly ConnectStatement[];
  /** One per name; the child's replaces the parent's, and comes last. */
  readonly volumes: readonly VolumeStatement[];
  readonly publish: readonly PublishStatement[];
  /** Keyword spans of every `pip` and `apt` statement (an `image` box may own none). */
  readonly pipKeywords: readonly Span[];
  readonly aptKeywords: readonly Span[];
}

const REPLACED: ReadonlySet<string> = new Set(["Os", "Python", "Workdir", "User", "AllowRoot", "Image", "Restart", "StopSignal"]);
const SINGLE: ReadonlySet<string> = new Set([...REPLACED, "Run", "Health", "Resources"]);

/** PEP 503: lower case, runs of `-`, `_`, `.` become one `-`. */
export function pep503(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/** The key a value merges under, or a unique key when the value is not what it should be (checked later). */
function textKey(v: Value, pick: (s: string) => string | undefined, fallback: string): string {
  if (v.kind !== "String") return fallback;
  return pick(v.value) ?? fallback;
}

const pipName = (s: string) => /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/.exec(s)?.[1];
const aptName = (s: string) => s.split("=")[0]!.trim() || undefined;
const literalKey = (v: Value | undefined): string =>
  v === undefined ? "" : v.kind === "Number" ? v.text : v.kind === "String" ? JSON.stringify(v.value) : `@${v.file}:${v.start}`;

export function mergeBodies(name: string, bodies: readonly Body[]): Result<MergedBox> {
  const ds: Diagnostic[] = [];
  const scalars: Partial<Record<ReplacedKind, ScalarStatement>> = {};
  let run: RunStatement | undefined;
  let health: HealthStatement | undefined;
  const resources = new Map<string, ResourceEntry>();
  let pipIndex: PipIndex | undefined;
  const extra = new Map<string, PipIndex>();
  const pip = new Map<string, PipRequirement>();
  const apt = new Map<string, Value>();
  const copies: CopyStatement[] = [];
  const env = new Map<string, EnvEntry>();
  const secrets = new Map<string, SecretStatement>();
  const build: ScalarStatement[] = [];
  const expose = new Map<string, ExposeStatement>();
  const connects = new Map<string, ConnectStatement>();
  const volumes = new Map<string, VolumeStatement>();
  const publish = new Map<string, PublishStatement>();
  const pipKeywords: Span[] = [];
  const aptKeywords: Span[] = [];
  let unique = 0;
  const fresh = () => `\u0000${unique++}`;

  for (const body of bodies) {
    const singles = new Map<string, Span>();
    // Keys seen in this body, per block kind: the same key twice in one body is a mistake, not a merge.
    const seen = new Map<string, Span>();
    const once = (block: string, key: string, label: string, span: Span): void => {
      const k = `${block}\u0000${key}`;
      const first = seen.get(k);
      if (first) ds.push(diag("BOX2039", { name: label, block }, { span, related: [{ span: first, message: "first given here" }] }));
      else seen.set(k, span);
    };
    const bodyResources = new Map<string, ResourceEntry>();
    for (const st of body.statements) {
      if (st.kind === "Unknown") {
        const help = didYouMean(st.name.name, Object.values(STATEMENT_KEYWORDS));
        ds.push(diag("BOX2019", { name: st.name.name }, { span: st.name, ...(help ? { help } : {}) }));
        continue;
      }
      if (SINGLE.has(st.kind)) {
        const first = singles.get(st.kind);
        if (first) {
          ds.push(diag("BOX2020", { keyword: STATEMENT_KEYWORDS[st.kind] }, { span: keywordSpan(st), related: [{ span: first, message: "first written here" }] }));
          continue;
        }
        singles.set(st.kind, keywordSpan(st));
      }
      switch (st.kind) {
        case "Os":
        case "Python":
        case "Workdir":
        case "User":
        case "AllowRoot":
        case "Image":
        case "Restart":
        case "StopSignal":
          scalars[st.kind] = st;
          break;
        case "Build":
          build.push(st);
          break;
        case "Run":
          run = st;
          break;
        case "Health":
          health = st;
          break;
        case "Resources":
          for (const e of st.entries) {
            once("resources", e.key.name, e.key.name, e.key);
            bodyResources.set(e.key.name, e);
          }
          break;
        case "Pip":
          pipKeywords.push(keywordSpan(st));
          for (const item of st.items) {
            if (item.kind === "PipIndex") {
              once("pip", "index", "index", keywordSpan(item));
              pipIndex = item;
            } else if (item.kind === "PipExtraIndex") {
              const k = literalKey(item.url);
              if (!extra.has(k)) extra.set(k, item);
            } else if (item.kind === "PipRequirement") {
              const raw = textKey(item.requirement, pipName, "");
              const key = raw === "" ? fresh() : pep503(raw);
              if (raw !== "") once("pip", key, key, item.requirement);
              pip.delete(key);
              pip.set(key, item);
            }
          }
          break;
        case "Apt":
          aptKeywords.push(keywordSpan(st));
          for (const v of st.packages) {
            const raw = textKey(v, aptName, "");
            const key = raw === "" ? fresh() : raw;
            if (raw !== "") once("apt", key, key, v);
            apt.delete(key);
            apt.set(key, v);
          }
          break;
        case "Copy":
          copies.push(st);
          break;
        case "Env":
          for (const e of st.entries) {
            once("env", e.name.name, e.name.name, e.name);
            env.delete(e.name.name);
            env.set(e.name.name, e);
          }
          break;
        case "Secret":
          once("secret", st.name.name, st.name.name, st.name);
          secrets.delete(st.name.name);
          secrets.set(st.name.name, st);
          break;
        case "Expose": {
          const k = `${literalKey(st.port)}/${st.protocol?.name ?? "tcp"}`;
          if (!expose.has(k)) expose.set(k, st);
          break;
        }
        case "Connect": {
          const k = `${st.box.name}:${literalKey(st.port)}`;
          if (!connects.has(k)) connects.set(k, st);
          break;
        }
        case "Volume": {
          const k = st.name.kind === "String" ? st.name.value : fresh();
          if (st.name.kind === "String") once("volume", k, k, st.name);
          volumes.delete(k);
          volumes.set(k, st);
          break;
        }
        case "Publish": {
          const k = `${literalKey(st.port)}:${literalKey(st.hostPort)}`;
          if (!publish.has(k)) publish.set(k, st);
          break;
        }
      }
    }
    // `resources` merges per field: a child's `memory` keeps the parent's `cpu`.
    for (const [k, e] of bodyResources) resources.set(k, e);
  }

  // Lists, not the maps that merged them: a merged box lives until the whole project is
  // lowered, and six maps per box were ~12 MB at 10,000 boxes.
  return [
    {
      name,
      scalars,
      run,
      health,
      resources: [...resources.values()],
      pipIndex,
      pipExtraIndexes: [...extra.values()],
      pip: [...pip.values()],
      apt: [...apt.values()],
      copies,
      env: [...env.values()],
      secrets: [...secrets.values()],
      build,
      expose: [...expose.values()],
      connects: [...connects.values()],
      volumes: [...volumes.values()],
      publish: [...publish.values()],
      pipKeywords,
      aptKeywords,
    },
    ds,
  ];
}
