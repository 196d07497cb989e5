/**
 * The typed AST of a `.box` file. A discriminated union on `kind`; every node is its own
 * half-open span (`file`, `start`, `end`: see NodeBase). Values keep their source text where it
 * matters (`24.04` stays "24.04").
 * Statements keep the shape the grammar gives them; what a statement *means* (and whether its
 * values have the right type) is decided in src/check.
 */
import type { Span } from "../source/span.ts";

/**
 * Every node is its own span: it carries its file and offsets rather than a span object, which
 * at 10,000 boxes was half a million objects, a fifth of the front end's live memory.
 */
interface NodeBase extends Span {}

// ─── values ──────────────────────────────────────────────────────────────────

export interface Ident extends NodeBase {
  readonly kind: "Ident";
  readonly name: string;
}

export interface StringLit extends NodeBase {
  readonly kind: "String";
  /** Decoded value (escapes applied; for `"""`, indentation and leading newline removed). */
  readonly value: string;
  readonly triple: boolean;
}

export interface NumberLit extends NodeBase {
  readonly kind: "Number";
  /** Source text, e.g. "24.04", "1.5", "8080". */
  readonly text: string;
  readonly value: number;
}

export type SizeUnit = "B" | "KB" | "MB" | "GB" | "TB" | "KiB" | "MiB" | "GiB" | "TiB";
export interface SizeLit extends NodeBase {
  readonly kind: "Size";
  readonly text: string;
  /** Number part as written ("1.5") and unit. */
  readonly amount: string;
  readonly unit: SizeUnit;
  /** Normalized; may be fractional only if the source was (a check rejects that). */
  readonly bytes: number;
}

export type DurationUnit = "ms" | "s" | "m" | "h";
export interface DurationLit extends NodeBase {
  readonly kind: "Duration";
  readonly text: string;
  readonly amount: string;
  readonly unit: DurationUnit;
  readonly ms: number;
}

export interface BoolLit extends NodeBase {
  readonly kind: "Bool";
  readonly value: boolean;
}

export interface ListLit extends NodeBase {
  readonly kind: "List";
  readonly items: readonly Value[];
}

/** A bare identifier in value position: a template parameter, or a box where boxes are taken. */
export interface Ref extends NodeBase {
  readonly kind: "Ref";
  readonly name: string;
}

export type Value = StringLit | NumberLit | SizeLit | DurationLit | BoolLit | ListLit | Ref;

// ─── top level ───────────────────────────────────────────────────────────────

export interface Comment extends NodeBase {
  readonly kind: "Comment";
  /** Full text including the `#` or `//` marker, without the line terminator. */
  readonly text: string;
}

export interface BoxFile extends NodeBase {
  readonly kind: "File";
  readonly statements: readonly TopStatement[];
  /** Every comment of the file, in source order (the formatter re-attaches them). */
  readonly comments: readonly Comment[];
}

export type TopStatement = ProjectDecl | ImportDecl | TemplateDecl | BoxDecl | TargetDecl;

export interface ProjectDecl extends NodeBase {
  readonly kind: "Project";
  readonly name: Value;
}

export interface ImportDecl extends NodeBase {
  readonly kind: "Import";
  readonly path: Value;
}

export interface Param extends NodeBase {
  readonly kind: "Param";
  readonly name: Ident;
  readonly default?: Value;
}

export interface TemplateDecl extends NodeBase {
  readonly kind: "Template";
  readonly name: Ident;
  readonly params: readonly Param[];
  readonly body: Body;
}

export interface Arg extends NodeBase {
  readonly kind: "Arg";
  readonly name: Ident;
  readonly value: Value;
}

export interface ExtendsClause extends NodeBase {
  readonly kind: "Extends";
  readonly name: Ident;
  /** `undefined` when written without parentheses; `[]` for `T()`. */
  readonly args?: readonly Arg[];
}

export interface BoxDecl extends NodeBase {
  readonly kind: "Box";
  readonly name: Ident;
  readonly extends?: ExtendsClause;
  readonly body: Body;
}

/** `key value` inside a target's `{ }`, e.g. `registry "ghcr.io/acme"`, `boxes [api, db]`. */
export interface TargetOption extends NodeBase {
  readonly kind: "TargetOption";
  readonly name: Ident;
  readonly value: Value;
}

export interface TargetDecl extends NodeBase {
  readonly kind: "Target";
  /** `docker`, `compose`, `venv`, `vm`, `kubernetes` (checked later). */
  readonly targetKind: Ident;
  readonly name?: Value;
  readonly options: readonly TargetOption[];
}

// ─── box body ────────────────────────────────────────────────────────────────

export interface Body extends NodeBase {
  readonly kind: "Body";
  readonly statements: readonly Statement[];
}

/**
 * A node that starts with its keyword: the keyword runs from `start` to `keywordEnd`, so
 * "duplicate statement" can point at it (`keywordSpan`). An offset, not a span object: there
 * is one per statement.
 */
interface Keyworded extends NodeBase {
  readonly keywordEnd: number;
}

