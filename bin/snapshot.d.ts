// Types of bin/snapshot.js (plain JavaScript: it also runs as `postinstall`, where there is no TypeScript).
export declare const ENTRY: string;
export declare const BLOB: string;
export declare const ENV: string;
/** Builds dist/boxc.blob with this Node and records the binary in dist/snapshot.env; throws on failure. */
export declare function buildSnapshot(dist: string): void;
