/**
 * Line diffs for `boxc build --check --diff`: Myers' O(ND) shortest edit script, printed as a
 * unified diff (`---`/`+++` headers, `@@ -a,b +c,d @@` hunks, 3 lines of context).
 */

export type Edit =
  | { readonly op: "same"; readonly a: number; readonly b: number }
  | { readonly op: "del"; readonly a: number }
  | { readonly op: "ins"; readonly b: number };

/** The shortest edit script turning `a` into `b`, in order. */
export function diffLines(a: readonly string[], b: readonly string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let done = false;
  for (let d = 0; d <= max && !done; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
  }
  // Walk the trace backwards from (n, m) to recover the path.
  const edits: Edit[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    let prevK: number;
    if (d === 0) prevK = 0;
    else prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      edits.push({ op: "same", a: x, b: y });
    }
    if (d === 0) break;
    if (x === prevX) edits.push({ op: "ins", b: --y });
    else edits.push({ op: "del", a: --x });
  }
  return edits.reverse();
}

/** Lines of a text for diffing; a missing final newline is kept visible like diff(1) does. */
function splitLines(text: string): { lines: string[]; noEol: boolean } {
  if (text === "") return { lines: [], noEol: false };
  const noEol = !text.endsWith("\n");
  const lines = (noEol ? text : text.slice(0, -1)).split("\n");
  return { lines, noEol };
}

/**
 * Unified diff of two texts, or "" when they are equal. `null` stands for a missing file
 * (shown as /dev/null, like git does).
 */
export function unifiedDiff(path: string, before: string | null, after: string | null, context = 3): string {
  if (before === after) return "";
  const A = splitLines(before ?? "");
  const B = splitLines(after ?? "");
  const a = A.noEol ? [...A.lines.slice(0, -1), `${A.lines.at(-1)}\n\\ No newline at end of file`] : A.lines;
  const b = B.noEol ? [...B.lines.slice(0, -1), `${B.lines.at(-1)}\n\\ No newline at end of file`] : B.lines;
  const edits = diffLines(a, b);
  const out = [`--- ${before === null ? "/dev/null" : `a/${path}`}`, `+++ ${after === null ? "/dev/null" : `b/${path}`}`];
  // Group changes whose context windows touch into hunks.
  const changed = edits.map((e, i) => (e.op === "same" ? -1 : i)).filter((i) => i >= 0);
  let h = 0;
  while (h < changed.length) {
    const start = Math.max(0, changed[h]! - context);
    let end = Math.min(edits.length, changed[h]! + context + 1);
    h++;
    while (h < changed.length && changed[h]! - context <= end) {
      end = Math.min(edits.length, changed[h]! + context + 1);
      h++;
    }
    const hunk = edits.slice(start, end);
    const aStart = firstIndex(edits, start, "a");
    const bStart = firstIndex(edits, start, "b");
    const aLen = hunk.filter((e) => e.op !== "ins").length;
    const bLen = hunk.filter((e) => e.op !== "del").length;
    out.push(`@@ -${range(aStart, aLen)} +${range(bStart, bLen)} @@`);
    for (const e of hunk) {
      if (e.op === "same") out.push(` ${a[e.a]}`);
      else if (e.op === "del") out.push(`-${a[e.a]}`);
      else out.push(`+${b[e.b]}`);
    }
  }
  return `${out.join("\n")}\n`;
}

/** 0-based index in file `side` where the hunk starting at edit `i` begins. */
function firstIndex(edits: readonly Edit[], i: number, side: "a" | "b"): number {
  let count = 0;
  for (let j = 0; j < i; j++) {
    const e = edits[j]!;
    if (side === "a" ? e.op !== "ins" : e.op !== "del") count++;
  }
  return count;
}

function range(start0: number, len: number): string {
  // diff(1) convention: an empty range names the line before it.
  const start = len === 0 ? start0 : start0 + 1;
  return len === 1 ? `${start}` : `${start},${len}`;
}
