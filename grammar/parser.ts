/**
 * The `.box` grammar as a Chevrotain EmbeddedActionsParser. The grammar knows nothing of the
 * AST: each rule fills a small *frame* (its labelled parts: tokens, and what its sub-rules
 * returned) and hands it to the matching method of an `Actions` object (src/ast/build.ts),
 * whose result is the rule's result. So the AST is built while parsing, bottom-up, without a
 * CST and without a second walk (a CST and its walk were most of the parse time and garbage).
 *
 * Error recovery keeps what the CST gave: when a rule fails and recovery re-synchronizes in
 * it, the rule still returns its actions' result over the partial frame (the parts parsed
 * before the error), exactly like Chevrotain's partial CST node. Recovery can insert tokens
 * (NaN offsets) and leave parts missing: the actions must tolerate both.
 *
 * One instance, built lazily and reused: building it runs the grammar analysis, which is far
 * more expensive than parsing a file. grammar/README.md holds the same grammar as EBNF.
 */
import { EmbeddedActionsParser, isRecognitionException, type IRecognitionException, type IToken, type ParserMethod } from "chevrotain";
import * as T from "./tokens.ts";
import { messageProvider } from "./messages.ts";

/** What a sub-rule returned: opaque to the grammar, known to the actions that made it. */
export type Part = unknown;

// Frames: one per rule invocation, fields named like the parts of the grammar. Any field may
// be missing after an error; a token may be one that recovery inserted (offset NaN).
export interface FileFrame { readonly statements: Part[]; readonly stray: IToken[] }
export interface ValueDeclFrame { keyword?: IToken; value?: Part }
export interface TemplateFrame { keyword?: IToken; name?: IToken; readonly params: Part[]; body?: Part }
export interface NameValueFrame { name?: IToken; value?: Part }
export interface BoxFrame { keyword?: IToken; name?: IToken; extends?: Part; body?: Part }
export interface ExtendsFrame { keyword?: IToken; name?: IToken; open?: IToken; readonly args: Part[]; close?: IToken }
export interface TargetFrame {
  keyword?: IToken;
  kind?: IToken;
  name?: IToken;
  open?: IToken;
  readonly options: Part[];
  readonly junk: IToken[];
  close?: IToken;
}
/** A `{ ... }` block: a body (items are statements) or a statement's block. */
export interface BlockFrame { keyword?: IToken; open?: IToken; readonly items: Part[]; readonly junk: IToken[]; close?: IToken }
export interface KeywordValueFrame { keyword?: IToken; value?: Part }
export interface PipItemFrame { index?: IToken; value?: Part; readonly hashes: Part[] }
export interface CopyFrame { keyword?: IToken; source?: Part; dest?: Part }
export interface SecretFrame { keyword?: IToken; name?: IToken; file?: Part }
export interface ExposeFrame { keyword?: IToken; port?: Part; protocol?: IToken }
export interface HealthEntryFrame { key?: IToken; value?: Part; port?: Part }
export interface ConnectFrame { keyword?: IToken; box?: IToken; port?: Part }
export interface VolumeFrame { keyword?: IToken; name?: Part; path?: Part; size?: Part }
export interface PublishFrame { keyword?: IToken; port?: Part; hostPort?: Part }
export interface ListFrame { open?: IToken; readonly items: Part[]; close?: IToken }
/** `end`: end offset of the last real token of the statement (0 when none). */
export interface UnknownFrame { name?: IToken; end: number }

