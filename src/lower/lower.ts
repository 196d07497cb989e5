/**
 * Step 7: merged, checked boxes → ProjectIR (src/ir/types.ts) and the origins map (IR JSON
 * pointer → source span) that lets targets and later rules point at the source.
 */
import type { BoxDecl } from "../ast/types.ts";
import type { MergedBox } from "../check/merge.ts";
import type { Project } from "../check/load.ts";
import type { Symbols } from "../check/resolve.ts";
import { resolveConnects } from "../check/rules/connect-targets.ts";
import { checkEnvSecretClash } from "../check/rules/env-secret-clash.ts";
import { checkPublishExposed } from "../check/rules/publish-exposed.ts";
import { checkUserIds } from "../check/rules/user-ids.ts";
import { appendAll } from "../check/limits.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import { fingerprint } from "../ir/fingerprint.ts";
import { IR_VERSION, type Box, type Port, type ProjectIR } from "../ir/types.ts";
import { lowerBox, type DraftBox, type LowerEnv, type LoweredBox } from "./box.ts";
import { OriginsMap, pointer } from "./origins.ts";
import { lowerTargets } from "./targets.ts";

export interface LowerInput {
  readonly project: Project;
  readonly symbols: Symbols;
  /** Merged boxes by name (boxes whose `extends` chain failed are absent). */
  readonly merged: ReadonlyMap<string, MergedBox>;
  readonly env: LowerEnv;
}

export function lowerProject(input: LowerInput): readonly [ProjectIR, OriginsMap, readonly Diagnostic[]] {
  const { symbols, merged } = input;
  const ds: Diagnostic[] = [];
  const names = [...merged.keys()].sort();
  const decl = (n: string): BoxDecl => symbols.boxes.get(n)!;
  const env: LowerEnv = { ...input.env, copySources: new Map() };

  const lowered: LoweredBox[] = names.map((n) => {
    const [lb, d] = lowerBox(merged.get(n)!, decl(n).name, env);
    appendAll(ds, d);
    return lb;
  });

  const exposed = new Map<string, readonly Port[] | null>();
  for (const n of symbols.boxes.keys()) exposed.set(n, null);
  for (const lb of lowered) exposed.set(lb.box.name, lb.box.expose);
  const nameSpan = (n: string) => symbols.boxes.get(n)?.name;
  const loweredByName = new Map(lowered.map((lb) => [lb.box.name, lb]));
  // Where a box's ports are declared: its first `expose`, else its name.
  const portsSpan = (n: string) => loweredByName.get(n)?.origins.get("/expose/0") ?? nameSpan(n);

  const boxes: Box[] = lowered.map((lb) => {
    const spanOf = (p: string) => lb.origins.get(p);
    const [conns, cd] = resolveConnects(lb.box.name, merged.get(lb.box.name)!.connects, exposed, portsSpan);
    appendAll(ds, cd);
    conns.forEach((c, j) => lb.origins.add(`/connects/${j}`, c.span));
    appendAll(ds, checkPublishExposed(lb.box, spanOf));
    appendAll(ds, checkEnvSecretClash(lb.box, spanOf));
    return withConnects(lb.box, conns.map((c) => c.value));
  });

  appendAll(
    ds,
    checkUserIds(boxes.flatMap((b, i) => (b.user ? [{ user: b.user, span: lowered[i]!.origins.get("/user") }] : []))),
  );

  const origins = new OriginsMap(lowered.map((lb) => lb.origins));
  const facts = boxes.map((b) => ({ name: b.name, image: b.image !== null, python: b.python !== null, nameSpan: nameSpan(b.name)! }));
  const [targets, td] = lowerTargets(symbols.targets, facts, new Set(symbols.boxes.keys()));
  appendAll(ds, td);
  targets.forEach((t, i) => {
    const prefix = pointer("targets", i);
    for (const [p, s] of t.origins) origins.addOther(`${prefix}${p}`, s);
  });
  if (symbols.projectSpan) origins.addOther("/project", symbols.projectSpan);

  const ir: ProjectIR = {
    irVersion: IR_VERSION,
    project: symbols.project,
    sources: [...input.project.files.keys()].sort(),
    entries: input.project.entries,
    boxes,
    targets: targets.map((t) => t.value),
  };
  return [ir, origins, ds];
}

/**
 * The finished box. Key order follows types.ts (with `connects` last) so `boxc ir` reads
 * like the documented IR; the fields are written out because an object spread per box is
 * slow while the code is still cold, and a compile is mostly cold code.
 */
function withConnects(b: DraftBox, connects: Box["connects"]): Box {
  return {
    name: b.name,
    source: b.source,
    fingerprint: fingerprint(b),
    os: b.os,
    image: b.image,
    python: b.python,
    pip: b.pip,
    apt: b.apt,
    files: b.files,
    workdir: b.workdir,
    user: b.user,
    env: b.env,
    secrets: b.secrets,
    build: b.build,
    run: b.run,
    expose: b.expose,
    health: b.health,
    resources: b.resources,
    allowRoot: b.allowRoot,
    volumes: b.volumes,
    publish: b.publish,
    restart: b.restart,
    stopSignal: b.stopSignal,
    connects,
  };
}
