/**
 * `boxc build --watch`: build, then rebuild whenever a `.box` file in a folder of any loaded
 * source changes (debounced), printing one status line per rebuild. Ctrl-C ends it with 0.
 * Only `.box` names trigger a rebuild, so the build's own writes never retrigger it.
 */
import { watch, type FSWatcher } from "node:fs";
import { dirname } from "node:path";
import type { BuildOutcome } from "./build.ts";
import type { ExitCode, Io } from "./context.ts";

const DEBOUNCE_MS = 100;

export interface WatchDeps {
  readonly io: Io;
  readonly build: () => Promise<BuildOutcome>;
  /** Resolves when the user interrupts (SIGINT); injectable for tests. */
  readonly interrupted: Promise<void>;
}

export function sigint(): Promise<void> {
  return new Promise((resolve) => process.once("SIGINT", () => resolve()));
}

export async function runWatch(deps: WatchDeps): Promise<ExitCode> {
  const { io } = deps;
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let count = 0;

  let running: Promise<void> = Promise.resolve();
  const rebuild = () => (running = running.then(rebuildNow));
  const rebuildNow = async () => {
    const started = Date.now();
    let outcome: BuildOutcome;
    try {
      outcome = await deps.build();
    } catch (e) {
      // Keep watching: the next change may fix it. The message is short, like the CLI's.
      outcome = { code: 3, watched: [], summary: `internal error: ${e instanceof Error ? e.message : String(e)}` };
    }
    count++;
    const status = outcome.code === 0 ? "ok" : "failed";
    io.stderr(`[watch] build ${count} ${status}: ${outcome.summary} (${Date.now() - started} ms)\n`);
    if (outcome.watched.length > 0 || watchers.size === 0) sync(outcome.watched);
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(rebuild, DEBOUNCE_MS);
  };
  const sync = (files: readonly string[]) => {
    const folders = new Set(files.map((f) => dirname(f)));
    if (folders.size === 0) folders.add(io.cwd);
    for (const [f, w] of watchers) if (!folders.has(f)) (w.close(), watchers.delete(f));
    for (const f of folders) {
      if (watchers.has(f)) continue;
      try {
        const w = watch(f, (_event, name) => {
          // Sources and imports are .box files; `null` (unknown name) may be one of them.
          if (name === null || name.endsWith(".box")) schedule();
        });
        watchers.set(f, w);
      } catch {
        // a folder that vanished is picked up again once a build reads from it
      }
    }
  };

  await rebuild();
  io.stderr("[watch] watching for changes; press Ctrl-C to stop\n");
  await deps.interrupted;
  if (timer) clearTimeout(timer);
  await running;
  for (const w of watchers.values()) w.close();
  return 0;
}
