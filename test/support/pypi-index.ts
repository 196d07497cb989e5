/**
 * A PEP 503 simple index over a folder of wheels, served on 127.0.0.1 by Python's http.server
 * in its own process (so tests may block in spawnSync while pip downloads).
 *   const index = await startIndex(dir);  // index.url = "http://127.0.0.1:PORT/simple"
 *   ...; await index.stop();
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { normalizeName } from "./wheels.ts";

export interface RunningIndex {
  /** The simple index root, for `pip --index-url` / a box's `index`. */
  readonly url: string;
  stop(): Promise<void>;
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Writes `dir/simple/index.html` and `dir/simple/<project>/index.html` for the wheels in `dir`. */
export function writeSimpleIndex(dir: string): void {
  const byProject = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".whl")).sort()) {
    const project = normalizeName(file.split("-")[0]!);
    byProject.set(project, [...(byProject.get(project) ?? []), file]);
  }
  const page = (title: string, links: string[]) =>
    `<!DOCTYPE html>\n<html><head><meta name="pypi:repository-version" content="1.0"><title>${escapeHtml(title)}</title></head><body>\n${links.join("\n")}\n</body></html>\n`;
  mkdirSync(join(dir, "simple"), { recursive: true });
  const projects = [...byProject.keys()].sort();
  writeFileSync(join(dir, "simple", "index.html"), page("Simple index", projects.map((p) => `<a href="${p}/">${p}</a>`)));
  for (const p of projects) {
    mkdirSync(join(dir, "simple", p), { recursive: true });
    const links = byProject.get(p)!.map((f) => {
      const sha = createHash("sha256").update(readFileSync(join(dir, f))).digest("hex");
      return `<a href="../../${encodeURIComponent(f)}#sha256=${sha}">${escapeHtml(f)}</a>`;
    });
    writeFileSync(join(dir, "simple", p, "index.html"), page(`Links for ${p}`, links));
  }
}

function python(): string {
  return existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

/**
 * Lays out the index for the wheels in `dir` and serves `dir` on 127.0.0.1, on `port` or,
 * by default, on a free one.
 */
export function startIndex(dir: string, port = 0): Promise<RunningIndex> {
  writeSimpleIndex(dir);
  const child = spawn(python(), ["-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory", dir, String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: "/usr/bin:/bin", LC_ALL: "C.UTF-8" },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the index server did not start on 127.0.0.1:${port}: ${out}`));
    }, 15_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /port (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout.off("data", onData);
        child.stdout.resume();
        child.stderr.resume();
        resolve({ url: `http://127.0.0.1:${m[1]}/simple`, stop });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      const busy = /Address already in use/.test(out) ? ` — port ${port} is taken; free it or use another port` : "";
      reject(new Error(`the index server exited (${code})${busy}:\n${out.trim()}`));
    });
  });
}
