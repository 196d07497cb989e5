/**
 * Reads whole files into one reused buffer. A build reads every output file once to compare
 * it (and the build cache reads back any file it cannot vouch for by its stamp): a fresh Buffer
 * per file would leave hundreds of megabytes to the GC at 10,000 boxes.
 */
import { closeSync, openSync, readSync } from "node:fs";

export class ScratchReader {
  private buf: Buffer;

  constructor(initialBytes = 256 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** The file's bytes, valid until the next call. Throws what `open` throws (ENOENT, ...). */
  read(abs: string): Buffer {
    const fd = openSync(abs, "r");
    try {
      let size = 0;
      for (;;) {
        if (size === this.buf.length) {
          const bigger = Buffer.allocUnsafe(this.buf.length * 2);
          this.buf.copy(bigger, 0, 0, size);
          this.buf = bigger;
        }
        const n = readSync(fd, this.buf, size, this.buf.length - size, null);
        if (n === 0) return this.buf.subarray(0, size);
        size += n;
      }
    } finally {
      closeSync(fd);
    }
  }
}
