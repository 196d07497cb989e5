/**
 * A decoder for HCL quoted template strings (hashicorp/hcl hclsyntax: "Template Expressions"),
 * for tests: escapes `\n \r \t \" \\ \uNNNN \UNNNNNNNN`, `$${` and `%%{` for literal `${`
 * and `%{`; every `${…}` interpolation and `%{…}` directive is kept as written and listed in
 * `expands`. Checked against the real `packer validate` in test/hostile/values.test.ts.
 */
export function hclDecode(literal: string): { value: string; expands: string[] } {
  const chars = [...literal];
  if (chars[0] !== '"') throw new Error("not a quoted HCL string");
  let value = "";
  const expands: string[] = [];
  let i = 1;
  for (;;) {
    const c = chars[i];
    if (c === undefined || c === "\n") throw new Error("unterminated HCL string");
    if (c === '"') break;
    if (c === "\\") {
      const e = chars[i + 1];
      const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };
      if (e !== undefined && e in simple) {
        value += simple[e];
        i += 2;
      } else if (e === "u" || e === "U") {
        const n = e === "u" ? 4 : 8;
        const hex = chars.slice(i + 2, i + 2 + n).join("");
        if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new Error(`bad \\${e} escape`);
        value += String.fromCodePoint(parseInt(hex, 16));
        i += 2 + n;
      } else throw new Error(`invalid HCL escape \\${e}`);
    } else if ((c === "$" || c === "%") && chars[i + 1] === c && chars[i + 2] === "{") {
      value += `${c}{`;
      i += 3;
    } else if ((c === "$" || c === "%") && chars[i + 1] === "{") {
      let depth = 0;
      let j = i + 1;
      for (; j < chars.length; j++) {
        if (chars[j] === "{") depth++;
        else if (chars[j] === "}" && --depth === 0) break;
      }
      if (j >= chars.length) throw new Error("unterminated HCL interpolation");
      const seq = chars.slice(i, j + 1).join("");
      expands.push(seq);
      value += seq;
      i = j + 1;
    } else {
      value += c;
      i++;
    }
  }
  if (chars.slice(i + 1).join("").trim() !== "") throw new Error("text after the HCL string");
  return { value, expands };
}
