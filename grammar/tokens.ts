/**
 * Tokens of the `.box` language.
 *
 * Keywords are contextual: the lexer only knows `Identifier`, and `tokenize` re-tags an
 * identifier whose image is a keyword with that keyword's type. Every keyword type has the
 * category `AnyName`, so the parser may consume a keyword wherever a name is allowed (a
 * box may be called `cache` or even `run`). Re-tagging by a Map lookup keeps the lexer to one
 * pattern per first character, which is what makes it fast.
 *
 * Strings are scanned by hand-written matchers: they run in linear time whatever the input
 * (no backtracking regex over a string full of backslashes) and they also match an
 * unterminated string up to the end of its line, so the parser still sees a value and the
 * error is reported once, at the opening quote.
 */
import { createToken, Lexer, type IToken, type TokenType } from "chevrotain";

// Categories. The parser decides with one token of lookahead and no gates (gates are
// evaluated at every decision and cost a third of the parse time), so every set of tokens a
// decision needs is a category, tested by one table lookup.

/** Every token but `{` and `}`: what the skipper of an unknown statement swallows inside `{ }`. */
export const NotBrace = createToken({ name: "NotBrace", pattern: Lexer.NA });
/** Any name, keywords included: the name of a box, template, target kind, parameter. */
export const AnyName = createToken({ name: "AnyName", pattern: Lexer.NA, label: "a name" });
/**
 * A name that does not start a declaration: starts a statement (maybe an unknown one), is a
 * reference in value position, a key in a block. `box` there means the previous body lacks `}`.
 */
export const Word = createToken({ name: "Word", pattern: Lexer.NA, label: "a name" });
/** What recovery may skip inside a block: anything but braces and declaration keywords. */
export const Junk = createToken({ name: "Junk", pattern: Lexer.NA });

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED, line_breaks: true });

export const Comment = createToken({
  name: "Comment",
  pattern: /#[^\r\n]*|\/\/[^\r\n]*/,
  group: "comments",
  start_chars_hint: ["#", "/"],
});

/** `"""` up to the next `"""`, or to the end of the file when unterminated (payload: true). */
function matchTriple(text: string, offset: number): RegExpExecArray | null {
  if (text.charCodeAt(offset) !== 34 || text.charCodeAt(offset + 1) !== 34 || text.charCodeAt(offset + 2) !== 34) {
    return null;
  }
  const close = text.indexOf('"""', offset + 3);
  const end = close < 0 ? text.length : close + 3;
  return matchResult(text.slice(offset, end), close < 0);
}

/**
 * `"..."` where a backslash protects the next character; stops before a line break when the
 * closing quote is missing (payload: true). Escapes are checked later, when decoding.
 */
function matchString(text: string, offset: number): RegExpExecArray | null {
  if (text.charCodeAt(offset) !== 34) return null;
  const n = text.length;
  let i = offset + 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) return matchResult(text.slice(offset, i + 1), false);
    if (c === 10 || c === 13) break;
    if (c === 92) {
      const d = text.charCodeAt(i + 1);
      if (d === 10 || d === 13 || i + 1 >= n) {
        i++;
        break;
      }
      i += 2;
    } else i++;
  }
  return matchResult(text.slice(offset, Math.min(i, n)), true);
}

function matchResult(image: string, unterminated: boolean): RegExpExecArray {
  const m = [image] as unknown as RegExpExecArray & { payload?: unknown };
  // The lexer copies `payload` onto the token.
  m.payload = unterminated;
  return m;
}

export const TripleString = createToken({
  name: "TripleString",
  pattern: { exec: matchTriple },
  line_breaks: true,
  start_chars_hint: ['"'],
  categories: [NotBrace, Junk],
});

export const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: { exec: matchString },
  line_breaks: false,
  start_chars_hint: ['"'],
  categories: [NotBrace, Junk],
});

/**
 * A number with whatever letters follow it: `8080`, `24.04`, `512MiB`, `10s`, but also the
 * mistakes `10sec`, `1GB2` and `3.12.1`, so they are reported as one bad literal with a precise
 * message instead of two tokens and a confusing parse error.
 */
export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /[0-9]+(?:\.[0-9]+)*(?:[A-Za-z_][A-Za-z0-9_-]*)?/,
  categories: [NotBrace, Junk],
});

export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_][A-Za-z0-9_-]*/,
  categories: [NotBrace, Junk, AnyName, Word],
});

