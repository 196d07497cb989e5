/**
 * An independent model of Docker's word processing (moby/buildkit frontend/dockerfile/shell/lex.go),
 * used by tests to read ENV/LABEL values back the way the builder will. Any unescaped `$`
 * counts as an expansion, which boxc must never produce.
 */
export function dockerWordValue(raw: string): { value: string; expands: boolean } {
  let value = "";
  let expands = false;
  let i = 0;
  const chars = [...raw];
  while (i < chars.length) {
    const ch = chars[i]!;
    if (ch === "\\") {
      // Unquoted: a backslash escapes any next character; a final one is dropped.
      if (i + 1 < chars.length) value += chars[i + 1];
      i += 2;
    } else if (ch === "'") {
      const end = chars.indexOf("'", i + 1);
      if (end < 0) throw new Error("unterminated single quote");
      value += chars.slice(i + 1, end).join("");
      i = end + 1;
    } else if (ch === '"') {
      i++;
      for (;;) {
        if (i >= chars.length) throw new Error("unterminated double quote");
        const c = chars[i]!;
        if (c === '"') {
          i++;
          break;
        }
        if (c === "$") {
          expands = true;
          value += c;
          i++;
        } else if (c === "\\" && i + 1 < chars.length && ['"', "$", "\\"].includes(chars[i + 1]!)) {
          value += chars[i + 1];
          i += 2;
        } else {
          value += c;
          i++;
        }
      }
    } else {
      if (ch === "$") expands = true;
      value += ch;
      i++;
    }
  }
  return { value, expands };
}
