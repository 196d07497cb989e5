/**
 * Kubernetes expands `$(VAR)` references in a container's `env[].value`, `command`, `args`
 * and exec probe commands (k8s.io/kubernetes third_party/forked/golang/expansion). Its rules,
 * byte by byte: `$$` → `$`; `$(NAME)` → the value of NAME when defined, else left as is;
 * `$` followed by anything else, or at the end, stays. So a `$` needs doubling exactly where
 * the expander would consume it: before another `$` or before `(`. Every other `$` is left
 * alone, which keeps `$HOME`-style values readable in the manifest.
 */
export function escapeK8sExpansion(value: string): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    const next = value[i + 1];
    out += ch === "$" && (next === "$" || next === "(") ? "$$" : ch;
  }
  return out;
}