export const LBrace = createToken({ name: "LBrace", pattern: "{", label: "`{`" });
export const RBrace = createToken({ name: "RBrace", pattern: "}", label: "`}`" });
export const LBracket = createToken({ name: "LBracket", pattern: "[", label: "`[`", categories: [NotBrace, Junk] });
export const RBracket = createToken({ name: "RBracket", pattern: "]", label: "`]`", categories: [NotBrace, Junk] });
export const LParen = createToken({ name: "LParen", pattern: "(", label: "`(`", categories: [NotBrace, Junk] });
export const RParen = createToken({ name: "RParen", pattern: ")", label: "`)`", categories: [NotBrace, Junk] });
export const Comma = createToken({ name: "Comma", pattern: ",", label: "`,`", categories: [NotBrace, Junk] });
export const Equals = createToken({ name: "Equals", pattern: "=", label: "`=`", categories: [NotBrace, Junk] });

function keyword(word: string, declaration = false): TokenType {
  const name = `Kw_${word.replace(/-/g, "_")}`;
  const categories = declaration ? [AnyName, NotBrace] : [AnyName, Word, Junk, NotBrace];
  return createToken({ name, pattern: Lexer.NA, categories, label: `\`${word}\`` });
}

// Declarations.
export const Project = keyword("project", true);
export const Import = keyword("import", true);
export const Template = keyword("template", true);
export const Box = keyword("box", true);
export const Target = keyword("target", true);
export const Extends = keyword("extends");
// Values.
export const True = keyword("true");
export const False = keyword("false");
// Statements whose argument is a single value.
export const Os = keyword("os");
export const Python = keyword("python");
export const Workdir = keyword("workdir");
export const User = keyword("user");
export const AllowRoot = keyword("allow-root");
export const Image = keyword("image");
export const Restart = keyword("restart");
export const StopSignal = keyword("stop-signal");
export const Build = keyword("build");
export const Run = keyword("run");
// Other statements.
export const Pip = keyword("pip");
export const Apt = keyword("apt");
export const Copy = keyword("copy");
export const Env = keyword("env");
export const Secret = keyword("secret");
export const Expose = keyword("expose");
export const Health = keyword("health");
export const Resources = keyword("resources");
export const Connect = keyword("connect");
export const Volume = keyword("volume");
export const Publish = keyword("publish");
// Words inside statements.
export const Index = keyword("index");
export const ExtraIndex = keyword("extra-index");
export const Hash = keyword("hash");
export const To = keyword("to");
export const File = keyword("file");
export const Udp = keyword("udp");
export const Tcp = keyword("tcp");
export const Port = keyword("port");
export const At = keyword("at");
export const Size = keyword("size");
export const On = keyword("on");

export const KEYWORDS: readonly TokenType[] = [
  Project, Import, Template, Box, Extends, Target, True, False,
  Os, Python, Workdir, User, AllowRoot, Image, Restart, StopSignal, Build, Run,
  Pip, Apt, Copy, Env, Secret, Expose, Health, Resources, Connect, Volume, Publish,
  Index, ExtraIndex, Hash, To, File, Udp, Tcp, Port, At, Size, On,
];

/** Keyword spelling → token type. */
export const KEYWORD_BY_IMAGE: ReadonlyMap<string, TokenType> = new Map(
  KEYWORDS.map((t) => [String(t.LABEL).slice(1, -1), t]),
);

/** Order matters: triple-quoted strings before plain ones. */
const LEXED: TokenType[] = [
  WhiteSpace, Comment, TripleString, StringLiteral, NumberLiteral, Identifier,
  LBrace, RBrace, LBracket, RBracket, LParen, RParen, Comma, Equals,
];

/** Every token type the parser knows (lexed ones, keywords, categories). */
export const ALL_TOKENS: TokenType[] = [NotBrace, AnyName, Word, Junk, ...LEXED, ...KEYWORDS];

let lexer: Lexer | undefined;

function getLexer(): Lexer {
  lexer ??= new Lexer(LEXED, {
    positionTracking: "onlyOffset",
    ensureOptimizations: true,
    skipValidations: typeof __BOXC_BUNDLE__ !== "undefined",
  });
  return lexer;
}

export interface LexError {
  readonly offset: number;
  readonly length: number;
}

export interface Lexed {
  readonly tokens: IToken[];
  readonly comments: IToken[];
  readonly errors: LexError[];
}

export function tokenize(text: string): Lexed {
  const r = getLexer().tokenize(text);
  const tokens = r.tokens;
  const id = Identifier.tokenTypeIdx;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.tokenTypeIdx === id) {
      const kw = KEYWORD_BY_IMAGE.get(t.image);
      if (kw !== undefined) {
        t.tokenType = kw;
        t.tokenTypeIdx = kw.tokenTypeIdx!;
      }
    }
  }
  return {
    tokens,
    comments: (r.groups.comments as IToken[] | undefined) ?? [],
    errors: r.errors.map((e) => ({ offset: e.offset, length: e.length })),
  };
}
