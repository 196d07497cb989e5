/**
 * Compose interpolation escaping. Compose (v1 and v2) expands `$VAR`, `${VAR}` and `${VAR:-x}`
 * in every string value of compose.yaml, and reads `$$` as one literal `$`. Doubling every `$`
 * is the whole escape: no other character is special to interpolation. YAML quoting is the
 * serializer's job (targets/_shared/yaml.ts).
 */
export function composeLiteral(value: string): string {
  return value.replaceAll("$", "$$$$");
}
