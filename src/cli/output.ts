/**
 * One build's output, file by file: each file a target produces is planned against the folder
 * as it arrives and, when it must change, written at once to its temporary (write.ts). Nothing
 * is kept but paths, hashes, the staged temporaries and (for `--diff`) the drifted texts, so
 * memory does not grow with the size of the output.
 */
import type { EmittedFile } from "../../targets/_shared/api.ts";
import { timedWall } from "../perf/timings.ts";
import { readSnapshot } from "./disk.ts";
import { MANIFEST_PATH } from "./manifest.ts";
import { OutputPlanner, type OutputPlan, type PlanContext } from "./plan.ts";
import { StagedWriter, type Stamp, type WriteReport } from "./write.ts";

/** The most the scratch buffer grows to; a larger file gets bytes of its own, dropped after it. */
const SCRATCH_MAX = 1024 * 1024;

/** Encodes into one reused buffer: the bytes are compared, hashed and written, then dropped. */
class Utf8Scratch {
  private buf = Buffer.allocUnsafe(64 * 1024);

  /** `s` in UTF-8; valid until the next call. */
  encode(s: string): Uint8Array {
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8.
    if (s.length * 3 > this.buf.length) {
      const size = Buffer.byteLength(s, "utf8");
      // compose.yaml at 10,000 boxes is 13 MB: kept as scratch (and at 3 bytes a character) it
      // held 39 MB until the process ended.
      if (size > SCRATCH_MAX) return Buffer.from(s, "utf8");
      if (size > this.buf.length) this.buf = Buffer.allocUnsafe(Math.min(SCRATCH_MAX, Math.max(size, this.buf.length * 2)));
    }
    return this.buf.subarray(0, this.buf.write(s, 0, "utf8"));
  }
}

export interface OutputOptions {
  /** The output folder (absolute). */
  readonly dir: string;
  readonly plan: PlanContext;
  /** Stage changed files for `commit` (a build); false: plan only (`--check`, or a folder that cannot be written). */
  readonly write: boolean;
}

export class OutputSession {
  private readonly planner: OutputPlanner;
  private readonly writer: StagedWriter | null;
  private readonly scratch = new Utf8Scratch();

  constructor(o: OutputOptions) {
    const disk = readSnapshot(o.dir);
    this.planner = timedWall("plan", () => new OutputPlanner(o.plan, disk));
    this.writer = o.write && disk.root !== "symlink" && disk.root !== "other" ? new StagedWriter(o.dir, o.plan.dirLabel) : null;
  }

  /** Plans one produced file and stages it when it must change. */
  add(file: EmittedFile): void {
    const bytes = this.scratch.encode(file.content);
    const decision = timedWall("plan", () => this.planner.file(file.path, file.content, bytes));
    if (decision === "write" && this.writer) timedWall("write", () => this.writer!.stage(file.path, bytes));
  }

  /** After the last file: the whole plan (what was not produced, the manifest). */
  finish(): OutputPlan {
    return timedWall("plan", () => this.planner.finish());
  }

  /** Puts a good plan into place: stages the manifest, then renames everything and prunes. */
  commit(plan: OutputPlan): WriteReport {
    const writer = this.writer;
    if (!writer) throw new Error("commit: this output session does not write");
    return timedWall("write", () => {
      if (plan.manifest !== null) writer.stage(MANIFEST_PATH, Buffer.from(plan.manifest, "utf8"));
      return writer.commit(plan.writes, plan.deletes);
    });
  }

  /** What each file written by `commit` looked like when written (for the build cache). */
  get stamps(): ReadonlyMap<string, Stamp> {
    return this.writer?.stamps ?? new Map();
  }

  /** The build failed: no file changes, every temporary goes. */
  abort(): void {
    this.writer?.abort();
  }
}
