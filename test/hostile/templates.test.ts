/**
 * Templates hardened (issue 10): Handlebars runs as precompiled templates on the runtime only,
 * compiled strict, knownHelpersOnly and noEscape, one environment per target, and no template
 * prints a value that did not go through an encoder.
 *
 * The last point is enforced at render time, not by convention: every target's templates are
 * wrapped so that they receive their view model through a recording Proxy, the targets are run
 * on a project whose every free-text value holds the canary `a'b"c\`d$e` — which every output
 * syntax's encoder must change (shell turns `'` into `'\''`; Docker, JSON, HCL, systemd escape
 * `"`) — and every string a template actually read is checked: none may hold the canary
 * verbatim. A new template field fed a raw IR string fails here the first time it is rendered.
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import Handlebars from "handlebars";
import { compile, emit } from "../../src/compile.ts";
import { memoryHost } from "../../src/source/host.ts";
import { boxLiteral } from "./gen.ts";

const root = join(import.meta.dirname, "..", "..");
const KINDS = readdirSync(join(root, "targets")).filter((k) => existsSync(join(root, "targets", k, "templates")));

test("scripts/build.ts compiles templates strict, knownHelpersOnly, noEscape, with no helpers", () => {
  const text = readFileSync(join(root, "scripts/build.ts"), "utf8");
  const options = /export const HBS_OPTIONS = (\{[^}]*\{\}[^}]*\})/.exec(text)?.[1];
  assert.ok(options, "HBS_OPTIONS is declared in scripts/build.ts");
  for (const flag of ["strict: true", "knownHelpersOnly: true", "knownHelpers: {}", "noEscape: true"]) assert.ok(options!.includes(flag), `HBS_OPTIONS has ${flag}`);
  assert.match(text, /Handlebars\.precompile\(src, HBS_OPTIONS\)/, "every template is precompiled with HBS_OPTIONS");
});

test("precompiled templates: runtime only, strict lookups, no escaping, no helper calls, one environment per target", () => {
  assert.ok(KINDS.length >= 3, `targets with templates: ${KINDS}`);
  for (const kind of KINDS) {
    const gen = readFileSync(join(root, "targets", kind, "templates.gen.ts"), "utf8");
    assert.match(gen, /^import Handlebars from "handlebars\/runtime\.js";$/m, `${kind}: imports the runtime, not the compiler`);
    assert.is(gen.match(/Handlebars\.create\(\)/g)?.length, 1, `${kind}: one isolated environment`);
    assert.ok(gen.includes("container.strict"), `${kind}: strict lookups (a missing field throws)`);
    assert.not.ok(gen.includes("escapeExpression"), `${kind}: noEscape (encoders do the quoting, not HTML escaping)`);
    assert.not.ok(/helperMissing|blockHelperMissing|invokePartial|registerHelper|registerPartial/.test(gen), `${kind}: no unknown helpers or partials`);
  }
});

test("the bundle ships the Handlebars runtime only", () => {
  for (const bundle of ["dist/cli.js", "dist/index.js"]) {
    const path = join(root, bundle);
    assert.ok(existsSync(path), `${bundle} is built (node scripts/build.ts)`);
    const text = readFileSync(path, "utf8");
    for (const sig of ["parseWithoutProcessing", "JavaScriptCompiler", "Parse error on line", "function Compiler()"]) {
      assert.not.ok(text.includes(sig), `${bundle} contains the Handlebars compiler (${sig})`);
    }
  }
});

type Node = { type: string; [k: string]: unknown };

/** Every mustache and block of a template, as Handlebars' own parser sees it. */
function walk(node: Node, out: Node[] = []): Node[] {
  out.push(node);
  for (const v of Object.values(node)) {
    if (Array.isArray(v)) for (const x of v) if (x && typeof x === "object" && "type" in x) walk(x as Node, out);
    if (v && typeof v === "object" && !Array.isArray(v) && "type" in v) walk(v as Node, out);
  }
  return out;
}

