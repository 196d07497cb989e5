/**
 * The suite's package index: tiny standard-library wheels laid out as a PEP 503 simple index
 * and served by Python's http.server on the exact address the e2e box declares (`index "…"`
 * in test/e2e/project/e2e.box), so builds, the host venv and the VM container all reach it
 * through 127.0.0.1 (`--network=host`).
 */
import { buildWheels, type BuiltWheel, type WheelSpec } from "../support/wheels.ts";
import { startIndex } from "../support/pypi-index.ts";

/**
 * What the e2e box pins, plus `demo-lib 1.1`: a version that exists on the index, so the
 * negative test can break a pin into something pip really installs.
 */
export const E2E_WHEELS: readonly WheelSpec[] = [
  { name: "demo-lib", version: "1.0", extras: ["fast"], requires: ["dep-one==2.0", 'speedup==0.5; extra == "fast"'] },
  { name: "demo-lib", version: "1.1", extras: ["fast"], requires: ["dep-one==2.0", 'speedup==0.5; extra == "fast"'] },
  { name: "dep-one", version: "2.0" },
  { name: "speedup", version: "0.5" },
];

export interface ServedIndex {
  readonly url: string;
  readonly wheels: readonly BuiltWheel[];
  stop(): Promise<void>;
}

/** `http://127.0.0.1:PORT/simple` → PORT; the suite serves only loopback addresses. */
export function loopbackPort(url: string): number {
  const u = new URL(url);
  if (u.protocol !== "http:" || u.hostname !== "127.0.0.1" || u.port === "")
    throw new Error(`the e2e box must declare its index as http://127.0.0.1:PORT/…, not ${url}`);
  return Number(u.port);
}

/** Builds the wheels into `dir` and serves `dir` on the port of `url`. */
export async function serveIndex(dir: string, url: string): Promise<ServedIndex> {
  const port = loopbackPort(url);
  const wheels = buildWheels(dir, E2E_WHEELS);
  const index = await startIndex(dir, port);
  return { url, wheels, stop: index.stop };
}
