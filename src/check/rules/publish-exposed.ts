/** `publish PORT` makes an exposed port reachable: the port must be exposed. */
import { diag } from "../../diagnostics/make.ts";
import type { Diagnostic } from "../../diagnostics/types.ts";
import type { Port, Publish } from "../../ir/types.ts";
import type { Span } from "../../source/span.ts";

export function checkPublishExposed(
  box: { readonly expose: readonly Port[]; readonly publish: readonly Publish[] },
  spanOf: (ptr: string) => Span | undefined,
): Diagnostic[] {
  const ds: Diagnostic[] = [];
  box.publish.forEach((p, i) => {
    if (box.expose.some((e) => e.port === p.port)) return;
    ds.push(diag("BOX2028", { port: p.port }, { span: spanOf(`/publish/${i}/port`) ?? spanOf(`/publish/${i}`) }));
  });
  return ds;
}
