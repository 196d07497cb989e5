// Builds boxc's V8 start-up snapshot: dist/boxc.blob from the bundled entry dist/snapshot.cjs
// (src/cli/snapshot.ts), and dist/snapshot.env, which tells bin/boxc which Node binary built
// it. A blob runs only on the exact Node binary that built it (another one exits 14 with
// "Failed to load the startup snapshot"), so the launcher runs it with that binary or not at
// all. Called by scripts/build.ts (`npm run build`, `prepare`, `npm test`, `npm run bench`) and,
// as a script, by `postinstall`, so an installed package gets a blob of the Node that installed
// it (the published tarball carries none: see "files" in package.json).
import { spawnSync } from "node:child_process";
import { existsSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The file names in dist/; bin/boxc reads the same names. */
export const ENTRY = "snapshot.cjs";
export const BLOB = "boxc.blob";
export const ENV = "snapshot.env";

/** A POSIX sh single-quoted word. */
const shQuote = (s) => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * Builds the blob with the Node running this and records that binary. Files are written
 * beside and renamed into place; the old env file goes first and the new one comes last, so a
 * boxc started meanwhile runs either a complete blob with the binary that built it, or (with
 * no env file) the plain bundle.
 * @param {string} dist the package's dist/ folder
 */
export function buildSnapshot(dist) {
  // The bundle targets Node 22 and the launcher runs the blob without bin/boxc.js's check.
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 22) throw new Error(`the start-up snapshot needs Node.js >= 22 (this is ${process.versions.node})`);
  const entry = join(dist, ENTRY);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
  const binary = realpathSync(process.execPath);
  const tmp = `.tmp-${process.pid}`;
  const blob = join(dist, BLOB);
  const env = join(dist, ENV);
  const config = join(dist, `snapshot-config.json${tmp}`);
  try {
    // No code cache for Node's own modules: the ones boxc uses are loaded (compiled) in the
    // snapshot already, and without it the blob is half the size (less to read per start).
    writeFileSync(config, JSON.stringify({ builder: entry, withoutCodeCache: true }));
    // NODE_OPTIONS is the user's setting for their programs: the blob must not depend on it.
    const environment = { ...process.env };
    delete environment.NODE_OPTIONS;
    const r = spawnSync(binary, ["--snapshot-blob", blob + tmp, "--build-snapshot-config", config], {
      cwd: dist,
      env: environment,
      stdio: ["ignore", "inherit", "pipe"],
      encoding: "utf8",
    });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`\`node --build-snapshot-config\` (builder ${ENTRY}) exited ${r.status ?? r.signal}:\n${r.stderr}`);
    writeFileSync(env + tmp, `# Written by bin/snapshot.js: the Node binary that built ${BLOB}, the only one that can run it.\nboxc_node=${shQuote(binary)}\n`);
    rmSync(env, { force: true });
    renameSync(blob + tmp, blob);
    renameSync(env + tmp, env);
  } finally {
    for (const f of [config, blob + tmp, env + tmp]) rmSync(f, { force: true });
  }
}

// As a script (`postinstall`): build the blob for the Node installing the package, once the
// package is built (in a fresh clone, `prepare` builds it after this). A failure only costs
// speed (bin/boxc falls back to the plain bundle), so it is reported and the install goes on.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = fileURLToPath(new URL("../dist/", import.meta.url));
  if (existsSync(join(dist, ENTRY))) {
    try {
      buildSnapshot(dist);
    } catch (e) {
      // Any previous blob stays usable: its env file still names the binary that built it.
      console.warn(`boxc: no start-up snapshot, boxc starts slower: ${e instanceof Error ? e.message : e}`);
    }
  }
}