/** The span of a statement's (or `index` clause's) keyword. */
export function keywordSpan(n: Keyworded): Span {
  return { file: n.file, start: n.start, end: n.keywordEnd };
}

export interface ScalarStatement extends Keyworded {
  readonly kind:
    | "Os"
    | "Python"
    | "Workdir"
    | "User"
    | "AllowRoot"
    | "Image"
    | "Restart"
    | "StopSignal"
    | "Build";
  readonly value: Value;
}

/** A requirement string, optionally followed by `hash "sha256:<hex>"` clauses (a boxc addition). */
export interface PipRequirement extends NodeBase {
  readonly kind: "PipRequirement";
  readonly requirement: Value;
  readonly hashes: readonly Value[];
}
export interface PipIndex extends Keyworded {
  readonly kind: "PipIndex" | "PipExtraIndex";
  readonly url: Value;
}
export type PipItem = PipRequirement | PipIndex;
export interface PipStatement extends Keyworded {
  readonly kind: "Pip";
  readonly items: readonly PipItem[];
}

export interface AptStatement extends Keyworded {
  readonly kind: "Apt";
  readonly packages: readonly Value[];
}

export interface CopyStatement extends Keyworded {
  readonly kind: "Copy";
  readonly source: Value;
  readonly dest: Value;
}

export interface EnvEntry extends NodeBase {
  readonly kind: "EnvEntry";
  readonly name: Ident;
  readonly value: Value;
}
export interface EnvStatement extends Keyworded {
  readonly kind: "Env";
  readonly entries: readonly EnvEntry[];
}

export interface SecretStatement extends Keyworded {
  readonly kind: "Secret";
  readonly name: Ident;
  /** `file "/run/secrets/x"`: where the secret is read from on the host. */
  readonly path?: Value;
}

/** `run "shell command"` or `run ["exe", "arg"]`: the value's kind tells the form. */
export interface RunStatement extends Keyworded {
  readonly kind: "Run";
  readonly command: Value;
}

export interface ExposeStatement extends Keyworded {
  readonly kind: "Expose";
  readonly port: Value;
  /** The `udp` (or `tcp`) word after the port, if any. */
  readonly protocol?: Ident;
}

/**
 * One line of a `health { }` block. `http "/path" port N` has `value` = the path and
 * `port`; `command [..]` has `value` = the list; `every D`, `timeout D`, `retries N`,
 * `start D` have `value`. Unknown keys are kept so the checker can suggest a fix.
 */
export interface HealthEntry extends NodeBase {
  readonly kind: "HealthEntry";
  readonly key: Ident;
  readonly value: Value;
  readonly port?: Value;
}
export interface HealthStatement extends Keyworded {
  readonly kind: "Health";
  readonly entries: readonly HealthEntry[];
}

/** `cpu N`, `memory SIZE`, `disk SIZE`; unknown keys kept for the checker. */
export interface ResourceEntry extends NodeBase {
  readonly kind: "ResourceEntry";
  readonly key: Ident;
  readonly value: Value;
}
export interface ResourcesStatement extends Keyworded {
  readonly kind: "Resources";
  readonly entries: readonly ResourceEntry[];
}

export interface ConnectStatement extends Keyworded {
  readonly kind: "Connect";
  readonly box: Ident;
  readonly port?: Value;
}

export interface VolumeStatement extends Keyworded {
  readonly kind: "Volume";
  readonly name: Value;
  readonly path: Value;
  readonly size?: Value;
}

export interface PublishStatement extends Keyworded {
  readonly kind: "Publish";
  readonly port: Value;
  readonly hostPort?: Value;
}

/**
 * An identifier in statement position that is not a known statement. The parser skips
 * its arguments (values and one optional `{ }` block) so the rest of the body still parses;
 * the checker reports it with a did-you-mean.
 */
export interface UnknownStatement extends Keyworded {
  readonly kind: "Unknown";
  readonly name: Ident;
}

export type Statement =
  | ScalarStatement
  | PipStatement
  | AptStatement
  | CopyStatement
  | EnvStatement
  | SecretStatement
  | RunStatement
  | ExposeStatement
  | HealthStatement
  | ResourcesStatement
  | ConnectStatement
  | VolumeStatement
  | PublishStatement
  | UnknownStatement;

export type StatementKind = Statement["kind"];

/** Source keyword of each statement kind (for messages and the formatter). */
export const STATEMENT_KEYWORDS: Readonly<Record<Exclude<StatementKind, "Unknown">, string>> = {
  Os: "os",
  Python: "python",
  Workdir: "workdir",
  User: "user",
  AllowRoot: "allow-root",
  Image: "image",
  Restart: "restart",
  StopSignal: "stop-signal",
  Build: "build",
  Pip: "pip",
  Apt: "apt",
  Copy: "copy",
  Env: "env",
  Secret: "secret",
  Run: "run",
  Expose: "expose",
  Health: "health",
  Resources: "resources",
  Connect: "connect",
  Volume: "volume",
  Publish: "publish",
};