/** Turns frames into results; `undefined` drops the node (its essential parts are missing). */
export interface Actions {
  /** A literal, boolean or reference token in value position. */
  token(t: IToken): Part;
  list(f: ListFrame): Part;
  file(f: FileFrame): Part;
  project(f: ValueDeclFrame): Part;
  import(f: ValueDeclFrame): Part;
  template(f: TemplateFrame): Part;
  param(f: NameValueFrame): Part;
  box(f: BoxFrame): Part;
  extends(f: ExtendsFrame): Part;
  arg(f: NameValueFrame): Part;
  target(f: TargetFrame): Part;
  targetOption(f: NameValueFrame): Part;
  body(f: BlockFrame): Part;
  scalar(f: KeywordValueFrame): Part;
  pip(f: BlockFrame): Part;
  pipItem(f: PipItemFrame): Part;
  apt(f: BlockFrame): Part;
  copy(f: CopyFrame): Part;
  env(f: BlockFrame): Part;
  envEntry(f: NameValueFrame): Part;
  secret(f: SecretFrame): Part;
  expose(f: ExposeFrame): Part;
  health(f: BlockFrame): Part;
  healthEntry(f: HealthEntryFrame): Part;
  resources(f: BlockFrame): Part;
  resourceEntry(f: NameValueFrame): Part;
  connect(f: ConnectFrame): Part;
  volume(f: VolumeFrame): Part;
  publish(f: PublishFrame): Part;
  unknown(f: UnknownFrame): Part;
}

/** False for the tokens recovery inserts: their offsets are NaN or -1, never a position. */
export function real(t: IToken | undefined): t is IToken {
  return t !== undefined && t.startOffset >= 0;
}

/**
 * A recognition exception on its way up: `partial` finishes the frame of the innermost rule
 * it left (set by that rule, read by the rule that called it or by recovery).
 */
interface Unwinding {
  partial?: () => Part;
}
const endOf = (t: IToken): number => t.startOffset + t.image.length;
type SubRule = ParserMethod<[], Part>;

export class BoxParser extends EmbeddedActionsParser {
  readonly file: () => Part;
  /** False while Chevrotain records the grammar (rules then run with fake tokens): no actions. */
  #ready = false;
  /** End of the last real token consumed by `value` or `list` (for unknown statements). */
  #lastValueEnd = 0;

