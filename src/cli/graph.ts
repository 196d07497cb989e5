/**
 * `boxc graph`: the boxes, their ports and the connections the network allows, as Mermaid
 * (`flowchart LR`) or Graphviz dot. Deterministic: boxes and edges in IR order (sorted).
 */
import type { Port, ProjectIR } from "../ir/types.ts";

export type GraphFormat = "mermaid" | "dot";

const portText = (p: Port) => `${p.port}/${p.protocol}`;

interface NodeInfo {
  readonly name: string;
  readonly lines: readonly string[];
  readonly published: boolean;
}

function nodes(ir: ProjectIR): NodeInfo[] {
  return ir.boxes.map((b) => {
    const lines = [b.name];
    if (b.expose.length > 0) lines.push(`ports: ${b.expose.map(portText).join(", ")}`);
    for (const p of b.publish) lines.push(`published: host ${p.hostPort} → ${p.port}/${p.protocol}`);
    return { name: b.name, lines, published: b.publish.length > 0 };
  });
}

/** Mermaid node ids must be plain words; box names may hold `-`, `.`. */
const mermaidId = (name: string) => `box_${name.replace(/[^A-Za-z0-9_]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`)}`;
/** Mermaid labels in `"..."` take entity codes for quotes and angle brackets. */
const mermaidText = (s: string) => s.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");

export function renderMermaid(ir: ProjectIR): string {
  const out = ["flowchart LR"];
  for (const n of nodes(ir)) out.push(`  ${mermaidId(n.name)}["${n.lines.map(mermaidText).join("<br/>")}"]`);
  for (const b of ir.boxes) {
    for (const c of b.connects) {
      const label = c.ports.map(portText).join(", ");
      out.push(`  ${mermaidId(b.name)} -->${label ? `|"${mermaidText(label)}"|` : ""} ${mermaidId(c.box)}`);
    }
  }
  const published = nodes(ir).filter((n) => n.published);
  if (published.length > 0) {
    out.push("  classDef published stroke-width:3px");
    out.push(`  class ${published.map((n) => mermaidId(n.name)).join(",")} published`);
  }
  return `${out.join("\n")}\n`;
}

const dotString = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;

export function renderDot(ir: ProjectIR): string {
  const out = [`digraph ${dotString(ir.project)} {`, "  rankdir=LR;", "  node [shape=box];"];
  for (const n of nodes(ir)) {
    const attrs = [`label=${dotString(n.lines.join("\n"))}`];
    if (n.published) attrs.push("penwidth=3");
    out.push(`  ${dotString(n.name)} [${attrs.join(", ")}];`);
  }
  for (const b of ir.boxes) {
    for (const c of b.connects) {
      const label = c.ports.map(portText).join(", ");
      out.push(`  ${dotString(b.name)} -> ${dotString(c.box)}${label ? ` [label=${dotString(label)}]` : ""};`);
    }
  }
  out.push("}");
  return `${out.join("\n")}\n`;
}

export function renderGraph(ir: ProjectIR, format: GraphFormat): string {
  return format === "dot" ? renderDot(ir) : renderMermaid(ir);
}
