/**
 * Independent checks of Kubernetes manifests for tests:
 *  - `validateModel`: the API schemas of `kubernetes-models` (types, enums, required fields,
 *    quantities);
 *  - `unknownFields`: what those schemas let through — every key of the object is looked up
 *    in the model's own type declarations (kubernetes-models ships its schemas compiled to
 *    code, and their property lists as `.d.ts` interfaces), walked with the TypeScript checker;
 *  - `expandK8s`: a line-for-line port of Kubernetes' `$(VAR)` expansion
 *    (k8s.io/kubernetes third_party/forked/golang/expansion/expand.go), to read values back as
 *    the kubelet will.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import ts from "typescript";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { Service } from "kubernetes-models/v1/Service";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";

type Obj = Record<string, unknown>;

const MODELS: Record<string, { readonly model: new (data: never) => { validate(): void }; readonly iface: string; readonly from: string }> = {
  Deployment: { model: Deployment as never, iface: "IDeployment", from: "kubernetes-models/apps/v1/Deployment" },
  Service: { model: Service as never, iface: "IService", from: "kubernetes-models/v1/Service" },
  PersistentVolumeClaim: {
    model: PersistentVolumeClaim as never,
    iface: "IPersistentVolumeClaim",
    from: "kubernetes-models/v1/PersistentVolumeClaim",
  },
  NetworkPolicy: { model: NetworkPolicy as never, iface: "INetworkPolicy", from: "kubernetes-models/networking.k8s.io/v1/NetworkPolicy" },
};

/** Throws with the schema's errors when the object does not validate. */
export function validateModel(obj: Obj): void {
  const entry = MODELS[String(obj["kind"])];
  if (!entry) throw new Error(`no model for kind ${String(obj["kind"])}`);
  new entry.model(structuredClone(obj) as never).validate();
}

let checkerState: { checker: ts.TypeChecker; types: Map<string, ts.Type> } | undefined;

function checker(): { checker: ts.TypeChecker; types: Map<string, ts.Type> } {
  if (checkerState) return checkerState;
  const root = dirname(createRequire(import.meta.url).resolve("typescript/package.json"));
  const file = join(root, "..", "..", "test", "__k8s_types__.ts");
  const text = Object.entries(MODELS)
    .map(([kind, m]) => `import type { ${m.iface} } from "${m.from}";\nexport type T_${kind} = ${m.iface};`)
    .join("\n");
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (f) => (f === file ? text : readFile(f));
  host.fileExists = (f) => f === file || fileExists(f);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang, ...rest) =>
    f === file ? ts.createSourceFile(f, text, lang) : getSourceFile(f, lang, ...rest);
  const program = ts.createProgram([file], options, host);
  const c = program.getTypeChecker();
  const sf = program.getSourceFile(file)!;
  const types = new Map<string, ts.Type>();
  for (const sym of c.getExportsOfModule(c.getSymbolAtLocation(sf)!)) {
    types.set(sym.name.replace(/^T_/, ""), c.getDeclaredTypeOfSymbol(sym));
  }
  for (const kind of Object.keys(MODELS)) {
    const t = types.get(kind);
    if (!t || t.getProperties().length === 0) throw new Error(`could not load the type of ${kind}`);
  }
  checkerState = { checker: c, types };
  return checkerState;
}

/** JSON pointers of every key the model's declared properties do not have. */
export function unknownFields(obj: Obj): string[] {
  const { checker: c, types } = checker();
  const root = types.get(String(obj["kind"]));
  if (!root) throw new Error(`no type for kind ${String(obj["kind"])}`);
  const out: string[] = [];
  const walk = (value: unknown, type: ts.Type, path: string): void => {
    if (value === null || typeof value !== "object") return;
    const t = c.getNonNullableType(type);
    if (Array.isArray(value)) {
      const element = c.getIndexInfoOfType(t, ts.IndexKind.Number)?.type;
      if (!element) {
        out.push(`${path} (an array where the model has no list)`);
        return;
      }
      value.forEach((v, i) => walk(v, element, `${path}/${i}`));
      return;
    }
    for (const [k, v] of Object.entries(value as Obj)) {
      const prop = c.getPropertyOfType(t, k);
      if (prop) {
        walk(v, c.getTypeOfSymbol(prop), `${path}/${k}`);
        continue;
      }
      const index = c.getIndexInfoOfType(t, ts.IndexKind.String)?.type;
      if (index) walk(v, index, `${path}/${k}`);
      else out.push(`${path}/${k}`);
    }
  };
  walk(obj, root, "");
  return out;
}

