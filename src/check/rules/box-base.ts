/**
 * A box has exactly one base: `os` (then it owns its runtime and needs a `run`) or `image`
 * (then the image owns OS, Python and packages, and may keep its own command).
 */
import { keywordSpan } from "../../ast/types.ts";
import { diag } from "../../diagnostics/make.ts";
import type { Diagnostic } from "../../diagnostics/types.ts";
import type { Span } from "../../source/span.ts";
import type { MergedBox } from "../merge.ts";

export function checkBoxBase(m: MergedBox, nameSpan: Span): Diagnostic[] {
  const s = m.scalars;
  if (s.Image) {
    const owned: [string, readonly Span[]][] = [
      ["os", s.Os ? [keywordSpan(s.Os)] : []],
      ["python", s.Python ? [keywordSpan(s.Python)] : []],
      ["pip", m.pipKeywords],
      ["apt", m.aptKeywords],
    ];
    return owned.flatMap(([keyword, spans]) =>
      spans.map((span) => diag("BOX2026", { keyword }, { span, related: [{ span: keywordSpan(s.Image!), message: "the box is based on this image" }] })),
    );
  }
  if (!s.Os) return [diag("BOX2027", { name: m.name }, { span: nameSpan })];
  if (!m.run) return [diag("BOX2047", { name: m.name }, { span: nameSpan })];
  return [];
}
