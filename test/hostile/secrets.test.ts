/**
 * Secrets are references, never values (LANGUAGE.md, meaning 4). A project whose secret NAMES
 * are sentinels is built for every target; each artifact may mention a sentinel only in the
 * reference positions its format has — compose `environment: [NAME]` pass-through and
 * `secrets:` entries, Kubernetes `secretKeyRef` / secret volume items, the venv hook's
 * "is it set?" test and warning — and nowhere as an assignment. And since boxc never holds a
 * secret value, the closest thing, an env value, is never printed by a diagnostic message.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { parseAllDocuments } from "yaml";
import { compile, emit } from "../../src/compile.ts";
import { memoryHost } from "../../src/source/host.ts";
import { CODES } from "../../src/diagnostics/codes.ts";
import type { CodeInfo, Diagnostic } from "../../src/diagnostics/types.ts";
import { boxLiteral, hostileString } from "./gen.ts";

type Obj = Record<string, unknown>;

interface Secrets {
  readonly envApi: string;
  readonly fileApi: string;
  readonly envDb: string;
  readonly fileDb: string;
}

function project(s: Secrets, filePath: string): string {
  return `project "sx"
box api {
  os "debian:12"
  python "3.12"
  pip { "fastapi==0.115.0" }
  env { PLAIN = "1" }
  secret ${s.envApi}
  secret ${s.fileApi} file ${boxLiteral(filePath, false)}
  run ["/bin/app"]
  expose 8080
  health { command ["/bin/check"] every 10s timeout 3s retries 3 }
}
box db {
  image "postgres:16.4@sha256:${"a".repeat(64)}"
  expose 5432
  secret ${s.fileDb} file "/run/secrets/db"
  secret ${s.envDb}
}
target docker
target compose
target venv
target vm "web" { cloud "aws" region "eu-west-1" instance "t3.small" boxes [api] }
target kubernetes
`;
}

function build(text: string): Map<string, string> | null {
  const c = compile({ entries: ["/p/s.box"], root: "/p", host: memoryHost({ "/p/s.box": text }) });
  if (!c.ir) return null;
  const e = emit(c.ir, { origins: c.origins });
  assert.equal(e.diagnostics.filter((d) => d.severity === "error"), []);
  return new Map(e.files.map((f) => [f.path, f.content]));
}

/** Every (path, string) of a YAML data tree, keys included (a key path ends in `#key`). */
function strings(x: unknown, path: string, out: [string, string][] = []): [string, string][] {
  if (typeof x === "string") out.push([path, x]);
  else if (Array.isArray(x)) x.forEach((v, i) => strings(v, `${path}/${i}`, out));
  else if (x && typeof x === "object") {
    for (const [k, v] of Object.entries(x)) {
      out.push([`${path}/${k}#key`, k]);
      strings(v, `${path}/${k}`, out);
    }
  }
  return out;
}

const mentions = (s: string, name: string) => new RegExp(`(^|[^A-Za-z0-9_])${name}($|[^A-Za-z0-9_])`).test(s);
const generic = (p: string) => p.replace(/\/\d+/g, "/*");

