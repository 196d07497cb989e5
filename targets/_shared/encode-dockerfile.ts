/**
 * Dockerfile encoders. Docker reads an instruction as one line, then (for ENV, LABEL, COPY,
 * WORKDIR, USER, EXPOSE, STOPSIGNAL...) expands `$VAR` and removes quotes with its own shell-like
 * lexer; exec-form arrays are JSON. Every user value therefore goes through one of these:
 *  - `dockerJsonArray`: exec form (RUN/CMD/HEALTHCHECK) — JSON, which Docker does not expand;
 *  - `dockerQuoted`: a double-quoted word whose `"`, `\` and `$` are escaped (ENV, LABEL values).
 */

/** Characters a single Dockerfile line cannot hold, whatever the quoting. */
const LINE_BREAKING = /[\u0000-\u001f\u007f]/u;

export function dockerCanCarry(value: string): boolean {
  return !LINE_BREAKING.test(value);
}

/**
 * `["a", "b"]` for exec form. JSON escapes quotes, backslashes and control characters, so any
 * string (newlines included) survives; Docker does no variable expansion in exec form of
 * RUN, CMD and HEALTHCHECK.
 */
export function dockerJsonArray(args: readonly string[]): string {
  return dockerJsonLiterals(args.map((a) => JSON.stringify(a)));
}

/**
 * `dockerJsonArray` of arguments already encoded as JSON string literals. A `<<` is written
 * `<\u003c`: BuildKit never looks for here-documents in exec form, but readers that model
 * Dockerfiles less exactly (dockerfile-ast, so the Docker extension of editors) take `<<WORD`
 * anywhere in a RUN line for one and read the rest of the file as its body. JSON decodes the
 * escape to the same `<`, so every reader gets the same arguments.
 */
export function dockerJsonLiterals(literals: readonly string[]): string {
  return `[${literals.join(", ")}]`.replace(/<</g, "<\\u003c");
}

/**
 * A double-quoted word for ENV and LABEL values. Inside double quotes Docker's lexer treats
 * `\"`, `\\` and `\$` as escapes and keeps every other character as it is.
 * The value must satisfy `dockerCanCarry`.
 */
export function dockerQuoted(value: string): string {
  if (!dockerCanCarry(value)) throw new Error("dockerQuoted: value holds a line break or control character");
  return `"${value.replace(/["\\$]/g, "\\$&")}"`;
}

/** Any character `dockerPathProblem` reports, as one class (copy sources add the glob characters). */
const PATH_PROBLEM = /[\u0000-\u001f\u007f$\\"'`\s]/u;
const COPY_SOURCE_PROBLEM = /[\u0000-\u001f\u007f$\\"'`\s*?[\]]/u;

/**
 * Characters that Docker's word expansion or COPY's glob matching would change in a path used
 * by COPY or WORKDIR. Such paths are rejected instead of escaped: the escape rules differ
 * between BuildKit, the classic builder and Buildah, and a path must mean one thing everywhere.
 */
export function dockerPathProblem(path: string, isCopySource: boolean): string | null {
  // One scan for the first character that is any kind of problem (paths are checked for every
  // COPY of every box), then the same classification as character by character.
  const first = (isCopySource ? COPY_SOURCE_PROBLEM : PATH_PROBLEM).exec(path);
  if (first === null) return null;
  const ch = first[0];
  if (/[\u0000-\u001f\u007f]/u.test(ch)) return "a control character";
  if (ch === "$" || ch === "\\" || ch === '"' || ch === "'" || ch === "`") return `\`${ch}\``;
  if (/\s/u.test(ch)) return "white space";
  return `\`${ch}\``; // a glob character of a copy source
}

/** A `.dockerignore` line that re-includes exactly `path` (already free of glob characters). */
export function dockerignoreInclude(path: string): string {
  return `!${path}`;
}