test("templates are logic-less: plain field mustaches, #each / #if blocks only", () => {
  for (const kind of KINDS) {
    const dir = join(root, "targets", kind, "templates");
    for (const name of readdirSync(dir).filter((f) => f.endsWith(".hbs"))) {
      const where = `targets/${kind}/templates/${name}`;
      const nodes = walk(Handlebars.parse(readFileSync(join(dir, name), "utf8")) as unknown as Node);
      for (const n of nodes) {
        assert.not.ok(["PartialStatement", "PartialBlockStatement", "DecoratorBlock", "Decorator", "SubExpression"].includes(n.type), `${where}: ${n.type}`);
        if (n.type === "MustacheStatement") {
          const path = n["path"] as Node;
          assert.is(path.type, "PathExpression", `${where}: a mustache names a field`);
          assert.equal(n["params"], [], `${where}: {{${path["original"]}}} takes no parameters (no helpers)`);
          assert.not.ok(n["hash"], `${where}: {{${path["original"]}}} takes no hash`);
          assert.not.ok(String(path["original"]).startsWith("@root"), `${where}: no @root reach-around`);
        }
        if (n.type === "BlockStatement") {
          const helper = String((n["path"] as Node)["original"]);
          assert.ok(["each", "if", "unless"].includes(helper), `${where}: block {{#${helper}}}`);
        }
      }
    }
  }
});

// ---- render-time check: every string a template reads went through an encoder

const CANARY = "a'b\"c`d$e";

interface Read {
  readonly template: string;
  readonly path: string;
  readonly value: string;
}

function recording(template: string, view: unknown, reads: Read[], path = ""): unknown {
  if (view === null || typeof view !== "object") return view;
  return new Proxy(view as object, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver);
      if (typeof key !== "string") return v;
      const p = `${path}.${key}`;
      if (typeof v === "string") reads.push({ template, path: p, value: v });
      return recording(template, v, reads, p);
    },
  });
}

async function wrapTemplates(reads: Read[]): Promise<() => void> {
  const restores: (() => void)[] = [];
  for (const kind of KINDS) {
    const mod = (await import(join(root, "targets", kind, "templates.gen.ts"))) as { templates: Record<string, (view: object) => string> };
    for (const [name, fn] of Object.entries(mod.templates)) {
      mod.templates[name] = (view: object) => fn(recording(`${kind}/${name}`, view, reads) as object);
      restores.push(() => (mod.templates[name] = fn));
    }
  }
  return () => restores.forEach((r) => r());
}

test("every string a template prints came through an encoder (canary render)", async () => {
  const reads: Read[] = [];
  const restore = await wrapTemplates(reads);
  try {
    const c = (s: string) => boxLiteral(s, false);
    const text = `project "canary"
box api {
  os "debian:12"
  python "3.12"
  pip { "fastapi==0.115.0" }
  apt { "curl" }
  workdir "/srv/app"
  env { CANARY = ${c(CANARY)} OTHER = ${c(`x ${CANARY} y`)} }
  secret TOKEN
  secret KEY file "/run/secrets/key"
  build ${c(`echo ${CANARY}`)}
  run ["/bin/app", ${c(CANARY)}, ${c(`--flag=${CANARY}`)}]
  expose 8080
  health { command ["/bin/check", ${c(CANARY)}] every 10s timeout 3s retries 3 }
  volume "data" at "/srv/data"
}
box worker {
  os "debian:12"
  python "3.11"
  pip { index ${c("https://pypi.example/simple")} "requests==2.32.3" }
  workdir "/srv/worker"
  env { W = ${c(CANARY)} }
  build ${c(CANARY)}
  run ${c(`/bin/worker ${CANARY}`)}
  health { http "/healthz" port 9000 every 5s timeout 2s retries 2 }
  expose 9000
}
target docker
target compose
target venv
target vm "web" { cloud "aws" region "eu-west-1" instance "t3.small" boxes [api, worker] }
target kubernetes
`;
    const r = compile({ entries: ["/p/c.box"], root: "/p", host: memoryHost({ "/p/c.box": text }) });
    assert.equal(r.diagnostics.filter((d) => d.severity === "error"), [], "the canary project compiles");
    const out = emit(r.ir!, { origins: r.origins });
    assert.equal(out.diagnostics.filter((d) => d.severity === "error"), []);
    const templates = new Set(reads.map((x) => x.template));
    assert.ok(templates.size >= 6, `templates rendered: ${[...templates]}`);
    // The canary must reach the templates at all (encoded), or this proves nothing.
    const carrying = reads.filter((x) => x.value.includes("a'") || x.value.includes("b\\\"c") || x.value.includes("b\"c"));
    assert.ok(carrying.length >= 5, `the canary reached ${carrying.length} template fields`);
    for (const x of reads) assert.not.ok(x.value.includes(CANARY), `${x.template}: field ${x.path} reached the template unencoded: ${JSON.stringify(x.value).slice(0, 200)}`);
    console.log(`canary render: ${reads.length} field reads in ${templates.size} templates, ${carrying.length} carrying the encoded canary, none raw`);
  } finally {
    restore();
  }
});

test.run();