/** Where compose may name a secret: pass-through env entries and the secrets plumbing. */
const COMPOSE_REFS: readonly [string, RegExp][] = [
  ["compose:environment", /^\/services\/[^/]+\/environment\/\*$/],
  ["compose:secrets-source", /^\/services\/[^/]+\/secrets\/\*\/source$/],
  ["compose:secret-definition", /^\/secrets\/[^/]+#key$/],
  ["compose:secret-file", /^\/secrets\/[^/]+\/file$/],
];

/** Where a Kubernetes manifest may name one: secretKeyRef, a secret volume's items, the mount's subPath. */
const K8S_REFS: readonly [string, RegExp][] = [
  ["k8s:env-name", /\/containers\/\*\/env\/\*\/name$/],
  ["k8s:secretKeyRef", /\/containers\/\*\/env\/\*\/valueFrom\/secretKeyRef\/key$/],
  ["k8s:subPath", /\/containers\/\*\/volumeMounts\/\*\/subPath$/],
  ["k8s:volume-item", /\/volumes\/\*\/secret\/items\/\*\/(key|path)$/],
];

async function checkArtifacts(files: Map<string, string>, s: Secrets): Promise<Map<string, number>> {
  const names = [s.envApi, s.fileApi, s.envDb, s.fileDb];
  const seen = new Map<string, number>();
  for (const [path, text] of files) {
    // No artifact ever assigns a value to a secret's name, in any syntax.
    for (const line of text.split("\n")) {
      if (line.trimStart().startsWith("#")) continue;
      for (const n of names) {
        assert.not.ok(new RegExp(`(^|[^A-Za-z0-9_])(export\\s+)?${n}\\s*=`).test(line), `${path}: assigns ${n}: ${line}`);
        assert.not.ok(new RegExp(`(^|\\s)(ENV|ARG)\\s+${n}\\b`).test(line), `${path}: ${line}`);
      }
    }
    const isYaml = path.endsWith(".yaml") || path.endsWith("user-data");
    if (isYaml) {
      const docs = parseAllDocuments(text).map((d) => d.toJS() as Obj);
      for (const doc of docs) assert.is.not(doc?.["kind"], "Secret", `${path}: boxc never writes a Secret object`);
      const refs: readonly [string, RegExp][] = path === "compose.yaml" ? COMPOSE_REFS : path.startsWith("kubernetes/") ? K8S_REFS : [];
      docs.forEach((doc, di) => {
        for (const [p, v] of strings(doc, "")) {
          for (const n of names) {
            if (!mentions(v, n)) continue;
            const where = generic(p);
            const ref = refs.find(([, r]) => r.test(where));
            assert.ok(ref, `${path} doc ${di}: secret ${n} at ${p} = ${JSON.stringify(v)}`);
            // A reference position holds the bare name (or the compose secret file beside compose.yaml).
            assert.ok(v === n || (where.endsWith("/file") && v === `./secrets/${n}`), `${path}: ${p} is the bare name, found ${JSON.stringify(v)}`);
            if (where.endsWith("/env/*/name")) {
              const entry = p.slice(0, p.lastIndexOf("/")).split("/").slice(1).reduce<unknown>((o, k) => (o as Obj)[k], doc) as Obj;
              assert.not.ok("value" in entry, `${path}: env ${n} has no literal value`);
              assert.is(((entry["valueFrom"] as Obj)["secretKeyRef"] as Obj)["key"], n, `${path}: env ${n} comes from the Secret`);
            }
            seen.set(ref![0], 1 + (seen.get(ref![0]) ?? 0));
          }
        }
      });
    } else if (path === "venv/api/setup-venv.sh") {
      for (const line of text.split("\n").filter((l) => names.some((n) => mentions(l, n)))) {
        const ok =
          new RegExp(`^if \\[ -z "\\$\\{(${s.envApi})\\+x\\}" \\]; then printf '%s\\\\n' 'boxc: warning: secret \\1 of box api is not set; export it before running the box' >&2; fi$`).test(line) ||
          new RegExp(`^if \\[ ! -r '[^']*' \\]; then printf '%s\\\\n' 'boxc: warning: secret ${s.fileApi} of box api is read from the file [^']*, which is not readable here' >&2; fi$`).test(line);
        assert.ok(ok, `setup-venv.sh mentions a secret outside its "is it set" check: ${line}`);
        seen.set("venv:check", 1 + (seen.get("venv:check") ?? 0));
      }
    } else {
      // Dockerfiles, requirements, HCL, provision.sh: no secret name at all outside comments.
      for (const line of text.split("\n")) {
        if (line.trimStart().startsWith("#")) continue;
        for (const n of names) assert.not.ok(mentions(line, n), `${path} mentions secret ${n}: ${line}`);
      }
    }
  }
  return seen;
}

const sentinel = fc.stringMatching(/^[A-Z][A-Z0-9_]{3,12}$/).map((s) => `SENTINEL_${s}`);

test("secret names appear only as references, in every artifact", async () => {
  let runs = 0;
  const positions = new Set<string>();
  await fc.assert(
    fc.asyncProperty(fc.uniqueArray(sentinel, { minLength: 4, maxLength: 4 }), fc.stringMatching(/^\/run\/[a-z][a-z0-9_.-]{0,20}$/), async ([a, b, c, d], filePath) => {
      const s: Secrets = { envApi: a!, fileApi: b!, envDb: c!, fileDb: d! };
      const files = build(project(s, filePath));
      assert.ok(files, "the project compiles");
      for (const k of (await checkArtifacts(files!, s)).keys()) positions.add(k);
      runs++;
    }),
    { numRuns: 200, includeErrorInReport: true },
  );
  // The references must really be there, or the checks above prove nothing.
  for (const [label] of [...COMPOSE_REFS, ...K8S_REFS, ["venv:check"]]) assert.ok(positions.has(label!), `no reference seen at ${label}: ${[...positions]}`);
  console.log(`secrets: ${runs} projects; reference positions seen: ${[...positions].sort().join(" ")}`);
});

/** What a diagnostic shows the user besides the code frame. */
const shown = (d: Diagnostic) => [d.message, d.help ?? "", ...d.related.map((r) => r.message)].join("\n");

test("no diagnostic message prints an env value", () => {
  const VALUE = "SENTINELVALUE";
  const codes = new Set<string>();
  fc.assert(
    fc.property(hostileString, fc.boolean(), fc.constantFrom("plain", "shadowed", "duplicate", "wrong-kind"), (h, raw, shape) => {
      const value = `${VALUE}${h}`;
      const lit = boxLiteral(value, raw);
      const env =
        shape === "duplicate" ? `env { V = ${lit}\n V = ${lit} }` : shape === "wrong-kind" ? `env { V = [${lit}] }` : `env { V = ${lit} }`;
      const text = `project "sx"\nbox api {\n  os "debian:12"\n  python "3.12"\n  ${env}\n  ${shape === "shadowed" ? "secret V" : ""}\n  run ["/bin/app"]\n}\ntarget docker\ntarget compose\ntarget venv\ntarget vm "web" { cloud "aws" region "eu-west-1" instance "t3.small" boxes [api] }\ntarget kubernetes\n`;
      const c = compile({ entries: ["/p/s.box"], root: "/p", host: memoryHost({ "/p/s.box": text }) });
      const ds = [...c.diagnostics, ...(c.ir ? emit(c.ir, { origins: c.origins }).diagnostics : [])];
      for (const d of ds) {
        codes.add(d.code);
        assert.not.ok(shown(d).includes(VALUE), `${d.code} prints the env value: ${shown(d)}`);
      }
    }),
    { numRuns: 300 },
  );
  assert.ok(codes.size >= 3, `env-value diagnostics were exercised: ${[...codes]}`);
  console.log(`env values: 300 projects; codes raised, none printing the value: ${[...codes].sort().join(" ")}`);
});

test("the codes table: env and secret diagnostics take no value placeholder", () => {
  const VALUE_PLACEHOLDERS = /\{(value|firstValue|secondValue|text|found)\}/;
  for (const [code, info] of Object.entries(CODES) as [string, CodeInfo][]) {
    const about = `${info.name} ${info.message}`;
    if (!/\benv|secret/i.test(about)) continue;
    assert.not.ok(VALUE_PLACEHOLDERS.test(info.message) || VALUE_PLACEHOLDERS.test(info.help ?? ""), `${code} (${info.name}) could print a value: ${info.message}`);
  }
});

test.run();
