/**
 * Chevrotain error message provider. Chevrotain exceptions carry only a message string, so the
 * provider writes a small JSON record (what was expected, in which rule) that src/ast/parse.ts
 * reads back to pick a diagnostic code, related spans and help: the wording of every message
 * lives in the diagnostics table, not here.
 */
import type { IParserErrorMessageProvider, IToken, TokenType } from "chevrotain";

export interface SyntaxErrorInfo {
  readonly kind: "mismatch" | "no-viable-alt" | "early-exit" | "not-all-input";
  readonly rule: string;
  /** Labels (`\`}\``, `string`, ...) of the tokens that would have been accepted. */
  readonly expected: readonly string[];
  /** Token type names of the same, for classification (`RBrace`, ...). */
  readonly expectedNames: readonly string[];
}

const NAMES: Readonly<Record<string, string>> = {
  StringLiteral: "a string",
  TripleString: "a string",
  NumberLiteral: "a number",
  Identifier: "a name",
  AnyName: "a name",
  Word: "a name",
};

/** How a token type is named in "expected ..." messages. */
export function describeType(t: TokenType): string {
  return NAMES[t.name] ?? (t.LABEL !== undefined ? t.LABEL : `\`${t.name}\``);
}

/** How a found token is named in messages: its text in backticks, or "end of file". */
export function describeToken(t: IToken | undefined): string {
  if (t === undefined || t.tokenType === undefined || t.tokenType.name === "EOF") return "end of file";
  const kind = t.tokenType.name;
  let image = t.image;
  if (image.length > 40) image = `${image.slice(0, 37)}...`;
  if (kind === "StringLiteral" || kind === "TripleString") return `string ${quoteImage(image)}`;
  if (kind === "NumberLiteral") return `number ${quoteImage(image)}`;
  return quoteImage(image);
}

function quoteImage(image: string): string {
  const oneLine = image.replace(/\r?\n/g, "\\n");
  return oneLine.includes("`") ? `\`\` ${oneLine} \`\`` : `\`${oneLine}\``;
}

/** `a`, `a or b`, `a, b or c` (duplicates removed, order kept). */
export function alternatives(items: readonly string[]): string {
  const uniq = [...new Set(items)];
  if (uniq.length <= 1) return uniq[0] ?? "something else";
  return `${uniq.slice(0, -1).join(", ")} or ${uniq[uniq.length - 1]}`;
}

function record(info: SyntaxErrorInfo): string {
  return JSON.stringify(info);
}

function firstTokens(paths: readonly (readonly TokenType[])[]): TokenType[] {
  const out: TokenType[] = [];
  for (const p of paths) if (p[0] !== undefined) out.push(p[0]);
  return out;
}

export const messageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, ruleName }) {
    return record({ kind: "mismatch", rule: ruleName, expected: [describeType(expected)], expectedNames: [expected.name] });
  },
  buildNotAllInputParsedMessage({ ruleName }) {
    return record({ kind: "not-all-input", rule: ruleName, expected: ["a declaration"], expectedNames: [] });
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, ruleName }) {
    const types = firstTokens(expectedPathsPerAlt.flat());
    return record({
      kind: "no-viable-alt",
      rule: ruleName,
      expected: types.map(describeType),
      expectedNames: types.map((t) => t.name),
    });
  },
  buildEarlyExitMessage({ expectedIterationPaths, ruleName }) {
    const types = firstTokens(expectedIterationPaths);
    return record({
      kind: "early-exit",
      rule: ruleName,
      expected: types.map(describeType),
      expectedNames: types.map((t) => t.name),
    });
  },
};

export function readErrorInfo(message: string): SyntaxErrorInfo | undefined {
  try {
    return JSON.parse(message) as SyntaxErrorInfo;
  } catch {
    return undefined;
  }
}
