/**
 * fast-check generators of syntactically valid `.box` files as token lists, laid out with
 * random whitespace, line breaks (LF or CRLF), blank lines and comments of both kinds.
 */
import fc from "fast-check";

/** Encodes a value as a `"..."` literal, escaping differently from the formatter on purpose. */
function literal(value: string, style: number): string {
  let out = '"';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += style % 2 ? "\\n" : "\\u{a}";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || /\p{Cf}|[\u2028\u2029]/u.test(ch)) out += `\\u{${cp.toString(16)}}`;
    else if (style % 3 === 0 && cp > 0x7f) out += `\\u{${cp.toString(16).toUpperCase()}}`;
    else out += ch;
  }
  return `${out}"`;
}

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/).filter((s) => !/^(project|import|template|box|target|extends|true|false)$/.test(s));
const envName = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,6}$/);

const stringValue = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.string({ unit: "grapheme", maxLength: 12 }), fc.nat(5)).map(([v, s]) => literal(v, s)) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ unit: "binary", maxLength: 8 }), fc.nat(5)).map(([v, s]) => literal(v, s)) },
  {
    weight: 1,
    // Triple-quoted: literal lines (no `"""`, no controls), random common indentation.
    arbitrary: fc
      .tuple(
        fc.array(fc.stringMatching(/^[ \ta-z$'"\\{}#/]{0,10}$/), { minLength: 1, maxLength: 4 }),
        fc.constantFrom("", "  ", "    ", "\t"),
        fc.boolean(),
        fc.boolean(),
      )
      .map(([lines, ind, lead, trail]) => lines.map((l) => l.replace(/"+$/, "x").replace(/"""/g, "x")))
      .chain((lines) =>
        fc.tuple(fc.constantFrom("", "  ", "    "), fc.boolean(), fc.boolean()).map(
          ([ind, lead, trail]) => `"""${lead ? "\n" : ""}${lines.map((l) => ind + l).join("\n")}${trail ? `\n${ind}` : ""}"""`,
        ),
      )
      .filter((s) => !s.slice(3, -3).includes('"""') && !s.slice(0, -3).endsWith('"')),
  },
);

const scalar = fc.oneof(
  stringValue,
  fc.nat(70000).map(String),
  fc.tuple(fc.nat(99), fc.nat(99)).map(([a, b]) => `${a}.${b}`),
  fc.tuple(fc.nat(4096), fc.constantFrom("B", "KB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB")).map(([n, u]) => `${n}${u}`),
  fc.tuple(fc.nat(600), fc.constantFrom("ms", "s", "m", "h")).map(([n, u]) => `${n}${u}`),
  fc.constantFrom("true", "false"),
  name,
);

const { value } = fc.letrec<{ value: string[] }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar.map((s) => [s]),
    fc
      .tuple(fc.array(tie("value"), { maxLength: 3 }), fc.boolean())
      .map(([items, trailing]) => ["[", ...items.flatMap((it, i) => (i > 0 ? [",", ...it] : it)), ...(trailing && items.length ? [","] : []), "]"]),
  ),
}));

const block = (kw: string, item: fc.Arbitrary<string[]>) =>
  fc.array(item, { maxLength: 4 }).map((items) => [kw, "{", ...items.flat(), "}"]);