/** Kubernetes' expansion of `$(VAR)` in env values, command and args (byte-wise, as in Go). */
export function expandK8s(input: string, mapping: (name: string) => string | undefined): string {
  // Go indexes bytes; UTF-16 code units behave the same here because `$`, `(` and `)` are
  // ASCII and never part of a multi-unit character.
  const syntaxWrap = (name: string) => `$(${name})`;
  const map = (name: string) => mapping(name) ?? syntaxWrap(name);
  let buf = "";
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] === "$" && cursor + 1 < input.length) {
      buf += input.slice(checkpoint, cursor);
      const [read, isVar, advance] = tryReadVariableName(input.slice(cursor + 1));
      buf += isVar ? map(read) : read;
      cursor += advance;
      checkpoint = cursor + 1;
    }
  }
  return buf + input.slice(checkpoint);
}

function tryReadVariableName(input: string): [string, boolean, number] {
  switch (input[0]) {
    case "$":
      return ["$", false, 1];
    case "(":
      for (let i = 1; i < input.length; i++) {
        if (input[i] === ")") return [input.slice(1, i), true, i + 1];
      }
      return ["$(", false, 1];
    default:
      return [`$${input[0]}`, false, 1];
  }
}

export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Structural checks the schemas miss. Returns problems, empty when the object is fine. */
export function structuralProblems(obj: Obj): string[] {
  const problems: string[] = [];
  const meta = obj["metadata"] as Obj | undefined;
  const name = String(meta?.["name"] ?? "");
  if (!DNS_LABEL.test(name)) problems.push(`${String(obj["kind"])} name ${JSON.stringify(name)} is not a DNS label`);
  if (obj["kind"] === "Deployment") {
    const spec = obj["spec"] as Obj;
    const template = spec["template"] as Obj;
    const podLabels = (template["metadata"] as Obj)["labels"] as Record<string, string>;
    const selector = (spec["selector"] as Obj)["matchLabels"] as Record<string, string>;
    for (const [k, v] of Object.entries(selector)) {
      if (podLabels[k] !== v) problems.push(`selector ${k}=${v} does not match the pod labels`);
    }
    if (Object.keys(selector).length === 0) problems.push("empty selector");
    const pod = template["spec"] as Obj;
    const containers = pod["containers"] as Obj[] | undefined;
    if (!containers || containers.length === 0) problems.push("no containers");
    for (const c of containers ?? []) {
      if (!DNS_LABEL.test(String(c["name"]))) problems.push(`container name ${String(c["name"])} is not a DNS label`);
    }
    for (const v of (pod["volumes"] as Obj[] | undefined) ?? []) {
      if (!DNS_LABEL.test(String(v["name"]))) problems.push(`volume name ${String(v["name"])} is not a DNS label`);
    }
    const volumeNames = new Set(((pod["volumes"] as Obj[] | undefined) ?? []).map((v) => v["name"]));
    for (const c of containers ?? []) {
      for (const m of (c["volumeMounts"] as Obj[] | undefined) ?? []) {
        if (!volumeNames.has(m["name"])) problems.push(`mount of unknown volume ${String(m["name"])}`);
      }
    }
  }
  if (obj["kind"] === "Service") {
    if (!/^[a-z]/.test(name)) problems.push(`service name ${name} must start with a letter`);
    for (const p of ((obj["spec"] as Obj)["ports"] as Obj[]) ?? []) {
      const pn = String(p["name"]);
      if (!(pn.length <= 15 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(pn) && /[a-z]/.test(pn) && !pn.includes("--")))
        problems.push(`port name ${pn} is not an IANA service name`);
    }
  }
  return problems;
}
