/**
 * Property tests of the vm encoders, each read back by the real consumer: HCL strings by
 * `packer console`, the Go-template literal by Packer's own template pass (a breakpoint
 * provisioner prints its rendered note), systemd command lines by systemd's unit parser
 * (`systemd-analyze verify` with debug logging dumps the parsed argv), and environment files
 * by `sh`, whose double-quote rules are the ones systemd documents for EnvironmentFile=.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { goTemplateLiteral, hclCarries, hclString, hclStringBody, packerString } from "../../../targets/_shared/encode-hcl.ts";
import { envFileLine, systemdExecLine, systemdExecWord } from "../../../targets/_shared/encode-systemd.ts";
import { packer, run, tempDir, writeTree } from "./tools.ts";

/** Strings rich in what each syntax treats specially, plus any Unicode. */
const SPECIAL = ["$", "{", "}", "%", "\\", '"', "'", "`", "#", ";", " ", "-", "=", "{{", "}}", "${", "%{", "$$", "%%", "\\n", "é", "中", "😀", "\t", "*", "[", "]"];
const hostile = fc.array(fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ unit: "grapheme", maxLength: 3 })), { maxLength: 12 }).map((a) => a.join(""));
/** No control characters: env values and command words never hold them (checked at the source). */
const noControl = hostile.map((s) => s.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, ""));
/** HCL normalizes strings to NFC (`hclCarries`); the target refuses other values. */
const nfc = (a: fc.Arbitrary<string>) => a.map((s) => s.normalize("NFC"));

function sample<T>(arb: fc.Arbitrary<T>, n: number, seed: number): T[] {
  return fc.sample(arb, { numRuns: n, seed });
}

test("hclString: packer console reads back every value exactly (200 values)", () => {
  const values = sample(nfc(hostile), 200, 42);
  const dir = tempDir("hcl");
  try {
    const list = values.map((v) => `    ${hclString(v)},`).join("\n");
    writeTree(dir.path, [
      { path: "t/x.pkr.hcl", content: `variable "v" {\n  type = list(string)\n  default = [\n${list}\n  ]\n}\nsource "null" "n" { communicator = "none" }\nbuild { sources = ["source.null.n"] }\n` },
    ]);
    const r = packer(["console", "t"], dir.path, "jsonencode(var.v)\n");
    assert.is(r.status, 0, r.stderr + r.stdout);
    assert.equal(JSON.parse(r.stdout.trim()), values);
  } finally {
    dir.remove();
  }
});

test("hclCarries refuses what HCL would normalize", () => {
  assert.not.ok(hclCarries("e\u0301"));
  assert.ok(hclCarries("\u00e9"));
});

test("hclStringBody escapes `${` and `%{` so HCL never interpolates", () => {
  assert.is(hclStringBody("${x}"), "$${x}");
  assert.is(hclStringBody("%{if}"), "%%{if}");
  assert.is(hclStringBody("$${x}"), "$$${x}");
  assert.is(hclString('a"b\\'), '"a\\"b\\\\"');
});

test("packerString: Packer's Go-template pass renders back every value exactly (200 values)", () => {
  const values = [...sample(nfc(noControl), 194, 7), "{{timestamp}}", "{{ .Name }}", "{{{", "}}{{", '{{"{{"}}', "{{nope}}"];
  // One breakpoint note holds every value, separated by a control character no value has
  // (`{{` cannot span it, so this is each value's own encoding side by side).
  const SEP = "\x01";
  const dir = tempDir("gotpl");
  try {
    const note = values.map(packerString).map((q) => q.slice(1, -1)).join("\\u0001");
    writeTree(dir.path, [
      { path: "t/x.pkr.hcl", content: `source "null" "v" { communicator = "none" }\nbuild {\n  sources = ["source.null.v"]\n  provisioner "breakpoint" {\n    note = "${note}"\n  }\n}\n` },
    ]);
    const r = packer(["build", "-color=false", "t"], dir.path, "");
    const m = /^==> null\.v: Pausing at breakpoint provisioner with note "([\s\S]*)"\.$/m.exec(r.stdout);
    assert.ok(m, r.stdout + r.stderr);
    const got = m![1]!.split(SEP);
    assert.is(got.length, values.length);
    values.forEach((v, i) => assert.is(got[i], v, `value ${JSON.stringify(v)} (encoded ${goTemplateLiteral(v)})`));
  } finally {
    dir.remove();
  }
});

