/**
 * A build's IR and origins, out of the compile result: rendering releases them, so that from
 * the last file rendered on nothing keeps them (tens of MB in a large project) through the
 * commit and the build record. Held in a field, not a variable: a function's variables live
 * as long as its call, and `runBuild`'s lasts to the end of the build.
 */
import type { Origins } from "../compile.ts";
import type { ProjectIR } from "../ir/types.ts";
import type { Compiled } from "./context.ts";

export class Lowered {
  #ir: ProjectIR | null;
  #origins: Origins | null;

  private constructor(ir: ProjectIR, origins: Origins) {
    this.#ir = ir;
    this.#origins = origins;
  }

  /** Takes the IR out of `compiled` (which no longer holds it); null when compiling failed. */
  static take(compiled: Compiled): Lowered | null {
    const result = compiled.result;
    compiled.result = null;
    return result?.ir ? new Lowered(result.ir, result.origins) : null;
  }

  get ir(): ProjectIR {
    if (this.#ir === null) throw new Error("the IR was used after rendering released it");
    return this.#ir;
  }

  /** The IR and its origins, for the one rendering; this holder keeps neither after. */
  release(): [ProjectIR, Origins] {
    const taken: [ProjectIR, Origins] = [this.ir, this.#origins!];
    this.#ir = this.#origins = null;
    return taken;
  }
}
