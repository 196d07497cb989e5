import type { Diagnostic } from "../diagnostics/types.ts";

/**
 * Collects syntax diagnostics up to a bound and counts the rest without building them: a
 * string of a million bad escapes must not cost a million diagnostic objects.
 */
export class DiagSink {
  readonly list: Diagnostic[] = [];
  dropped = 0;
  readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  add(make: () => Diagnostic): void {
    if (this.list.length < this.limit) this.list.push(make());
    else this.dropped++;
  }
}
