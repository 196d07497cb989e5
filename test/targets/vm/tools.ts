/** Real-tool helpers for the vm tests: temp folders and the validators REAL-TOOLS.md lists. */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `boxc-vm-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function writeTree(root: string, files: readonly { path: string; content: string }[]): void {
  for (const f of files) {
    const p = join(root, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.content);
  }
}

export function run(cmd: string, args: readonly string[], opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { encoding: "utf8", cwd: opts.cwd, input: opts.input, env: opts.env ?? process.env, timeout: opts.timeout ?? 120_000 });
  if (r.error) throw new Error(`${cmd} could not run: ${r.error.message}`);
  return r;
}

/** Packer with its state and plugin folders inside the temp dir (no writes to $HOME, no checkpoint calls). */
export function packer(args: readonly string[], cwd: string, input?: string): SpawnSyncReturns<string> {
  return run("packer", args, {
    cwd,
    input,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", PACKER_CONFIG_DIR: join(cwd, ".packer.d"), PACKER_CACHE_DIR: join(cwd, ".packer_cache"), NO_COLOR: "1" },
  });
}
