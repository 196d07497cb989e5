import { readFileSync, readdirSync, realpathSync, statSync } from "node:fs";
import type { Host } from "../source/host.ts";

export const nodeHost: Host = {
  readFile(path) {
    try {
      return readFileSync(path);
    } catch {
      return undefined;
    }
  },
  stat(path) {
    try {
      const s = statSync(path);
      return s.isFile() ? "file" : s.isDirectory() ? "dir" : undefined;
    } catch {
      return undefined;
    }
  },
  realpath(path) {
    try {
      return realpathSync.native(path);
    } catch {
      return undefined;
    }
  },
  readDir(path) {
    try {
      return readdirSync(path).sort();
    } catch {
      return undefined;
    }
  },
};
