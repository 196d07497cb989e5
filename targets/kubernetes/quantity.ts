/**
 * Canonical Kubernetes quantities, so the manifest reads as an operator would write it and
 * equals what the API server would print back.
 */

/** CPU from thousandths: 1500 → `1500m`, 2000 → `2`. */
export function cpuQuantity(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

const BINARY = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"] as const;
const DECIMAL = ["k", "M", "G", "T", "P", "E"] as const;

/** Bytes with the largest exact suffix, binary first (`1Gi`), then decimal (`500M`), else plain bytes. */
export function byteQuantity(bytes: number): string {
  for (const [base, units] of [[1024, BINARY], [1000, DECIMAL]] as const) {
    let best: string | null = null;
    let scaled = bytes;
    for (const unit of units) {
      if (scaled % base !== 0 || scaled === 0) break;
      scaled /= base;
      best = `${scaled}${unit}`;
    }
    if (best !== null) return best;
  }
  return String(bytes);
}
