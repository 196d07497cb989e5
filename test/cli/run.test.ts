/** The CLI in-process (the same run() the bin calls): options, output streams, exit codes. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../src/cli/main.ts";
import { defaultEntries, importsOf } from "../../src/cli/inputs.ts";
import { explain } from "../../src/cli/explain.ts";
import { CLI_CODES } from "../../src/diagnostics/codes/cli.ts";

const repo = join(import.meta.dirname, "../..");
const temps: string[] = [];
test.after(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "boxc-run-"));
  temps.push(dir);
  cpSync(join(repo, "examples/shop"), dir, { recursive: true });
  return dir;
}

async function boxc(args: string[], cwd: string, opts: { env?: Record<string, string>; tty?: boolean } = {}) {
  let stdout = "";
  let stderr = "";
  const code = await run(args, {
    cwd,
    env: opts.env ?? {},
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    stdoutIsTTY: opts.tty ?? false,
    stderrIsTTY: opts.tty ?? false,
  });
  return { code, stdout, stderr };
}

test("default entries: every .box of the folder that no other imports", () => {
  const dir = project();
  assert.equal(defaultEntries(dir), [join(dir, "shop.box")]);
  assert.equal(importsOf('# x\nimport "./a.box"\n  import "b \\"q\\".box" # c\nx import "no"\n'), ["./a.box", 'b "q".box']);
});

test("no .box files: BOX5001, exit 1", async () => {
  const dir = mkdtempSync(join(tmpdir(), "boxc-empty-"));
  temps.push(dir);
  const r = await boxc(["validate"], dir);
  assert.is(r.code, 1);
  assert.match(r.stderr, "error[BOX5001]: no `.box` files to compile in `.`");
});

test("warnings: shown, silenced by --allow, errors with --deny, hidden by --quiet", async () => {
  const dir = project();
  // An image pinned by tag only: BOX2183 image-not-digest-pinned, a warning.
  writeFileSync(join(dir, "shop.box"), 'box cache {\n  image "redis:7.2.5-bookworm"\n  expose 6379\n}\n');
  const plain = await boxc(["validate"], dir);
  assert.is(plain.code, 0, plain.stderr);
  const warning = /warning\[(BOX\d+)\]/.exec(plain.stderr);
  assert.ok(warning, `a warning: ${plain.stderr}`);
  const name = (await explain(warning[1]!))!.split(" ")[1]!;
  const allowed = await boxc(["validate", "--allow", name], dir);
  assert.not.match(allowed.stderr, "warning[");
  const denied = await boxc(["--deny", name, "validate"], dir);
  assert.is(denied.code, 1);
  assert.match(denied.stderr, `error[${warning[1]}]`);
  const quiet = await boxc(["validate", "-q"], dir);
  assert.is(quiet.stderr, "");
  assert.is((await boxc(["validate", "--allow", "no-such-name"], dir)).code, 2);
});

test("colors: only on a terminal or with --color always, and never with NO_COLOR under auto", async () => {
  const dir = project();
  writeFileSync(join(dir, "bad.box"), "box {\n");
  assert.not.match((await boxc(["validate", "bad.box"], dir)).stderr, "\x1b[");
  assert.match((await boxc(["validate", "bad.box"], dir, { tty: true })).stderr, "\x1b[");
  assert.not.match((await boxc(["validate", "bad.box"], dir, { tty: true, env: { NO_COLOR: "1" } })).stderr, "\x1b[");
  assert.match((await boxc(["validate", "bad.box", "--color", "always"], dir, { env: { NO_COLOR: "1" } })).stderr, "\x1b[");
  assert.not.match((await boxc(["validate", "bad.box", "--color", "never"], dir, { tty: true })).stderr, "\x1b[");
});

test("json: one document on stdout, nothing on stderr; for ir it goes to stderr", async () => {
  const dir = project();
  const r = await boxc(["build", "--format", "json", "-o", "o"], dir);
  assert.is(r.code, 0);
  assert.is(r.stderr, "");
  assert.is(JSON.parse(r.stdout).version, 1);
  const ir = await boxc(["ir", "--format", "json"], dir);
  assert.is(JSON.parse(ir.stdout).irVersion, "1");
  assert.is(JSON.parse(ir.stderr).version, 1);
});

test("build: a file outside --root is refused", async () => {
  const dir = project();
  const r = await boxc(["build", "shop.box", "--root", "api"], dir);
  assert.is(r.code, 1);
  assert.match(r.stderr, "error[BOX5015]: `shop.box` is outside the project root `api`");
  assert.not.ok(existsSync(join(dir, "out")));
});

/** Every path under `dir` with its bytes, for before/after comparisons. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out[join(e.parentPath, e.name).slice(dir.length + 1)] = readFileSync(join(e.parentPath, e.name), "latin1");
  }
  return out;
}

test("build: a target error found after other files were rendered writes nothing, not even the folder", async () => {
  const dir = project();
  // Kubernetes renders after docker and compose; its probe rounding warning, denied, is an error.
  const src = readFileSync(join(dir, "shop.box"), "utf8");
  writeFileSync(join(dir, "shop.box"), src.replace("timeout 3s", "timeout 2500ms"));
  const deny = ["build", "-o", "out", "--deny", "kubernetes-probe-rounded"];
  const fresh = await boxc(deny, dir);
  assert.is(fresh.code, 1, fresh.stderr);
  assert.match(fresh.stderr, "error[BOX4503]");
  assert.not.ok(existsSync(join(dir, "out")), "no folder, no temporaries");

  assert.is((await boxc(["build", "-o", "out"], dir)).code, 0);
  const before = tree(join(dir, "out"));
  writeFileSync(join(dir, "shop.box"), src.replace("timeout 3s", "timeout 2500ms").replace('LOG_LEVEL = "info"', 'LOG_LEVEL = "debug"'));
  const again = await boxc(deny, dir);
  assert.is(again.code, 1, again.stderr);
  assert.equal(tree(join(dir, "out")), before, "byte-identical, no temporaries left");
  assert.is((await boxc(["build", "-o", "out", "--check"], dir)).code, 1, "the change is still pending");
});

test("build -o onto a file: BOX5013", async () => {
  const dir = project();
  const r = await boxc(["build", "-o", "shop.box"], dir);
  assert.is(r.code, 1);
  assert.match(r.stderr, "error[BOX5013]: the output path `shop.box` is not a folder");
});

test("--watch cannot be combined with --check", async () => {
  assert.is((await boxc(["build", "--watch", "--check"], project())).code, 2);
});

test("every BOX50xx code has its explanation page, and explain prints it", async () => {
  const docs = readdirSync(join(repo, "docs/diagnostics"));
  for (const code of Object.keys(CLI_CODES)) {
    assert.ok(docs.includes(`${code}.md`), `docs/diagnostics/${code}.md`);
    const text = (await explain(code.toLowerCase()))!;
    assert.match(text, `${code} ${CLI_CODES[code as keyof typeof CLI_CODES].name}`);
    assert.match(text, "## Example");
  }
  assert.is(await explain("BOX0000"), null);
  assert.is(await explain("../../package"), null);
});

test.run();
