/**
 * A Host that answers each `stat`, `realpath` and `readDir` question once. Large projects ask
 * the same ones over and over (fifty boxes copying `./app` each stat, resolve and walk it, and
 * every copy resolves the project root again); one compile sees one file system, so the first
 * answer stands for the rest of it. File contents are not kept: `readFile` passes through, so
 * source bytes do not outlive their parse.
 */
import type { Host } from "../source/host.ts";

function memo<T>(ask: (path: string) => T): (path: string) => T {
  const known = new Map<string, T>();
  return (path) => {
    if (known.has(path)) return known.get(path) as T;
    const answer = ask(path);
    known.set(path, answer);
    return answer;
  };
}

/** Wraps `host` for the duration of one compile. */
export function memoizeQueries(host: Host): Host {
  const readDir = memo((p) => host.readDir(p));
  return {
    readFile: (p) => host.readFile(p),
    stat: memo((p) => host.stat(p)),
    realpath: memo((p) => host.realpath(p)),
    // A fresh array each time: callers own what they are given.
    readDir: (p) => readDir(p)?.slice(),
  };
}
