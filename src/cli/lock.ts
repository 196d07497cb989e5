/**
 * `DIR/.boxc.lock`: one build at a time per output folder. Created with O_EXCL and holding
 * the owner's pid; a lock whose process is gone is stale and taken over. A second build
 * waits for the first (up to `timeoutMs`), then reports BOX5005.
 */
import { openSync, closeSync, writeSync, readFileSync, unlinkSync, statSync, renameSync, linkSync } from "node:fs";
import { join } from "node:path";

export const LOCK_NAME = ".boxc.lock";

export type LockResult = { readonly ok: true; release(): void } | { readonly ok: false; readonly pid: string };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A lock file without a readable pid (a crash between create and write) is stale after this long. */
const UNREADABLE_STALE_MS = 5000;

/**
 * Removes a stale lock without racing another process that removes it too: the lock is moved
 * aside atomically (only one rename of a given file succeeds) and checked again once moved. If
 * what was moved is a live lock (another process replaced the stale one in between), it is put
 * back with link(), which fails rather than overwrite a lock created meanwhile.
 */
function takeOverStale(path: string): void {
  const aside = `${path}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // gone already: someone else took it over
  }
  if (!isStale(aside)) {
    try {
      linkSync(aside, path);
    } catch {
      // a third process created a lock meanwhile; it holds the folder now
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // nothing to clean
  }
}

function isStale(path: string): boolean {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return false; // vanished: the next attempt will tell
  }
  const pid = Number.parseInt(text, 10);
  if (Number.isInteger(pid) && pid > 0) return pid !== process.pid && !alive(pid);
  try {
    return Date.now() - statSync(path).mtimeMs > UNREADABLE_STALE_MS;
  } catch {
    return false;
  }
}

export function acquireLock(dir: string, timeoutMs: number): LockResult {
  const path = join(dir, LOCK_NAME);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(path, "wx", 0o644);
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      let released = false;
      return {
        ok: true,
        release() {
          if (released) return;
          released = true;
          try {
            unlinkSync(path);
          } catch {
            // already gone: nothing to release
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    if (isStale(path)) {
      takeOverStale(path);
      continue;
    }
    if (Date.now() >= deadline) {
      let pid = "unknown";
      try {
        pid = readFileSync(path, "utf8").trim() || pid;
      } catch {
        // released meanwhile; report it as busy anyway, the caller may retry
      }
      return { ok: false, pid };
    }
    sleep(25);
  }
}
