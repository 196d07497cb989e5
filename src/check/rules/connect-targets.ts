/**
 * `connect X [port N]`: X is another box of the project, and N one of its exposed ports.
 * Without a port the connection allows every port X exposes. Several `connect X` lines
 * for one box join into one connection.
 */
import type { ConnectStatement } from "../../ast/types.ts";
import { diag } from "../../diagnostics/make.ts";
import type { Diagnostic } from "../../diagnostics/types.ts";
import type { Connection, Port } from "../../ir/types.ts";
import type { Span } from "../../source/span.ts";
import { didYouMean } from "../suggest.ts";
import * as V from "../values/index.ts";

export interface TrackedConnection {
  readonly value: Connection;
  readonly span: Span;
}

export function resolveConnects(
  self: string,
  statements: readonly ConnectStatement[],
  /** Every box of the project → its exposed ports, or null when the box itself failed to check. */
  exposed: ReadonlyMap<string, readonly Port[] | null>,
  exposeSpan: (box: string) => Span | undefined,
): [TrackedConnection[], Diagnostic[]] {
  const ds: Diagnostic[] = [];
  const byBox = new Map<string, { ports: Port[]; span: Span }>();
  for (const st of statements) {
    const target = st.box.name;
    if (target === self) {
      ds.push(diag("BOX2029", { name: self }, { span: st.box }));
      continue;
    }
    const ports = exposed.get(target);
    if (ports === undefined) {
      const help = didYouMean(target, [...exposed.keys()].filter((n) => n !== self));
      ds.push(diag("BOX2007", { name: target }, { span: st.box, ...(help ? { help } : {}) }));
      continue;
    }
    if (ports === null) continue;
    let allowed: readonly Port[] = ports;
    if (st.port) {
      const [n, pd] = V.checkPort(st.port);
      ds.push(...pd);
      if (n === null) continue;
      allowed = ports.filter((p) => p.port === n);
      if (allowed.length === 0) {
        const where = exposeSpan(target);
        const list = ports.map((p) => p.port).join(", ");
        ds.push(
          diag(
            "BOX2030",
            { box: target, port: n },
            {
              span: st.port,
              help: ports.length ? `\`${target}\` exposes ${list}` : `\`${target}\` exposes no port; add \`expose ${n}\` to it`,
              related: where ? [{ span: where, message: ports.length ? `\`${target}\` exposes its ports here` : `\`${target}\` is declared here` }] : [],
            },
          ),
        );
        continue;
      }
    }
    const entry = byBox.get(target) ?? { ports: [], span: st };
    for (const p of allowed) if (!entry.ports.some((q) => q.port === p.port && q.protocol === p.protocol)) entry.ports.push(p);
    byBox.set(target, entry);
  }
  const out = [...byBox.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([box, e]) => ({
      value: { box, ports: [...e.ports].sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0)) },
      span: e.span,
    }));
  return [out, ds];
}
