/**
 * Reads requirements files back with pip's own parser (Debian's /usr/bin/python3 and its pip),
 * in one long-lived process so property tests can ask hundreds of times. The locale is forced
 * to ASCII so a file that relied on the locale's encoding, not on its own coding line, fails.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";

export interface PipLine {
  /** The requirement text pip goes on to parse (it strips the spaces a `\` continuation leaves). */
  readonly args: string;
  readonly isRequirement: boolean;
  readonly indexUrl: string | null;
  readonly extraIndexUrls: readonly string[];
  /** `sha256:<hex>` as written. */
  readonly hashes: readonly string[];
  /** Every other option pip saw on the line (`-r`, `-e`, `--find-links`…): must stay empty. */
  readonly otherOptions: readonly string[];
}

export type PipParse = { readonly lines: readonly PipLine[] } | { readonly error: string };

const PROGRAM = String.raw`
import json, os, sys, tempfile
from pip._internal.req.req_file import RequirementsFileParser, get_line_parser
from pip._internal.network.session import PipSession
session = PipSession()
path = os.path.join(tempfile.mkdtemp(), "requirements.txt")
for raw in sys.stdin.buffer:
    msg = json.loads(raw)
    with open(path, "wb") as f:
        f.write(msg["text"].encode("utf-8"))
    try:
        out = []
        for pl in RequirementsFileParser(session, get_line_parser(None)).parse(path, constraint=False):
            o = pl.opts
            hashes = ["%s:%s" % (k, v) for k, vs in sorted((o.hashes or {}).items()) for v in vs]
            fc = getattr(o, "format_control", None)
            other = sorted(k for k, v in vars(o).items()
                           if v not in (None, [], {}, False)
                           and k not in ("index_url", "extra_index_urls", "hashes", "format_control"))
            if fc is not None and (fc.no_binary or fc.only_binary):
                other.append("format_control")
            out.append({"args": pl.requirement if pl.is_requirement and not pl.is_editable else "",
                        "isRequirement": pl.is_requirement and not pl.is_editable, "indexUrl": o.index_url,
                        "extraIndexUrls": o.extra_index_urls or [], "hashes": hashes, "otherOptions": other})
        res = {"lines": out}
    except BaseException as e:
        res = {"error": "%s: %s" % (type(e).__name__, e)}
    sys.stdout.write(json.dumps(res) + "\n")
    sys.stdout.flush()
`;

export class PipReader {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: ((line: string) => void)[] = [];

  constructor(env: Record<string, string> = {}) {
    this.child = spawn("/usr/bin/python3", ["-c", PROGRAM], {
      env: { PATH: "/usr/bin:/bin", LC_ALL: "C", LANG: "C", PYTHONCOERCECLOCALE: "0", PYTHONUTF8: "0", PIP_CONFIG_FILE: "/dev/null", ...env },
    });
    createInterface({ input: this.child.stdout }).on("line", (line) => this.pending.shift()?.(line));
    let stderr = "";
    this.child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // A crash must fail the waiting test loudly, not leave it hanging.
    this.child.on("exit", (code) => {
      for (const p of this.pending.splice(0)) p(JSON.stringify({ error: `pip reader exited (${code}): ${stderr}` }));
    });
  }

  parse(text: string): Promise<PipParse> {
    return new Promise((resolve) => {
      this.pending.push((line) => {
        const r = JSON.parse(line) as PipParse;
        resolve("lines" in r ? { lines: r.lines.map((l) => ({ ...l, args: l.args.replace(/ +$/, "") })) } : r);
      });
      this.child.stdin.write(`${JSON.stringify({ text })}\n`);
    });
  }

  close(): void {
    this.child.stdin.end();
  }
}