  constructor(actions: Actions) {
    super(T.ALL_TOKENS, {
      recoveryEnabled: true,
      maxLookahead: 1,
      errorMessageProvider: messageProvider,
      skipValidations: typeof __BOXC_BUNDLE__ !== "undefined",
    });
    const $ = this;

    /**
     * A rule that fills a fresh frame and returns `finish(frame)`. When it fails, the
     * exception carries the partial frame: recovery in this rule returns it finished
     * (`recoveryValueFunc`), and otherwise the calling rule keeps it as that part (`sub`),
     * as Chevrotain does with partial CST nodes.
     */
    const rule = <F>(name: string, frame: () => F, body: (f: F) => void, finish: (f: F) => Part) =>
      $.RULE(
        name,
        (): Part => {
          const f = frame();
          try {
            body(f);
          } catch (e) {
            if (isRecognitionException(e as Error)) (e as Unwinding).partial = () => finish(f);
            throw e;
          }
          return $.#ready ? finish(f) : undefined;
        },
        { recoveryValueFunc: (e) => (e as Unwinding).partial?.() },
      );
    /** The partial result a failed sub-rule left on exception `e`, taken off it: the caller keeps it. */
    const takePartial = (e: unknown): (() => Part) | undefined => {
      if (!isRecognitionException(e as Error)) return undefined;
      const partial = (e as Unwinding).partial;
      (e as Unwinding).partial = undefined;
      return partial;
    };
    /** Calls a sub-rule and gives its result, even a partial one when it fails, to `take`. */
    const sub = <R>(call: () => R, take: (r: R) => void): void => {
      try {
        take(call());
      } catch (e) {
        const partial = takePartial(e);
        if (partial !== undefined) take(partial() as R);
        throw e;
      }
    };
    // The two cases of `sub` nearly every rule needs, without the two closures per call that
    // `sub` costs (with the alternatives built per call, below, they were 90 of the 330 MB that
    // parsing the 10,000-box benchmark allocated): `$.subrule(idx, r)` is `$.SUBRULE<idx>(r)`.
    /** `f[key]` = sub-rule `r`'s result, even a partial one. */
    const set = <F>(f: F, key: keyof F, idx: number, r: SubRule): void => {
      try {
        f[key] = $.subrule(idx, r) as F[keyof F];
      } catch (e) {
        const partial = takePartial(e);
        if (partial !== undefined) f[key] = partial() as F[keyof F];
        throw e;
      }
    };
    /** Appends sub-rule `r`'s result, even a partial one, to `list`. */
    const push = (list: Part[], idx: number, r: SubRule): void => {
      try {
        list.push($.subrule(idx, r));
      } catch (e) {
        const partial = takePartial(e);
        if (partial !== undefined) list.push(partial());
        throw e;
      }
    };

    // Inside a block, a token that cannot start an item is consumed as junk (reported once
    // per run by src/ast/parse.ts): the block and the rest of the file keep parsing. A
    // declaration keyword is neither an item nor junk, so it ends a body that lacks its `}`.
    // The alternatives are built once, not per item (they were the parser's largest garbage):
    // they act on the innermost block being parsed, which `items` sets and restores.
    let blockJunk: IToken[] = [];
    let blockItem: () => void = () => undefined;
    const itemAlts = [
      { ALT: () => blockItem() },
      { ALT: () => { blockJunk.push($.CONSUME(T.Junk)); }, IGNORE_AMBIGUITIES: true },
    ];
    const itemOrJunk = () => $.OR(itemAlts);
    const items = (f: { readonly junk: IToken[] }, item: () => void) => {
      const outerJunk = blockJunk;
      const outerItem = blockItem;
      blockJunk = f.junk;
      blockItem = item;
      try {
        $.MANY(itemOrJunk);
      } finally {
        blockJunk = outerJunk;
        blockItem = outerItem;
      }
    };
    const block = <F extends BlockFrame>(f: F, kw: typeof T.Pip, item: SubRule) => {
      f.keyword = $.CONSUME(kw);
      f.open = $.CONSUME(T.LBrace);
      items(f, () => push(f.items, 0, item));
      f.close = $.CONSUME(T.RBrace);
    };
    const newBlock = (): BlockFrame => ({ items: [], junk: [] });

    // ─── values ────────────────────────────────────────────────────────────
    const literal = (t: IToken): Part => {
      if (real(t)) $.#lastValueEnd = endOf(t);
      return $.#ready ? actions.token(t) : undefined;
    };
    // Alternatives that capture no frame are built once, not at every call (these are the
    // hottest decisions: every value, every statement).
    const valueAlts = [
      { ALT: () => literal($.CONSUME(T.StringLiteral)) },
      { ALT: () => literal($.CONSUME(T.TripleString)) },
      { ALT: () => literal($.CONSUME(T.NumberLiteral)) },
      { ALT: () => literal($.CONSUME(T.True)) },
      { ALT: () => literal($.CONSUME(T.False)) },
      { ALT: () => $.SUBRULE(list) },
      // A declaration keyword is never a reference: `os` followed by `box` lacks its value.
      { ALT: () => literal($.CONSUME(T.Word)), IGNORE_AMBIGUITIES: true },
    ];
    const value = $.RULE(
      "value",
      (): Part => $.OR(valueAlts),
      // A failed list leaves its partial on the exception (see `rule`): the value is that list.
      { recoveryValueFunc: (e) => (e as Unwinding).partial?.() },
    );

    const seen = (t: IToken): IToken => {
      if (real(t)) $.#lastValueEnd = endOf(t);
      return t;
    };
    const list = rule(
      "list",
      (): ListFrame => ({ items: [] }),
      (f) => {
        f.open = seen($.CONSUME(T.LBracket));
        $.OPTION(() => {
          push(f.items, 0, value);
          $.MANY({
            GATE: () => $.LA(2).tokenType !== T.RBracket,
            DEF: () => {
              seen($.CONSUME(T.Comma));
              push(f.items, 2, value);
            },
          });
          $.OPTION2(() => seen($.CONSUME2(T.Comma)));
        });
        f.close = seen($.CONSUME(T.RBracket));
      },
      (f) => actions.list(f),
    );

    // ─── top level ─────────────────────────────────────────────────────────
    // Tokens that start no declaration are consumed as `stray` (reported once per run by
    // src/ast/parse.ts) so that everything after them still parses.
    // Built once, acting on the frame of the file being parsed (the rule is never nested).
    let top: FileFrame | undefined;
    const topAlts = [
      { ALT: () => { push(top!.statements, 0, projectDecl); } },
      { ALT: () => { push(top!.statements, 0, importDecl); } },
      { ALT: () => { push(top!.statements, 0, templateDecl); } },
      { ALT: () => { push(top!.statements, 0, boxDecl); } },
      { ALT: () => { push(top!.statements, 0, targetDecl); } },
      { ALT: () => { top!.stray.push($.CONSUME(T.Junk)); }, IGNORE_AMBIGUITIES: true },
      { ALT: () => { top!.stray.push($.CONSUME(T.LBrace)); } },
      { ALT: () => { top!.stray.push($.CONSUME(T.RBrace)); } },
    ];
    const topStatement = () => $.OR(topAlts);
    this.file = rule(
      "file",
      (): FileFrame => ({ statements: [], stray: [] }),
      (f) => {
        top = f;
        try {
          $.MANY(topStatement);
        } finally {
          top = undefined;
        }
      },
      (f) => actions.file(f),
    );

    const projectDecl = rule(
      "projectDecl",
      (): ValueDeclFrame => ({}),
      (f) => {
        f.keyword = $.CONSUME(T.Project);
        set(f, "value", 0, value);
      },
      (f) => actions.project(f),
    );

    const importDecl = rule(
      "importDecl",
      (): ValueDeclFrame => ({}),
      (f) => {
        f.keyword = $.CONSUME(T.Import);
        set(f, "value", 0, value);
      },
      (f) => actions.import(f),
    );

    const templateDecl = rule(
      "templateDecl",
      (): TemplateFrame => ({ params: [] }),
      (f) => {
        f.keyword = $.CONSUME(T.Template);
        f.name = $.CONSUME(T.AnyName);
        $.CONSUME(T.LParen);
        $.OPTION(() => {
          push(f.params, 0, param);
          $.MANY({
            GATE: () => $.LA(2).tokenType !== T.RParen,
            DEF: () => {
              $.CONSUME(T.Comma);
              push(f.params, 2, param);
            },
          });
          $.OPTION2(() => $.CONSUME2(T.Comma));
        });
        $.CONSUME(T.RParen);
        set(f, "body", 0, body);
      },
      (f) => actions.template(f),
    );

    const param = rule(
      "param",
      (): NameValueFrame => ({}),
      (f) => {
        f.name = $.CONSUME(T.AnyName);
        $.OPTION(() => {
          $.CONSUME(T.Equals);
          set(f, "value", 0, value);
        });
      },
      (f) => actions.param(f),
    );

    const boxDecl = rule(
      "boxDecl",
      (): BoxFrame => ({}),
      (f) => {
        f.keyword = $.CONSUME(T.Box);
        f.name = $.CONSUME(T.AnyName);
        $.OPTION(() => { set(f, "extends", 0, extendsClause); });
        set(f, "body", 0, body);
      },
      (f) => actions.box(f),
    );

    const extendsClause = rule(
      "extendsClause",
      (): ExtendsFrame => ({ args: [] }),
      (f) => {
        f.keyword = $.CONSUME(T.Extends);
        f.name = $.CONSUME(T.AnyName);
        $.OPTION(() => {
          f.open = $.CONSUME(T.LParen);
          $.OPTION2(() => {
            push(f.args, 0, arg);
            $.MANY({
              GATE: () => $.LA(2).tokenType !== T.RParen,
              DEF: () => {
                $.CONSUME(T.Comma);
                push(f.args, 2, arg);
              },
            });
            $.OPTION3(() => $.CONSUME2(T.Comma));
          });
          f.close = $.CONSUME(T.RParen);
        });
      },
      (f) => actions.extends(f),
    );

    const arg = rule(
      "arg",
      (): NameValueFrame => ({}),
      (f) => {
        f.name = $.CONSUME(T.AnyName);
        $.CONSUME(T.Equals);
        set(f, "value", 0, value);
      },
      (f) => actions.arg(f),
    );

    const targetDecl = rule(
      "targetDecl",
      (): TargetFrame => ({ options: [], junk: [] }),
      (f) => {
        f.keyword = $.CONSUME(T.Target);
        f.kind = $.CONSUME(T.AnyName);
        $.OPTION(() =>
          $.OR2([
            { ALT: () => { f.name = $.CONSUME(T.StringLiteral); } },
            { ALT: () => { f.name = $.CONSUME(T.TripleString); } },
          ]),
        );
        $.OPTION2(() => {
          f.open = $.CONSUME(T.LBrace);
          items(f, () => { push(f.options, 0, targetOption); });
          f.close = $.CONSUME(T.RBrace);
        });
      },
      (f) => actions.target(f),
    );

    const targetOption = rule(
      "targetOption",
      (): NameValueFrame => ({}),
      (f) => {
        f.name = $.CONSUME(T.Word);
        set(f, "value", 0, value);
      },
      (f) => actions.targetOption(f),
    );

    // ─── box body ──────────────────────────────────────────────────────────
    const statementAlts = [
      { ALT: () => $.SUBRULE(scalarStatement) },
      { ALT: () => $.SUBRULE(pipStatement) },
      { ALT: () => $.SUBRULE(aptStatement) },
      { ALT: () => $.SUBRULE(copyStatement) },
      { ALT: () => $.SUBRULE(envStatement) },
      { ALT: () => $.SUBRULE(secretStatement) },
      { ALT: () => $.SUBRULE(exposeStatement) },
      { ALT: () => $.SUBRULE(healthStatement) },
      { ALT: () => $.SUBRULE(resourcesStatement) },
      { ALT: () => $.SUBRULE(connectStatement) },
      { ALT: () => $.SUBRULE(volumeStatement) },
      { ALT: () => $.SUBRULE(publishStatement) },
      { ALT: () => $.SUBRULE(unknownStatement), IGNORE_AMBIGUITIES: true },
    ];
    const statement = () => $.OR2(statementAlts);
    const body = rule(
      "body",
      newBlock,
      (f) => {
        f.open = $.CONSUME(T.LBrace);
        const add = (v: Part) => { f.items.push(v); };
        items(f, () => sub(statement, add));
        f.close = $.CONSUME(T.RBrace);
      },
      (f) => actions.body(f),
    );

    const scalarKeywordAlts = [
      { ALT: () => $.CONSUME(T.Os) },
      { ALT: () => $.CONSUME(T.Python) },
      { ALT: () => $.CONSUME(T.Workdir) },
      { ALT: () => $.CONSUME(T.User) },
      { ALT: () => $.CONSUME(T.AllowRoot) },
      { ALT: () => $.CONSUME(T.Image) },
      { ALT: () => $.CONSUME(T.Restart) },
      { ALT: () => $.CONSUME(T.StopSignal) },
      { ALT: () => $.CONSUME(T.Build) },
      { ALT: () => $.CONSUME(T.Run) },
    ];
    const scalarStatement = rule(
      "scalarStatement",
      (): KeywordValueFrame => ({}),
      (f) => {
        f.keyword = $.OR(scalarKeywordAlts);
        set(f, "value", 0, value);
      },
      (f) => actions.scalar(f),
    );

    const pipStatement = rule("pipStatement", newBlock, (f) => block(f, T.Pip, pipItem), (f) => actions.pip(f));

    // Built once, acting on the frame of the requirement being parsed (the rule is never nested).
    let pip: PipItemFrame | undefined;
    const pipHash = () => {
      $.CONSUME(T.Hash);
      push(pip!.hashes, 4, value);
    };
    const pipItemAlts = [
      {
        ALT: () => {
          pip!.index = $.CONSUME(T.Index);
          set(pip!, "value", 0, value);
        },
      },
      {
        ALT: () => {
          pip!.index = $.CONSUME(T.ExtraIndex);
          set(pip!, "value", 2, value);
        },
      },
      {
        ALT: () => {
          set(pip!, "value", 3, value);
          $.MANY(pipHash);
        },
        IGNORE_AMBIGUITIES: true,
      },
    ];
    const pipItem = rule(
      "pipItem",
      (): PipItemFrame => ({ hashes: [] }),
      (f) => {
        pip = f;
        try {
          $.OR(pipItemAlts);
        } finally {
          pip = undefined;
        }
      },
      (f) => actions.pipItem(f),
    );

    const aptStatement = rule("aptStatement", newBlock, (f) => block(f, T.Apt, value), (f) => actions.apt(f));

    const copyStatement = rule(
      "copyStatement",
      (): CopyFrame => ({}),
      (f) => {
        f.keyword = $.CONSUME(T.Copy);
        set(f, "source", 0, value);
        $.CONSUME(T.To);
        set(f, "dest", 2, value);
      },
      (f) => actions.copy(f),
    );

    const envStatement = rule("envStatement", newBlock, (f) => block(f, T.Env, envEntry), (f) => actions.env(f));

    const envEntry = rule(
      "envEntry",
      (): NameValueFrame => ({}),
      (f) => {
        f.name = $.CONSUME(T.AnyName);
        $.CONSUME(T.Equals);
        set(f, "value", 0, value);
      },
      (f) => actions.envEntry(f),
    );

    const secretStatement = rule(
      "secretStatement",
      (): SecretFrame => ({}),
      (f) => {
        f.keyword = $.CONSUME(T.Secret);
        f.name = $.CONSUME(T.AnyName);
        $.OPTION(() => {
          $.CONSUME(T.File);
          set(f, "file", 0, value);
        });
      },
      (f) => actions.secret(f),
    );

    const exposeStatement = rule(
      "exposeStatement",
      (): ExposeFrame => ({}),
      (f) => {
        f.keyword = $.CONSUME(T.Expose);
        set(f, "port", 0, value);
        $.OPTION(() =>
          $.OR([
            { ALT: () => { f.protocol = $.CONSUME(T.Udp); } },
            { ALT: () => { f.protocol = $.CONSUME(T.Tcp); } },
          ]),
        );
      },
      (f) => actions.expose(f),
    );

    const healthStatement = rule(
      "healthStatement",
      newBlock,
      (f) => block(f, T.Health, healthEntry),
      (f) => actions.health(f),
    );

    const healthEntry = rule(
      "healthEntry",
      (): HealthEntryFrame => ({}),
      (f) => {
        f.key = $.CONSUME(T.Word);
        set(f, "value", 0, value);
        $.OPTION(() => {
          $.CONSUME(T.Port);
          set(f, "port", 2, value);
        });
      },
      (f) => actions.healthEntry(f),
    );

    const resourcesStatement = rule(
      "resourcesStatement",
      newBlock,
      (f) => block(f, T.Resources, resourceEntry),
      (f) => actions.resources(f),
    );

    const resourceEntry = rule(
      "resourceEntry",
      (): NameValueFrame => ({}),
      (f) => {
        f.name = $.CONSUME(T.Word);
        set(f, "value", 0, value);
      },
      (f) => actions.resourceEntry(f),
    );

    const connectStatement = rule(
      "connectStatement",
      (): ConnectFrame => ({}),
      (f) => {
        f.keyword = $.CONSUME(T.Connect);
        f.box = $.CONSUME(T.AnyName);
        $.OPTION(() => {
          $.CONSUME(T.Port);
          set(f, "port", 0, value);
        });
      },
      (f) => actions.connect(f),
    );

    const volumeStatement = rule(
      "volumeStatement",
      (): VolumeFrame => ({}),
      (f) => {
        f.keyword = $.CONSUME(T.Volume);
        set(f, "name", 0, value);
        $.CONSUME(T.At);
        set(f, "path", 2, value);
        $.OPTION(() => {
          $.CONSUME(T.Size);
          set(f, "size", 3, value);
        });
      },
      (f) => actions.volume(f),
    );

    const publishStatement = rule(
      "publishStatement",
      (): PublishFrame => ({}),
      (f) => {
        f.keyword = $.CONSUME(T.Publish);
        set(f, "port", 0, value);
        $.OPTION(() => {
          $.CONSUME(T.On);
          set(f, "hostPort", 2, value);
        });
      },
      (f) => actions.publish(f),
    );

    /**
     * A word that is no statement: keep its name and swallow its arguments (values other than
     * names, the connecting words of real statements, and one `{ }` block) so the checker can
     * suggest the statement that was meant and the rest of the body still parses. Only the
     * end of what was swallowed is kept (the formatter keeps that text as written).
     */
    const unknownStatement = rule(
      "unknownStatement",
      (): UnknownFrame => ({ end: 0 }),
      (f) => {
        const name = $.CONSUME(T.Word);
        f.name = name;
        if (real(name)) f.end = endOf(name);
        $.MANY(() => {
          sub(() => $.SUBRULE(unknownArg) as number, (end) => { if (end > f.end) f.end = end; });
        });
        $.OPTION(() => {
          sub(() => $.SUBRULE(skippedBlock) as number, (end) => { if (end > f.end) f.end = end; });
        });
      },
      (f) => actions.unknown(f),
    );

    /** The end of the argument's last real token (0 when none). */
    const tokenEnd = (t: IToken): number => (real(t) ? endOf(t) : 0);
    const unknownArgAlts = [
      { ALT: () => tokenEnd($.CONSUME(T.StringLiteral)) },
      { ALT: () => tokenEnd($.CONSUME(T.TripleString)) },
      { ALT: () => tokenEnd($.CONSUME(T.NumberLiteral)) },
      { ALT: () => tokenEnd($.CONSUME(T.True)) },
      { ALT: () => tokenEnd($.CONSUME(T.False)) },
      { ALT: () => tokenEnd($.CONSUME(T.To)) },
      { ALT: () => tokenEnd($.CONSUME(T.At)) },
      { ALT: () => tokenEnd($.CONSUME(T.On)) },
      { ALT: () => tokenEnd($.CONSUME(T.Port)) },
      { ALT: () => tokenEnd($.CONSUME(T.File)) },
      { ALT: () => tokenEnd($.CONSUME(T.Size)) },
      { ALT: () => tokenEnd($.CONSUME(T.Udp)) },
      { ALT: () => tokenEnd($.CONSUME(T.Tcp)) },
      { ALT: () => tokenEnd($.CONSUME(T.Hash)) },
      { ALT: () => tokenEnd($.CONSUME(T.Equals)) },
      { ALT: () => tokenEnd($.CONSUME(T.Comma)) },
      {
        ALT: () => {
          // Every real token of the list was consumed by `value` or `list`, in order.
          $.#lastValueEnd = 0;
          try {
            $.SUBRULE(list);
          } catch (e) {
            if (isRecognitionException(e as Error)) {
              const end = $.#lastValueEnd;
              (e as Unwinding).partial = () => end;
            }
            throw e;
          }
          return $.#lastValueEnd;
        },
      },
    ];
    const unknownArg = $.RULE(
      "unknownArg",
      (): number => $.OR(unknownArgAlts),
      { recoveryValueFunc: (e) => ((e as Unwinding).partial?.() as number | undefined) ?? 0 },
    );

    /** Returns the end of its last real token (0 when none). */
    const skippedBlock = rule(
      "skippedBlock",
      (): { end: number } => ({ end: 0 }),
      (f) => {
        const see = (end: number) => {
          if (end > f.end) f.end = end;
        };
        see(tokenEnd($.CONSUME(T.LBrace)));
        $.MANY(() =>
          $.OR([
            { ALT: () => sub(() => $.SUBRULE(skippedBlock) as number, see) },
            { ALT: () => see(tokenEnd($.CONSUME(T.NotBrace))) },
          ]),
        );
        see(tokenEnd($.CONSUME(T.RBrace)));
      },
      (f) => f.end,
    );

    this.performSelfAnalysis();
    this.#ready = true;
  }

  /** Parses a whole file's tokens; returns the actions' result and the syntax errors. */
  parseFile(tokens: IToken[]): { result: Part; errors: IRecognitionException[] } {
    this.input = tokens;
    const result = this.file();
    const errors = this.errors;
    // Keep nothing of this file alive until the next parse.
    this.input = [];
    return { result, errors };
  }
}