/** Words of systemd's own "Command Line:" dump, with its C escapes undone. */
function parseDumpedCommandLine(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === " ") i++;
    if (i >= line.length) break;
    let w = "";
    if (line[i] === '"') {
      i++;
      const bytes: number[] = [];
      const push = (s: string) => bytes.push(...new TextEncoder().encode(s));
      while (line[i] !== '"') {
        const ch = String.fromCodePoint(line.codePointAt(i)!);
        if (ch !== "\\") {
          push(ch);
          i += ch.length;
          continue;
        }
        const n = line[i + 1]!;
        const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v", "\\": "\\", '"': '"', "'": "'", $: "$", "`": "`" };
        if (n in simple) {
          push(simple[n]!);
          i += 2;
        } else if (/[0-7]/.test(n)) {
          bytes.push(parseInt(line.slice(i + 1, i + 4), 8));
          i += 4;
        } else if (n === "x") {
          bytes.push(parseInt(line.slice(i + 2, i + 4), 16));
          i += 4;
        } else throw new Error(`unknown escape in ${line}`);
      }
      i++;
      w = new TextDecoder().decode(new Uint8Array(bytes));
    } else {
      while (i < line.length && line[i] !== " ") w += line[i++];
    }
    words.push(w);
  }
  return words;
}

/** systemd substitutes `$$` → `$` when it executes; the dump shows the stored, pre-exec form. */
const execTime = (w: string) => w.replace(/\$\$/g, "$");

test("systemdExecLine: systemd's unit parser gives back every argv exactly (200 argvs)", () => {
  const argvs = sample(fc.array(noControl, { minLength: 1, maxLength: 4 }), 200, 11).map((a) => ["/bin/echo", ...a]);
  const dir = tempDir("sd");
  try {
    const lines = argvs.map((a) => `ExecStartPre=${systemdExecLine(a)}`);
    writeTree(dir.path, [{ path: "p.service", content: `[Service]\nType=oneshot\n${lines.join("\n")}\nExecStart=/bin/true\n` }]);
    const r = run("systemd-analyze", ["verify", "--man=no", "./p.service"], { cwd: dir.path, env: { ...process.env, SYSTEMD_LOG_LEVEL: "debug" } });
    const text = r.stdout + r.stderr;
    assert.not.match(text, /p\.service:\d+:/, text.split("\n").filter((l) => l.includes("p.service:")).join("\n"));
    const dumped = [...text.matchAll(/-> ExecStartPre:\n([\s\S]*?)-> ExecStart:/g)][0]?.[1] ?? "";
    const got = [...dumped.matchAll(/Command Line: (.*)$/gm)].map((m) => parseDumpedCommandLine(m[1]!).map(execTime));
    assert.is(got.length, argvs.length, text.slice(0, 3000));
    got.forEach((g, i) => assert.equal(g, argvs[i], `argv ${JSON.stringify(argvs[i])} encoded as ${systemdExecLine(argvs[i]!)}`));
  } finally {
    dir.remove();
  }
});

test("systemdExecWord: prefixes, separators and specifiers stay literal", () => {
  assert.is(systemdExecWord("-x"), '"-x"');
  assert.is(systemdExecWord(";"), '";"');
  assert.is(systemdExecWord("%h $HOME"), '"%%h $$HOME"');
  assert.is(systemdExecWord(""), '""');
});

test("envFileLine: sh reads back every value exactly (200 values)", () => {
  const values = sample(noControl, 200, 5);
  const dir = tempDir("env");
  try {
    const lines = values.map((v, i) => envFileLine(`V${i}`, v));
    lines.forEach((l, i) => assert.ok(l !== null, `refused ${JSON.stringify(values[i])}`));
    writeTree(dir.path, [{ path: "env", content: `${lines.join("\n")}\n` }]);
    const script = `set -a; . ./env; set +a; python3 -c 'import json, os, sys; print(json.dumps([os.environ["V%d" % i] for i in range(int(sys.argv[1]))]))' ${values.length}`;
    const r = run("sh", ["-c", script], { cwd: dir.path, env: { PATH: process.env.PATH, LC_ALL: "C.UTF-8" } });
    assert.is(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout), values);
  } finally {
    dir.remove();
  }
});

test("envFileLine refuses what an environment file cannot hold", () => {
  assert.is(envFileLine("A", "a\nb"), null);
  assert.is(envFileLine("A", "a\x01"), null);
  assert.is(envFileLine("A", 'x"$`\\'), 'A="x\\"\\$\\`\\\\"');
});

let last = Date.now();
test.after.each((ctx) => {
  if (process.env.BOXC_TEST_TIMING) console.log(`${ctx.__test__}: ${Date.now() - last} ms`);
  last = Date.now();
});

test.run();
