/**
 * Encoders for Packer HCL2 templates. A value passes two interpreters there: HCL's quoted
 * template syntax (escapes, `${…}` interpolation, `%{…}` directives) and, for most builder
 * and provisioner fields, Packer's Go text/template pass over the decoded string (`{{…}}`
 * actions such as `{{timestamp}}`). Both must see only literal text.
 */

/** Body of an HCL quoted string (without the quotes) that decodes to exactly `s`. */
export function hclStringBody(s: string): string {
  let out = "";
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const next = chars[i + 1];
    const c = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    // `$${` and `%%{` are HCL's own escapes for a literal `${` / `%{`.
    else if ((ch === "$" || ch === "%") && next === "{") out += ch + ch;
    else if (c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f) || c === 0x2028 || c === 0x2029)
      out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return out;
}

/** A complete HCL quoted string literal for `s`. */
export function hclString(s: string): string {
  return `"${hclStringBody(s)}"`;
}

/**
 * Text that Go's text/template renders back to exactly `s`: every `{{` becomes the action
 * `{{"{{"}}`, which prints a literal `{{`. A lone `}}` is already plain text for Go.
 */
export function goTemplateLiteral(s: string): string {
  return s.replace(/\{\{/g, '{{"{{"}}');
}

/** An HCL string for a field Packer renders once with Go templates (tags, region, ami_name). */
export function packerString(s: string): string {
  return hclString(goTemplateLiteral(s));
}

/** True when Packer's Go template pass would see an action in `s` (before encoding). */
export function hasGoTemplateAction(s: string): boolean {
  return s.includes("{{");
}

/**
 * HCL normalizes every string to Unicode NFC while parsing, so a value in another form
 * would reach Packer changed: such values cannot be carried and must be refused.
 */
export function hclCarries(s: string): boolean {
  return s === s.normalize("NFC");
}
