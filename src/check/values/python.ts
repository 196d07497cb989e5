/**
 * `python "3.12"` or `python "3.12.4"` (a number literal is taken by its source text, so
 * `python 3.10` is "3.10"). The version must be a released CPython. When the box's OS release
 * ships that minor as python3 (`fromOs`), the targets use the release's interpreter, whose
 * patch level is the release's to choose: naming a patch there is refused rather than
 * silently not honoured. For other minors the exact patch (or the newest, without one) is
 * installed beside the system python.
 */
import type { Value } from "../../ast/types.ts";
import type { OsRelease, PythonVersion } from "../../ir/types.ts";
import { diag } from "../../diagnostics/make.ts";
import { PYTHON_MINORS } from "../data/python.ts";
import { fail, wrongKind, type Result } from "./common.ts";

const VERSION = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?$/;

export function checkPython(node: Value, os: OsRelease | null): Result<PythonVersion | null> {
  if (node.kind !== "String" && node.kind !== "Number") {
    return fail(wrongKind(node, "a python version such as `\"3.12\"`"));
  }
  const text = node.kind === "String" ? node.value : node.text;
  const span = node;
  const m = VERSION.exec(text);
  if (!m) return fail(diag("BOX2145", { version: text }, { span }));
  const [, major, minorN, patch] = m;
  if (major === "2" || major === "1" || major === "0") return fail(diag("BOX2146", { version: text }, { span }));
  const minor = `${major}.${minorN}`;
  const known = PYTHON_MINORS.find((p) => p.minor === minor);
  if (!known) {
    const first = PYTHON_MINORS[0]!.minor;
    const last = PYTHON_MINORS[PYTHON_MINORS.length - 1]!.minor;
    return fail(
      diag("BOX2147", { version: text }, {
        span,
        help: `known releases: ${first} to ${last} (see the table in \`src/check/data/python.ts\`)`,
      }),
    );
  }
  if (patch !== undefined && Number(patch) > known.latestPatch) {
    return fail(
      diag("BOX2147", { version: text }, {
        span,
        help: `the newest ${minor} release boxc knows is \`${minor}.${known.latestPatch}\``,
      }),
    );
  }
  const fromOs = os !== null && os.systemPython === minor;
  if (fromOs && patch !== undefined) return fail(diag("BOX2148", { os: os.id, minor }, { span }));
  return [{ version: text, minor, fromOs }, []];
}
