/**
 * The `.box` grammar as a Chevrotain CstParser (pure: no actions; src/ast/build.ts turns the
 * CST into the typed AST). One instance, built lazily and reused: building it runs the
 * grammar analysis, which is far more expensive than parsing a file.
 *
 * Children are labelled (`name`, `value`, `key`, ...) so the AST builder does not depend on
 * token type names. grammar/README.md holds the same grammar as EBNF.
 */
import { CstParser, type CstNode, type IToken } from "chevrotain";
import * as T from "./tokens.ts";
import { messageProvider } from "./messages.ts";

export class BoxParser extends CstParser {
  file!: () => CstNode;
  value!: () => CstNode;

  constructor() {
    super(T.ALL_TOKENS, {
      recoveryEnabled: true,
      maxLookahead: 1,
      errorMessageProvider: messageProvider,
      skipValidations: typeof __BOXC_BUNDLE__ !== "undefined",
    });
    const $ = this;
    // Inside a block, a token that cannot start an item is consumed as `junk` (reported once
    // per run by src/ast/parse.ts): the block and the rest of the file keep parsing. A
    // declaration keyword is neither an item nor junk, so it ends a body that lacks its `}`.
    const items = (item: () => void) =>
      $.MANY(() =>
        $.OR([
          { ALT: item },
          { ALT: () => $.CONSUME(T.Junk, { LABEL: "junk" }), IGNORE_AMBIGUITIES: true },
        ]),
      );

    // ─── values ────────────────────────────────────────────────────────────
    const value = $.RULE("value", () => {
      $.OR([
        { ALT: () => $.CONSUME(T.StringLiteral, { LABEL: "string" }) },
        { ALT: () => $.CONSUME(T.TripleString, { LABEL: "string" }) },
        { ALT: () => $.CONSUME(T.NumberLiteral, { LABEL: "number" }) },
        { ALT: () => $.CONSUME(T.True, { LABEL: "bool" }) },
        { ALT: () => $.CONSUME(T.False, { LABEL: "bool" }) },
        { ALT: () => $.SUBRULE(list, { LABEL: "list" }) },
        // A declaration keyword is never a reference: `os` followed by `box` lacks its value.
        { ALT: () => $.CONSUME(T.Word, { LABEL: "ref" }), IGNORE_AMBIGUITIES: true },
      ]);
    });
    this.value = value;

    const list = $.RULE("list", () => {
      $.CONSUME(T.LBracket, { LABEL: "open" });
      $.OPTION(() => {
        $.SUBRULE(value, { LABEL: "item" });
        $.MANY({
          GATE: () => $.LA(2).tokenType !== T.RBracket,
          DEF: () => {
            $.CONSUME(T.Comma);
            $.SUBRULE2(value, { LABEL: "item" });
          },
        });
        $.OPTION2(() => $.CONSUME2(T.Comma));
      });
      $.CONSUME(T.RBracket, { LABEL: "close" });
    });

    // ─── top level ─────────────────────────────────────────────────────────
    // Tokens that start no declaration are consumed as `stray` (reported once per run by
    // src/ast/parse.ts) so that everything after them still parses.
    this.file = $.RULE("file", () => {
      $.MANY(() =>
        $.OR([
          { ALT: () => $.SUBRULE(projectDecl, { LABEL: "statement" }) },
          { ALT: () => $.SUBRULE(importDecl, { LABEL: "statement" }) },
          { ALT: () => $.SUBRULE(templateDecl, { LABEL: "statement" }) },
          { ALT: () => $.SUBRULE(boxDecl, { LABEL: "statement" }) },
          { ALT: () => $.SUBRULE(targetDecl, { LABEL: "statement" }) },
          { ALT: () => $.CONSUME(T.Junk, { LABEL: "stray" }), IGNORE_AMBIGUITIES: true },
          { ALT: () => $.CONSUME(T.LBrace, { LABEL: "stray" }) },
          { ALT: () => $.CONSUME(T.RBrace, { LABEL: "stray" }) },
        ]),
      );
    });

    const projectDecl = $.RULE("projectDecl", () => {
      $.CONSUME(T.Project, { LABEL: "keyword" });
      $.SUBRULE(value, { LABEL: "value" });
    });

    const importDecl = $.RULE("importDecl", () => {
      $.CONSUME(T.Import, { LABEL: "keyword" });
      $.SUBRULE(value, { LABEL: "value" });
    });

    const templateDecl = $.RULE("templateDecl", () => {
      $.CONSUME(T.Template, { LABEL: "keyword" });
      $.CONSUME(T.AnyName, { LABEL: "name" });
      $.CONSUME(T.LParen, { LABEL: "open" });
      $.OPTION(() => {
        $.SUBRULE(param, { LABEL: "param" });
        $.MANY({
          GATE: () => $.LA(2).tokenType !== T.RParen,
          DEF: () => {
            $.CONSUME(T.Comma);
            $.SUBRULE2(param, { LABEL: "param" });
          },
        });
        $.OPTION2(() => $.CONSUME2(T.Comma));
      });
      $.CONSUME(T.RParen, { LABEL: "close" });
      $.SUBRULE(body, { LABEL: "body" });
    });

    const param = $.RULE("param", () => {
      $.CONSUME(T.AnyName, { LABEL: "name" });
      $.OPTION(() => {
        $.CONSUME(T.Equals);
        $.SUBRULE(value, { LABEL: "value" });
      });
    });

    const boxDecl = $.RULE("boxDecl", () => {
      $.CONSUME(T.Box, { LABEL: "keyword" });
      $.CONSUME(T.AnyName, { LABEL: "name" });
      $.OPTION(() => $.SUBRULE(extendsClause, { LABEL: "extends" }));
      $.SUBRULE(body, { LABEL: "body" });
    });

    const extendsClause = $.RULE("extendsClause", () => {
      $.CONSUME(T.Extends, { LABEL: "keyword" });
      $.CONSUME(T.AnyName, { LABEL: "name" });
      $.OPTION(() => {
        $.CONSUME(T.LParen, { LABEL: "open" });
        $.OPTION2(() => {
          $.SUBRULE(arg, { LABEL: "arg" });
          $.MANY({
            GATE: () => $.LA(2).tokenType !== T.RParen,
            DEF: () => {
              $.CONSUME(T.Comma);
              $.SUBRULE2(arg, { LABEL: "arg" });
            },
          });
          $.OPTION3(() => $.CONSUME2(T.Comma));
        });
        $.CONSUME(T.RParen, { LABEL: "close" });
      });
    });

    const arg = $.RULE("arg", () => {
      $.CONSUME(T.AnyName, { LABEL: "name" });
      $.CONSUME(T.Equals);
      $.SUBRULE(value, { LABEL: "value" });
    });

    const targetDecl = $.RULE("targetDecl", () => {
      $.CONSUME(T.Target, { LABEL: "keyword" });
      $.CONSUME(T.AnyName, { LABEL: "kind" });
      $.OPTION(() =>
        $.OR2([
          { ALT: () => $.CONSUME(T.StringLiteral, { LABEL: "name" }) },
          { ALT: () => $.CONSUME(T.TripleString, { LABEL: "name" }) },
        ]),
      );
      $.OPTION2(() => {
        $.CONSUME(T.LBrace, { LABEL: "open" });
        items(() => { $.SUBRULE(targetOption, { LABEL: "option" }); });
        $.CONSUME(T.RBrace, { LABEL: "close" });
      });
    });

    const targetOption = $.RULE("targetOption", () => {
      $.CONSUME(T.Word, { LABEL: "name" });
      $.SUBRULE(value, { LABEL: "value" });
    });

    // ─── box body ──────────────────────────────────────────────────────────
    // Statements are sub-rules of `body` itself, all labelled `statement` so their order is
    // kept: a separate `statement` rule would cost one CST node per statement for nothing.
    const body = $.RULE("body", () => {
      $.CONSUME(T.LBrace, { LABEL: "open" });
      items(() => {
        $.OR2([
          { ALT: () => $.SUBRULE(scalarStatement, { LABEL: "statement" }) },
          { ALT: () => $.SUBRULE(pipStatement, { LABEL: "statement" }) },
          { ALT: () => $.SUBRULE(aptStatement, { LABEL: "statement" }) },
          { ALT: () => $.SUBRULE(copyStatement, { LABEL: "statement" }) },
          { ALT: () => $.SUBRULE(envStatement, { LABEL: "statement" }) },
          { ALT: () => $.SUBRULE(secretStatement, { LABEL: "statement" }) },
          { ALT: () => $.SUBRULE(exposeStatement, { LABEL: "statement" }) },
          { ALT: () => $.SUBRULE(healthStatement, { LABEL: "statement" }) },
          { ALT: () => $.SUBRULE(resourcesStatement, { LABEL: "statement" }) },
          { ALT: () => $.SUBRULE(connectStatement, { LABEL: "statement" }) },
          { ALT: () => $.SUBRULE(volumeStatement, { LABEL: "statement" }) },
          { ALT: () => $.SUBRULE(publishStatement, { LABEL: "statement" }) },
          { ALT: () => $.SUBRULE(unknownStatement, { LABEL: "statement" }), IGNORE_AMBIGUITIES: true },
        ]);
      });
      $.CONSUME(T.RBrace, { LABEL: "close" });
    });

    const scalarStatement = $.RULE("scalarStatement", () => {
      $.OR([
        { ALT: () => $.CONSUME(T.Os, { LABEL: "keyword" }) },
        { ALT: () => $.CONSUME(T.Python, { LABEL: "keyword" }) },
        { ALT: () => $.CONSUME(T.Workdir, { LABEL: "keyword" }) },
        { ALT: () => $.CONSUME(T.User, { LABEL: "keyword" }) },
        { ALT: () => $.CONSUME(T.AllowRoot, { LABEL: "keyword" }) },
        { ALT: () => $.CONSUME(T.Image, { LABEL: "keyword" }) },
        { ALT: () => $.CONSUME(T.Restart, { LABEL: "keyword" }) },
        { ALT: () => $.CONSUME(T.StopSignal, { LABEL: "keyword" }) },
        { ALT: () => $.CONSUME(T.Build, { LABEL: "keyword" }) },
        { ALT: () => $.CONSUME(T.Run, { LABEL: "keyword" }) },
      ]);
      $.SUBRULE(value, { LABEL: "value" });
    });

    const pipStatement = $.RULE("pipStatement", () => {
      $.CONSUME(T.Pip, { LABEL: "keyword" });
      $.CONSUME(T.LBrace, { LABEL: "open" });
      items(() => { $.SUBRULE(pipItem, { LABEL: "item" }); });
      $.CONSUME(T.RBrace, { LABEL: "close" });
    });

    const pipItem = $.RULE("pipItem", () => {
      $.OR([
        {
          ALT: () => {
            $.CONSUME(T.Index, { LABEL: "index" });
            $.SUBRULE(value, { LABEL: "value" });
          },
        },
        {
          ALT: () => {
            $.CONSUME(T.ExtraIndex, { LABEL: "extraIndex" });
            $.SUBRULE2(value, { LABEL: "value" });
          },
        },
        {
          ALT: () => {
            $.SUBRULE3(value, { LABEL: "value" });
            $.MANY(() => {
              $.CONSUME(T.Hash);
              $.SUBRULE4(value, { LABEL: "hash" });
            });
          },
          IGNORE_AMBIGUITIES: true,
        },
      ]);
    });

    const aptStatement = $.RULE("aptStatement", () => {
      $.CONSUME(T.Apt, { LABEL: "keyword" });
      $.CONSUME(T.LBrace, { LABEL: "open" });
      items(() => { $.SUBRULE(value, { LABEL: "value" }); });
      $.CONSUME(T.RBrace, { LABEL: "close" });
    });

    const copyStatement = $.RULE("copyStatement", () => {
      $.CONSUME(T.Copy, { LABEL: "keyword" });
      $.SUBRULE(value, { LABEL: "source" });
      $.CONSUME(T.To);
      $.SUBRULE2(value, { LABEL: "dest" });
    });

    const envStatement = $.RULE("envStatement", () => {
      $.CONSUME(T.Env, { LABEL: "keyword" });
      $.CONSUME(T.LBrace, { LABEL: "open" });
      items(() => { $.SUBRULE(envEntry, { LABEL: "entry" }); });
      $.CONSUME(T.RBrace, { LABEL: "close" });
    });

    const envEntry = $.RULE("envEntry", () => {
      $.CONSUME(T.AnyName, { LABEL: "name" });
      $.CONSUME(T.Equals);
      $.SUBRULE(value, { LABEL: "value" });
    });

    const secretStatement = $.RULE("secretStatement", () => {
      $.CONSUME(T.Secret, { LABEL: "keyword" });
      $.CONSUME(T.AnyName, { LABEL: "name" });
      $.OPTION(() => {
        $.CONSUME(T.File);
        $.SUBRULE(value, { LABEL: "file" });
      });
    });

    const exposeStatement = $.RULE("exposeStatement", () => {
      $.CONSUME(T.Expose, { LABEL: "keyword" });
      $.SUBRULE(value, { LABEL: "port" });
      $.OPTION(() =>
        $.OR([
          { ALT: () => $.CONSUME(T.Udp, { LABEL: "protocol" }) },
          { ALT: () => $.CONSUME(T.Tcp, { LABEL: "protocol" }) },
        ]),
      );
    });

    const healthStatement = $.RULE("healthStatement", () => {
      $.CONSUME(T.Health, { LABEL: "keyword" });
      $.CONSUME(T.LBrace, { LABEL: "open" });
      items(() => { $.SUBRULE(healthEntry, { LABEL: "entry" }); });
      $.CONSUME(T.RBrace, { LABEL: "close" });
    });

    const healthEntry = $.RULE("healthEntry", () => {
      $.CONSUME(T.Word, { LABEL: "key" });
      $.SUBRULE(value, { LABEL: "value" });
      $.OPTION(() => {
        $.CONSUME(T.Port);
        $.SUBRULE2(value, { LABEL: "port" });
      });
    });

    const resourcesStatement = $.RULE("resourcesStatement", () => {
      $.CONSUME(T.Resources, { LABEL: "keyword" });
      $.CONSUME(T.LBrace, { LABEL: "open" });
      items(() => { $.SUBRULE(resourceEntry, { LABEL: "entry" }); });
      $.CONSUME(T.RBrace, { LABEL: "close" });
    });

    const resourceEntry = $.RULE("resourceEntry", () => {
      $.CONSUME(T.Word, { LABEL: "key" });
      $.SUBRULE(value, { LABEL: "value" });
    });

    const connectStatement = $.RULE("connectStatement", () => {
      $.CONSUME(T.Connect, { LABEL: "keyword" });
      $.CONSUME(T.AnyName, { LABEL: "box" });
      $.OPTION(() => {
        $.CONSUME(T.Port);
        $.SUBRULE(value, { LABEL: "port" });
      });
    });

    const volumeStatement = $.RULE("volumeStatement", () => {
      $.CONSUME(T.Volume, { LABEL: "keyword" });
      $.SUBRULE(value, { LABEL: "name" });
      $.CONSUME(T.At);
      $.SUBRULE2(value, { LABEL: "path" });
      $.OPTION(() => {
        $.CONSUME(T.Size);
        $.SUBRULE3(value, { LABEL: "size" });
      });
    });

    const publishStatement = $.RULE("publishStatement", () => {
      $.CONSUME(T.Publish, { LABEL: "keyword" });
      $.SUBRULE(value, { LABEL: "port" });
      $.OPTION(() => {
        $.CONSUME(T.On);
        $.SUBRULE2(value, { LABEL: "hostPort" });
      });
    });

    /**
     * A word that is no statement: keep its name and swallow its arguments (values other than
     * names, the connecting words of real statements, and one `{ }` block) so the checker can
     * suggest the statement that was meant and the rest of the body still parses.
     */
    const unknownStatement = $.RULE("unknownStatement", () => {
      $.CONSUME(T.Word, { LABEL: "name" });
      $.MANY(() => $.SUBRULE(unknownArg, { LABEL: "arg" }));
      $.OPTION(() => $.SUBRULE(skippedBlock, { LABEL: "block" }));
    });

    const unknownArg = $.RULE("unknownArg", () => {
      $.OR([
        { ALT: () => $.CONSUME(T.StringLiteral, { LABEL: "token" }) },
        { ALT: () => $.CONSUME(T.TripleString, { LABEL: "token" }) },
        { ALT: () => $.CONSUME(T.NumberLiteral, { LABEL: "token" }) },
        { ALT: () => $.CONSUME(T.True, { LABEL: "token" }) },
        { ALT: () => $.CONSUME(T.False, { LABEL: "token" }) },
        { ALT: () => $.CONSUME(T.To, { LABEL: "token" }) },
        { ALT: () => $.CONSUME(T.At, { LABEL: "token" }) },
        { ALT: () => $.CONSUME(T.On, { LABEL: "token" }) },
        { ALT: () => $.CONSUME(T.Port, { LABEL: "token" }) },
        { ALT: () => $.CONSUME(T.File, { LABEL: "token" }) },
        { ALT: () => $.CONSUME(T.Size, { LABEL: "token" }) },
        { ALT: () => $.CONSUME(T.Udp, { LABEL: "token" }) },
        { ALT: () => $.CONSUME(T.Tcp, { LABEL: "token" }) },
        { ALT: () => $.CONSUME(T.Hash, { LABEL: "token" }) },
        { ALT: () => $.CONSUME(T.Equals, { LABEL: "token" }) },
        { ALT: () => $.CONSUME(T.Comma, { LABEL: "token" }) },
        { ALT: () => $.SUBRULE(list, { LABEL: "list" }) },
      ]);
    });

    const skippedBlock = $.RULE("skippedBlock", () => {
      $.CONSUME(T.LBrace, { LABEL: "open" });
      $.MANY(() =>
        $.OR([
          { ALT: () => $.SUBRULE(skippedBlock, { LABEL: "block" }) },
          { ALT: () => $.CONSUME(T.NotBrace, { LABEL: "token" }) },
        ]),
      );
      $.CONSUME(T.RBrace, { LABEL: "close" });
    });

    this.performSelfAnalysis();
  }
}

let instance: BoxParser | undefined;

/** The shared parser; set `input` before calling a rule, read `errors` after. */
export function getParser(): BoxParser {
  instance ??= new BoxParser();
  return instance;
}

/** Parses a token vector into the CST of a whole file. */
export function parseTokens(tokens: IToken[]): { cst: CstNode; errors: BoxParser["errors"] } {
  const p = getParser();
  p.input = tokens;
  const cst = p.file();
  return { cst, errors: p.errors };
}
