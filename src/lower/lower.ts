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
import type { Diagnostic } from "../diagnostics/types.ts";
import { fingerprint } from "../ir/fingerprint.ts";
import { IR_VERSION, type Box, type Port, type ProjectIR } from "../ir/types.ts";
import type { Span } from "../source/span.ts";
import { lowerBox, type LowerEnv, type LoweredBox } from "./box.ts";
import { pointer } from "./origins.ts";
import { lowerTargets } from "./targets.ts";

export interface LowerInput {
  readonly project: Project;
  readonly symbols: Symbols;
  /** Merged boxes by name (boxes whose `extends` chain failed are absent). */
  readonly merged: ReadonlyMap<string, MergedBox>;
  readonly env: LowerEnv;
}

export function lowerProject(input: LowerInput): readonly [ProjectIR, Map<string, Span>, readonly Diagnostic[]] {
  const { symbols, merged } = input;
  const ds: Diagnostic[] = [];
  const origins = new Map<string, Span>();
  const names = [...merged.keys()].sort();
  const decl = (n: string): BoxDecl => symbols.boxes.get(n)!;

  const lowered: LoweredBox[] = names.map((n) => {
    const [lb, d] = lowerBox(merged.get(n)!, decl(n).name.span, input.env);
    ds.push(...d);
    return lb;
  });

  const exposed = new Map<string, readonly Port[] | null>();
  for (const n of symbols.boxes.keys()) exposed.set(n, null);
  for (const lb of lowered) exposed.set(lb.box.name, lb.box.expose);
  const nameSpan = (n: string) => symbols.boxes.get(n)?.name.span;
  lowered.forEach((lb, i) => lb.origins.mountInto(origins, pointer("boxes", i)));
  // Where a box's ports are declared: its first `expose`, else its name.
  const portsSpan = (n: string) => {
    const i = names.indexOf(n);
    return (i >= 0 ? origins.get(`${pointer("boxes", i)}/expose/0`) : undefined) ?? nameSpan(n);
  };

  const boxes: Box[] = lowered.map((lb, i) => {
    const prefix = pointer("boxes", i);
    const spanOf = (p: string) => origins.get(prefix + p);
    const [conns, cd] = resolveConnects(lb.box.name, merged.get(lb.box.name)!.connects, exposed, portsSpan);
    ds.push(...cd);
    conns.forEach((c, j) => origins.set(`${prefix}/connects/${j}`, c.span));
    ds.push(...checkPublishExposed(lb.box, spanOf));
    ds.push(...checkEnvSecretClash(lb.box, spanOf));
    const { name, source, ...rest } = lb.box;
    // Key order follows types.ts so `boxc ir` reads like the documented IR.
    return { name, source, fingerprint: fingerprint(lb.box), ...rest, connects: conns.map((c) => c.value) };
  });

  ds.push(
    ...checkUserIds(
      boxes.flatMap((b, i) => (b.user ? [{ user: b.user, span: origins.get(`${pointer("boxes", i)}/user`) }] : [])),
    ),
  );

  const facts = boxes.map((b) => ({ name: b.name, image: b.image !== null, python: b.python !== null, nameSpan: nameSpan(b.name)! }));
  const [targets, td] = lowerTargets(symbols.targets, facts, new Set(symbols.boxes.keys()));
  ds.push(...td);
  targets.forEach((t, i) => {
    for (const [p, s] of t.origins) if (!origins.has(`${pointer("targets", i)}${p}`)) origins.set(`${pointer("targets", i)}${p}`, s);
  });
  if (symbols.projectSpan) origins.set("/project", symbols.projectSpan);

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
