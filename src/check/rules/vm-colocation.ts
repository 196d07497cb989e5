/**
 * Boxes listed on one `target vm` share a machine: each keeps its own virtual environment
 * (so pip pins may differ) and, where needed, its own Python, but they cannot share what a
 * machine has one of: the OS release, the installed version of an apt package, a listening
 * port, a file-system path (secret files, volume mounts, copy destinations; paths are compared
 * exactly, not by prefix) and a published host port. Two boxes copying the same project file
 * or folder to the same place agree, so that is not a conflict.
 *
 * An apt package pinned by one box and unpinned by another is not a conflict: the pin decides
 * the machine's version and the other box accepts whatever is installed.
 *
 * Each diagnostic points at the second box's statement (in the target's sorted box order),
 * relates the first box's statement, and the place where the target lists the boxes.
 */
import type { Box, ProjectIR, VmTarget } from "../../ir/types.ts";
import type { Diagnostic, Related } from "../../diagnostics/types.ts";
import type { Span } from "../../source/span.ts";
import type { Code } from "../../diagnostics/codes.ts";
import { diag } from "../../diagnostics/make.ts";

interface Claim {
  /** The box that claims the resource, and the IR pointer of the claiming statement. */
  readonly box: number;
  readonly at: string;
  /** What the first claimant wants; a second claimant with a different value conflicts. */
  readonly value: string;
}

interface Found {
  readonly code: Code;
  readonly args: Readonly<Record<string, string | number>>;
  readonly first: Claim;
  readonly second: Claim;
}

/** `/boxes/i/apt/j` if the origins know it, else `/boxes/i`. */
function spanOf(origins: ReadonlyMap<string, Span>, at: string, box: number): Span | undefined {
  return origins.get(at) ?? origins.get(`/boxes/${box}`);
}

function conflictsOf(boxes: readonly { box: Box; index: number }[]): Found[] {
  const found: Found[] = [];
  // Each map: resource key → the first claim on it.
  const os = new Map<string, Claim>();
  const apt = new Map<string, Claim>();
  const ports = new Map<string, Claim>();
  const paths = new Map<string, Claim>();
  const published = new Map<string, Claim>();

  const claim = (
    map: Map<string, Claim>,
    key: string,
    c: Claim,
    conflicts: (first: Claim) => boolean,
    make: (first: Claim) => Omit<Found, "first" | "second">,
  ) => {
    const first = map.get(key);
    if (first === undefined) map.set(key, c);
    else if (first.box !== c.box && conflicts(first)) found.push({ ...make(first), first, second: c });
  };

  for (const { box: b, index: i } of boxes) {
    if (b.os !== null) {
      claim(os, "os", { box: i, at: `/boxes/${i}/os`, value: b.os.id }, (f) => f.value !== b.os!.id, (f) => ({
        code: "BOX3001",
        args: { firstValue: f.value, secondValue: b.os!.id },
      }));
    }
    b.apt.forEach((p, j) => {
      if (p.version === null) return;
      const c = { box: i, at: `/boxes/${i}/apt/${j}`, value: p.version };
      claim(apt, p.name, c, (f) => f.value !== p.version, (f) => ({
        code: "BOX3002",
        args: { package: p.name, firstValue: f.value, secondValue: p.version! },
      }));
    });
    b.expose.forEach((p, j) => {
      const c = { box: i, at: `/boxes/${i}/expose/${j}`, value: "" };
      claim(ports, `${p.protocol}/${p.port}`, c, () => true, () => ({
        code: "BOX3003",
        args: { protocol: p.protocol.toUpperCase(), port: p.port },
      }));
    });
    // A secret file or a volume belongs to one box; a copied file may be shared when both
    // boxes copy the same project file there.
    const pathClaims: { path: string; at: string; value: string }[] = [
      ...b.secrets.flatMap((s, j) => (s.file === null ? [] : [{ path: s.file, at: `/boxes/${i}/secrets/${j}`, value: `secret:${b.name}` }])),
      ...b.volumes.map((v, j) => ({ path: v.path, at: `/boxes/${i}/volumes/${j}`, value: `volume:${b.name}` })),
      ...b.files.map((f, j) => ({ path: f.dest, at: `/boxes/${i}/files/${j}`, value: `copy:${f.sourceKind}:${f.source}` })),
    ];
    for (const { path, at, value } of pathClaims) {
      claim(paths, path, { box: i, at, value }, (f) => f.value !== value, () => ({ code: "BOX3004", args: { path } }));
    }
    b.publish.forEach((p, j) => {
      const c = { box: i, at: `/boxes/${i}/publish/${j}`, value: "" };
      claim(published, `${p.protocol}/${p.hostPort}`, c, () => true, () => ({
        code: "BOX3005",
        args: { protocol: p.protocol.toUpperCase(), port: p.hostPort },
      }));
    });
  }
  return found;
}

export function checkVmColocation(ir: ProjectIR, origins: ReadonlyMap<string, Span>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const indexOf = new Map(ir.boxes.map((b, i) => [b.name, i]));
  ir.targets.forEach((t, k) => {
    if (t.kind !== "vm") return;
    const vm = t as VmTarget;
    const boxes = vm.boxes.flatMap((name) => {
      const index = indexOf.get(name);
      return index === undefined ? [] : [{ box: ir.boxes[index]!, index }];
    });
    for (const f of conflictsOf(boxes)) {
      const firstName = ir.boxes[f.first.box]!.name;
      const secondName = ir.boxes[f.second.box]!.name;
      const related: Related[] = [];
      const firstSpan = spanOf(origins, f.first.at, f.first.box);
      if (firstSpan) related.push({ span: firstSpan, message: `\`${firstName}\` uses it here` });
      const listed = origins.get(`/targets/${k}/boxes`) ?? origins.get(`/targets/${k}`);
      if (listed) related.push({ span: listed, message: `vm \`${vm.name}\` puts them on one machine here` });
      const span = spanOf(origins, f.second.at, f.second.box);
      out.push(
        diag(f.code, { ...f.args, first: firstName, second: secondName, vm: vm.name }, { ...(span ? { span } : {}), related }),
      );
    }
  });
  return out;
}
