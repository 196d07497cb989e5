/**
 * Step 2: symbol tables of templates, boxes and targets across every loaded file, the
 * project name, and the name rules (duplicates, DNS labels, bare names in bodies).
 */
import type { BoxDecl, TargetDecl, TemplateDecl } from "../ast/types.ts";
import { diag } from "../diagnostics/make.ts";
import type { Diagnostic, Result } from "../diagnostics/types.ts";
import type { Span } from "../source/span.ts";
import { describeValue } from "./describe.ts";
import type { Project } from "./load.ts";
import { isDnsLabel, labelSuggestion } from "./names.ts";
import { checkDnsLabel } from "./values/index.ts";
import { didYouMean } from "./suggest.ts";
import { forEachRef } from "./walk.ts";

export interface Symbols {
  readonly templates: ReadonlyMap<string, TemplateDecl>;
  readonly boxes: ReadonlyMap<string, BoxDecl>;
  /** In load order, then source order. */
  readonly targets: readonly TargetDecl[];
  readonly project: string;
  readonly projectSpan: Span | undefined;
}

export function resolveSymbols(p: Project): Result<Symbols> {
  const ds: Diagnostic[] = [];
  const templates = new Map<string, TemplateDecl>();
  const boxes = new Map<string, BoxDecl>();
  const targets: TargetDecl[] = [];
  let project: string | undefined;
  let projectSpan: Span | undefined;

  for (const f of p.files.values()) {
    for (const st of f.ast.statements) {
      switch (st.kind) {
        case "Project": {
          if (projectSpan !== undefined) {
            ds.push(diag("BOX2011", {}, { span: st, related: [{ span: projectSpan, message: "first declared here" }] }));
            break;
          }
          projectSpan = st;
          if (st.name.kind !== "String") {
            ds.push(diag("BOX2021", { what: "project", expected: "a string", found: describeValue(st.name) }, { span: st.name }));
            break;
          }
          project = st.name.value;
          ds.push(...checkDnsLabel(st.name, "project", { reserved: false })[1]);
          break;
        }
        case "Template":
        case "Box": {
          const name = st.name.name;
          const what = st.kind === "Box" ? "box" : "template";
          ds.push(...checkDnsLabel(st.name, what)[1]);
          const prev = boxes.get(name) ?? templates.get(name);
          if (prev) {
            ds.push(
              diag(
                "BOX2006",
                { name, kind: what },
                { span: st.name, related: [{ span: prev.name, message: `first defined here as a ${prev.kind === "Box" ? "box" : "template"}` }] },
              ),
            );
            break;
          }
          if (st.kind === "Box") boxes.set(name, st);
          else templates.set(name, st);
          break;
        }
        case "Target":
          targets.push(st);
          break;
        case "Import":
          break;
      }
    }
  }

  for (const t of templates.values()) ds.push(...checkTemplateRefs(t));
  for (const b of boxes.values()) {
    forEachRef(b.body, (r) => ds.push(diag("BOX2010", { name: r.name }, { span: r })));
    for (const a of b.extends?.args ?? []) forEachRef(a.value, (r) => ds.push(diag("BOX2010", { name: r.name }, { span: r })));
  }

  if (project === undefined && projectSpan === undefined) {
    const entry = p.entries[0] ?? "project";
    const base = entry.split("/").pop()!.replace(/\.box$/, "");
    project = base;
    if (!isDnsLabel(base)) ds.push(diag("BOX2012", { name: base, suggestion: labelSuggestion(base) ?? "name" }));
  }
  return [{ templates, boxes, targets, project: project ?? "", projectSpan }, ds];
}

function checkTemplateRefs(t: TemplateDecl): Diagnostic[] {
  const ds: Diagnostic[] = [];
  const params = new Map<string, Span>();
  for (const prm of t.params) {
    const first = params.get(prm.name.name);
    if (first) {
      ds.push(diag("BOX2018", { name: prm.name.name }, { span: prm.name, related: [{ span: first, message: "first declared here" }] }));
    } else params.set(prm.name.name, prm.name);
    if (prm.default) forEachRef(prm.default, (r) => ds.push(diag("BOX2010", { name: r.name }, { span: r })));
  }
  forEachRef(t.body, (r) => {
    if (params.has(r.name)) return;
    const help = didYouMean(r.name, params.keys());
    ds.push(diag("BOX2009", { name: r.name, template: t.name.name }, { span: r, ...(help ? { help } : {}) }));
  });
  return ds;
}
