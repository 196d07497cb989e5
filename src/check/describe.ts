/** How a value is named in "expected X, found Y" messages. */
import type { Value } from "../ast/types.ts";

export function describeValue(v: Value): string {
  switch (v.kind) {
    case "String":
      return "a string";
    case "Number":
      return `the number ${v.text}`;
    case "Size":
      return `the size ${v.text}`;
    case "Duration":
      return `the duration ${v.text}`;
    case "Bool":
      return `\`${v.value}\``;
    case "List":
      return "a list";
    case "Ref":
      return `the name \`${v.name}\``;
  }
}
