/**
 * Deterministic tiny wheels for tests that install packages without PyPI. A wheel is a zip
 * (entries STORED, fixed 1980-01-01 timestamps, fixed order) holding one module and its
 * `.dist-info` (METADATA, WHEEL, RECORD), so the same spec always gives the same bytes and
 * the same sha256 — which is what `--require-hashes` tests need.
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";

export interface WheelSpec {
  /** Project name as published (`demo-lib`). */
  readonly name: string;
  readonly version: string;
  /** `Requires-Dist` values (`dep==1.0`, `fastlib==2.0; extra == "fast"`). */
  readonly requires?: readonly string[];
  /** `Provides-Extra` names. */
  readonly extras?: readonly string[];
}

export interface BuiltWheel {
  readonly name: string;
  readonly version: string;
  /** File name inside the folder (`demo_lib-1.0-py3-none-any.whl`). */
  readonly file: string;
  /** `sha256:<hex>` of the file, as requirement hashes are written. */
  readonly sha256: string;
}

/** PEP 503 normalized project name. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

const distName = (name: string) => normalizeName(name).replace(/-/g, "_");

/** A zip archive of STORED entries with fixed DOS timestamps (1980-01-01 00:00). */
export function zipStored(entries: readonly { readonly path: string; readonly data: Buffer }[]): Buffer {
  const DOS_TIME = 0;
  const DOS_DATE = (0 << 9) | (1 << 5) | 1;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.path, "utf8");
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // STORED
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, e.data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0314, 4); // made by: unix, 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // -rw-r--r--
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const b64url = (data: Buffer) => createHash("sha256").update(data).digest("base64url");

/** The wheel's bytes and file name; the module `<dist>` records its own version. */
export function wheelBytes(spec: WheelSpec): { file: string; data: Buffer } {
  const dist = distName(spec.name);
  const info = `${dist}-${spec.version}.dist-info`;
  const metadata = [
    "Metadata-Version: 2.1",
    `Name: ${spec.name}`,
    `Version: ${spec.version}`,
    ...(spec.extras ?? []).map((e) => `Provides-Extra: ${e}`),
    ...(spec.requires ?? []).map((r) => `Requires-Dist: ${r}`),
    "",
  ].join("\n");
  const wheel = ["Wheel-Version: 1.0", "Generator: boxc-test", "Root-Is-Purelib: true", "Tag: py3-none-any", ""].join("\n");
  const files = [
    { path: `${dist}/__init__.py`, data: Buffer.from(`__version__ = ${JSON.stringify(spec.version)}\n`) },
    { path: `${info}/METADATA`, data: Buffer.from(metadata) },
    { path: `${info}/WHEEL`, data: Buffer.from(wheel) },
  ];
  const record = [...files.map((f) => `${f.path},sha256=${b64url(f.data)},${f.data.length}`), `${info}/RECORD,,`, ""].join("\n");
  files.push({ path: `${info}/RECORD`, data: Buffer.from(record) });
  return { file: `${dist}-${spec.version}-py3-none-any.whl`, data: zipStored(files) };
}

/** Writes the wheels into `dir` (created if needed). */
export function buildWheels(dir: string, specs: readonly WheelSpec[]): BuiltWheel[] {
  mkdirSync(dir, { recursive: true });
  return specs.map((spec) => {
    const { file, data } = wheelBytes(spec);
    writeFileSync(join(dir, file), data);
    return { name: spec.name, version: spec.version, file, sha256: `sha256:${createHash("sha256").update(data).digest("hex")}` };
  });
}
