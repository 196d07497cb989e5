/**
 * DESIGN.md's layer rules, enforced: scans every import of the shipped sources.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = join(import.meta.dirname, "../..");

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|js)$/.test(name) && !name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/** Layer of a project-relative path (first matching prefix wins). */
const LAYERS: [string, string][] = [
  ["grammar/", "grammar"],
  ["src/source/", "source"],
  ["src/diagnostics/", "diagnostics"],
  ["src/ast/", "ast"],
  ["src/check/", "check"],
  ["src/lower/", "lower"],
  ["src/ir/", "ir"],
  ["src/fmt/", "fmt"],
  ["src/host/", "host"],
  ["src/cli/", "cli"],
  ["src/compile.ts", "compile"],
  ["src/index.ts", "compile"],
  ["targets/", "targets"],
];
const layerOf = (rel: string) => LAYERS.find(([p]) => rel.startsWith(p))?.[1];

/** Allowed project layers and packages per layer; anything else is a violation. */
const ALLOWED: Record<string, { layers: string[]; packages: RegExp }> = {
  grammar: { layers: ["grammar"], packages: /^chevrotain$/ },
  // decode.ts reports encoding errors as diagnostics; diagnostics use only Span types from here.
  source: { layers: ["source", "diagnostics"], packages: /^$/ },
  diagnostics: { layers: ["diagnostics", "source"], packages: /^$/ },
  // The CST → AST visitor reads Chevrotain's CST and token types.
  ast: { layers: ["ast", "grammar", "source", "diagnostics"], packages: /^chevrotain$/ },
  check: { layers: ["check", "ast", "source", "diagnostics", "ir"], packages: /^(@renovatebot\/pep440(\/.*)?|node:path)$/ },
  lower: { layers: ["lower", "check", "ast", "source", "diagnostics", "ir"], packages: /^(node:path)$/ },
  ir: { layers: ["ir", "diagnostics", "source"], packages: /^(ajv.*|node:crypto)$/ },
  fmt: { layers: ["fmt", "ast", "grammar", "source", "diagnostics"], packages: /^chevrotain$/ },
  host: { layers: ["host", "source"], packages: /^node:/ },
  compile: { layers: ["compile", "check", "lower", "ir", "ast", "source", "diagnostics", "targets", "fmt", "host"], packages: /^(node:path)$/ },
  targets: { layers: ["targets", "ir", "diagnostics"], packages: /^(handlebars\/runtime(\.js)?|yaml)$/ },
  cli: { layers: LAYERS.map(([, l]) => l), packages: /.*/ },
};

const IMPORT = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^"';]*?\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

test("every shipped module imports only what its layer may", () => {
  const problems: string[] = [];
  for (const dir of ["grammar", "src", "targets"]) {
    for (const file of walk(join(root, dir))) {
      const rel = relative(root, file).split("\\").join("/");
      const layer = layerOf(rel);
      if (!layer) continue;
      const rules = ALLOWED[layer]!;
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(IMPORT)) {
        const spec = (m[1] ?? m[2])!;
        if (spec.startsWith(".")) {
          const target = relative(root, resolve(dirname(file), spec)).split("\\").join("/");
          const tl = layerOf(target);
          if (tl && !rules.layers.includes(tl)) problems.push(`${rel}: ${layer} must not import ${target} (${tl})`);
        } else if (!rules.packages.test(spec)) {
          problems.push(`${rel}: ${layer} must not import package ${spec}`);
        }
      }
      if (layer === "targets" && /\bprocess\.(env|exit|cwd|argv|stdout|stderr)\b/.test(text)) {
        problems.push(`${rel}: targets must not touch the process`);
      }
    }
  }
  assert.equal(problems, []);
});

test.run();
