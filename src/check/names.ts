/** DNS-label names: boxes, templates and targets become container, host and Kubernetes names. */

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function isDnsLabel(s: string): boolean {
  return DNS_LABEL.test(s);
}

/** A close valid label for a help line (lower case, `_` → `-`), or undefined. */
export function labelSuggestion(s: string): string | undefined {
  const t = s.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 63).replace(/-+$/, "");
  return isDnsLabel(t) ? t : undefined;
}

