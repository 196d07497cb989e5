/**
 * The compiler's only window on the file system. The CLI passes a Node implementation
 * (src/host/node.ts); tests pass an in-memory one. Paths are absolute, platform-native.
 */
export interface Host {
  /** File bytes, or undefined when missing or not a file. */
  readFile(path: string): Uint8Array | undefined;
  /** Kind of the entry after following symlinks, or undefined when missing. */
  stat(path: string): "file" | "dir" | undefined;
  /** Canonical path with every symlink resolved, or undefined when missing. */
  realpath(path: string): string | undefined;
  /** Sorted entry names of a folder (used to list a copied folder's contents), or undefined. */
  readDir(path: string): string[] | undefined;
}

/** An in-memory host for tests: `files` maps absolute POSIX paths to text or bytes. */
export function memoryHost(files: Readonly<Record<string, string | Uint8Array>>): Host {
  const enc = new TextEncoder();
  const norm = (p: string) => p.replace(/\/+$/, "") || "/";
  const isDir = (p: string) => {
    const prefix = norm(p) === "/" ? "/" : `${norm(p)}/`;
    return Object.keys(files).some((f) => f.startsWith(prefix));
  };
  return {
    readFile(p) {
      const v = files[norm(p)];
      return v === undefined ? undefined : typeof v === "string" ? enc.encode(v) : v;
    },
    stat(p) {
      return Object.hasOwn(files, norm(p)) ? "file" : isDir(p) ? "dir" : undefined;
    },
    realpath(p) {
      return this.stat(p) ? norm(p) : undefined;
    },
    readDir(p) {
      if (!isDir(p)) return undefined;
      const prefix = norm(p) === "/" ? "/" : `${norm(p)}/`;
      const names = new Set<string>();
      for (const f of Object.keys(files)) if (f.startsWith(prefix)) names.add(f.slice(prefix.length).split("/")[0]!);
      return [...names].sort();
    },
  };
}
