/**
 * Independent readers that hostile-value tests ask hundreds of times, each in one long-lived
 * process (spawning Python or sh per question costs 30–300 ms):
 *  - `Py`: Debian's Python — PyYAML (`safe_load_all`, the YAML 1.1 reader cloud-init and many
 *    tools use), `shlex.split`, and the `EXPECTED = json.loads("…")` literal of boxc's
 *    generated verify scripts read by Python's own parser (`ast.literal_eval`);
 *  - `Sh`: dash, which sources generated env files / hooks and prints variables.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";

const PROGRAM = String.raw`
import ast, datetime, json, shlex, sys, yaml
def expected(text):
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "EXPECTED" for t in node.targets):
            return json.loads(ast.literal_eval(node.value.args[0]))
    raise ValueError("no EXPECTED assignment")
def plain(x):
    # Anything that is not JSON (dates, sets, bytes) comes back tagged, so it can never equal a string.
    if isinstance(x, dict): return {str(k) if isinstance(k, str) else "<%s>%r" % (type(k).__name__, k): plain(v) for k, v in x.items()}
    if isinstance(x, list): return [plain(v) for v in x]
    if x is None or isinstance(x, (str, bool, int, float)): return x
    return "<%s>%r" % (type(x).__name__, x)
for raw in sys.stdin.buffer:
    msg = json.loads(raw)
    try:
        op, text = msg["op"], msg["text"]
        if op == "yaml": res = plain(list(yaml.safe_load_all(text)))
        elif op == "shlex": res = shlex.split(text)
        elif op == "expected": res = expected(text)
        else: raise ValueError("unknown op " + op)
        out = {"id": msg["id"], "ok": res}
    except BaseException as e:
        out = {"id": msg.get("id"), "error": "%s: %s" % (type(e).__name__, e)}
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
`;

export class Py {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: ((line: string) => void)[] = [];
  private next = 0;

  constructor() {
    this.child = spawn("/usr/bin/python3", ["-c", PROGRAM], {
      env: { PATH: "/usr/bin:/bin", LC_ALL: "C.UTF-8", PYTHONIOENCODING: "utf-8" },
    });
    createInterface({ input: this.child.stdout }).on("line", (line) => this.pending.shift()?.(line));
    let stderr = "";
    this.child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    this.child.on("exit", (code) => {
      for (const p of this.pending.splice(0)) p(JSON.stringify({ error: `python exited (${code}): ${stderr}` }));
    });
  }

  private ask(op: string, text: string): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.push((line) => {
        const r = JSON.parse(line) as { id?: number; ok?: unknown; error?: string };
        // Answers come in order; an id mismatch means the protocol broke, never a pass.
        if (r.id !== id && r.id !== undefined) reject(new Error(`python answered request ${r.id}, expected ${id}`));
        else if (r.error !== undefined) reject(new Error(`python ${op}: ${r.error}`));
        else resolve(r.ok);
      });
      this.child.stdin.write(`${JSON.stringify({ id, op, text })}\n`);
    });
  }

  /** Every document, as PyYAML's safe loader reads it (YAML 1.1 resolution). */
  yaml(text: string): Promise<unknown[]> {
    return this.ask("yaml", text) as Promise<unknown[]>;
  }

  shlex(text: string): Promise<string[]> {
    return this.ask("shlex", text) as Promise<string[]>;
  }

  /** The object a generated verify script's `EXPECTED = json.loads("…")` evaluates to. */
  expected(pythonSource: string): Promise<Record<string, unknown>> {
    return this.ask("expected", pythonSource) as Promise<Record<string, unknown>>;
  }

  close(): void {
    this.child.stdin.end();
  }
}
