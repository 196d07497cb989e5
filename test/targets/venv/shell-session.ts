/**
 * One long-lived shell reading commands from stdin, so property tests can ask it thousands of
 * times (a process spawn costs ~30–300 ms on a loaded CI machine). Each request runs
 * `printf '%s\0' WORD...` and resolves with the fields the shell printed.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";

export class ShellSession {
  private child!: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private stderr = "";
  private waiting: { count: number; resolve: (fields: Buffer[]) => void; reject: (e: Error) => void } | null = null;

  private readonly shell: string;

  constructor(shell: string) {
    this.shell = shell;
    this.start();
  }

  private start(): void {
    const shell = this.shell;
    this.buffer = Buffer.alloc(0);
    this.stderr = "";
    const child = spawn(shell, ["-s"], { env: { PATH: "/usr/bin:/bin", HOME: "/nonexistent" } });
    this.child = child;
    child.stdout.on("data", (d: Buffer) => {
      if (this.child !== child) return;
      this.buffer = Buffer.concat([this.buffer, d]);
      this.settle();
    });
    child.stderr.on("data", (d: Buffer) => {
      if (this.child === child) this.stderr += d.toString();
    });
    child.on("exit", (code) => {
      if (this.child === child) this.waiting?.reject(new Error(`${shell} exited (${code}): ${this.stderr}`));
    });
  }

  /** A fresh shell: after a wrong answer the old one may still wait inside an open quote. */
  restart(): void {
    this.waiting = null;
    this.child.kill("SIGKILL");
    this.start();
  }

  private settle(): void {
    const w = this.waiting;
    if (!w) return;
    const fields: Buffer[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length && fields.length < w.count; i++) {
      if (this.buffer[i] === 0) {
        fields.push(this.buffer.subarray(start, i));
        start = i + 1;
      }
    }
    if (fields.length < w.count) return;
    this.buffer = this.buffer.subarray(start);
    this.waiting = null;
    w.resolve(fields);
  }

  /** The fields `printf '%s\0' WORDS` prints; rejects when the shell errs or stalls (a broken word). */
  printWords(words: readonly string[]): Promise<Buffer[]> {
    return this.run(`printf '%s\\0' ${words.join(" ")}\n`, words.length);
  }

  /** Runs `script` (complete lines) and resolves with the first `count` NUL-terminated fields it prints. */
  run(script: string, count: number): Promise<Buffer[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        reject(new Error(`no answer for: ${script}\nstderr: ${this.stderr}`));
      }, 3_000);
      this.waiting = {
        count,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.child.stdin.write(script);
    });
  }

  close(): void {
    this.child.stdin.end();
  }
}