const statement: fc.Arbitrary<string[]> = fc.oneof(
  fc
    .tuple(fc.constantFrom("os", "python", "workdir", "user", "allow-root", "image", "restart", "stop-signal", "build", "run"), value)
    .map(([k, v]) => [k, ...v]),
  block(
    "pip",
    fc.oneof(
      fc.tuple(fc.constantFrom("index", "extra-index"), stringValue).map(([k, v]) => [k, v]),
      fc.tuple(stringValue, fc.array(stringValue, { maxLength: 2 })).map(([r, hs]) => [r, ...hs.flatMap((h) => ["hash", h])]),
    ),
  ),
  block("apt", stringValue.map((s) => [s])),
  fc.tuple(stringValue, stringValue).map(([a, b]) => ["copy", a, "to", b]),
  block("env", fc.tuple(envName, value).map(([n, v]) => [n, "=", ...v])),
  fc.tuple(envName, fc.option(stringValue)).map(([n, f]) => ["secret", n, ...(f ? ["file", f] : [])]),
  fc.tuple(value, fc.option(fc.constantFrom("udp", "tcp"))).map(([p, u]) => ["expose", ...p, ...(u ? [u] : [])]),
  block(
    "health",
    fc.tuple(name, value, fc.option(value)).map(([k, v, p]) => [k, ...v, ...(p ? ["port", ...p] : [])]),
  ),
  block("resources", fc.tuple(name, value).map(([k, v]) => [k, ...v])),
  fc.tuple(name, fc.option(value)).map(([b, p]) => ["connect", b, ...(p ? ["port", ...p] : [])]),
  fc.tuple(value, value, fc.option(value)).map(([n, p, s]) => ["volume", ...n, "at", ...p, ...(s ? ["size", ...s] : [])]),
  fc.tuple(value, fc.option(value)).map(([p, h]) => ["publish", ...p, ...(h ? ["on", ...h] : [])]),
  // Unknown statements are kept verbatim.
  fc.tuple(fc.constantFrom("pyhton", "cpy", "helth"), fc.array(scalar.filter((s) => !/^[a-z]/.test(s)), { maxLength: 2 }), fc.boolean())
    .map(([k, args, blk]) => [k, ...args, ...(blk ? ["{", "a", "=", "1", "}"] : [])]),
);

const body = fc.array(statement, { maxLength: 6 }).map((ss) => ["{", ...ss.flat(), "}"]);

const args = (item: fc.Arbitrary<string[]>) =>
  fc.tuple(fc.array(item, { maxLength: 3 }), fc.boolean()).map(([items, trailing]) => [
    "(",
    ...items.flatMap((it, i) => (i > 0 ? [",", ...it] : it)),
    ...(trailing && items.length ? [","] : []),
    ")",
  ]);

const topStatement: fc.Arbitrary<string[]> = fc.oneof(
  stringValue.map((s) => ["project", s]),
  stringValue.map((s) => ["import", s]),
  fc
    .tuple(name, args(fc.tuple(name, fc.option(value)).map(([n, v]) => (v ? [n, "=", ...v] : [n]))), body)
    .map(([n, a, b]) => ["template", n, ...a, ...b]),
  fc
    .tuple(name, fc.option(fc.tuple(name, fc.option(args(fc.tuple(name, value).map(([n, v]) => [n, "=", ...v]))))), body)
    .map(([n, ext, b]) => ["box", n, ...(ext ? ["extends", ext[0], ...(ext[1] ?? [])] : []), ...b]),
  fc
    .tuple(name, fc.option(stringValue), fc.option(fc.array(fc.tuple(name, value).map(([k, v]) => [k, ...v]), { maxLength: 3 })))
    .map(([k, n, opts]) => ["target", k, ...(n ? [n] : []), ...(opts ? ["{", ...opts.flat(), "}"] : [])]),
);

const separator = fc.oneof(
  { weight: 8, arbitrary: fc.constant(" ") },
  { weight: 4, arbitrary: fc.constant("\n") },
  { weight: 1, arbitrary: fc.constant("\n\n\n") },
  { weight: 1, arbitrary: fc.constant("\r\n  ") },
  { weight: 1, arbitrary: fc.constant("\t") },
  { weight: 1, arbitrary: fc.stringMatching(/^[ a-z{}#"]{0,8}$/).map((c) => ` # ${c}\n`) },
  { weight: 1, arbitrary: fc.stringMatching(/^[ a-z]{0,8}$/).map((c) => `\n// ${c}\n\n`) },
);

/** A whole file: declarations, each token followed by a random separator. */
export const boxFile: fc.Arbitrary<string> = fc
  .tuple(fc.array(topStatement, { maxLength: 5 }), fc.array(separator, { minLength: 200, maxLength: 200 }), fc.boolean())
  .map(([decls, seps, bom]) => {
    const toks = decls.flat();
    let i = 0;
    return (bom ? "\uFEFF" : "") + toks.map((t) => t + seps[i++ % seps.length]!).join("");
  });
