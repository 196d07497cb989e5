/** Two different user names must not share a numeric id (a hash collision must not be silent). */
import { diag } from "../../diagnostics/make.ts";
import type { Diagnostic } from "../../diagnostics/types.ts";
import type { BoxUser } from "../../ir/types.ts";
import type { Span } from "../../source/span.ts";

export function checkUserIds(users: readonly { readonly user: BoxUser; readonly span: Span | undefined }[]): Diagnostic[] {
  const byId = new Map<number, { name: string; span: Span | undefined }>();
  const ds: Diagnostic[] = [];
  for (const { user, span } of users) {
    const other = byId.get(user.uid);
    if (other === undefined) byId.set(user.uid, { name: user.name, span });
    else if (other.name !== user.name) {
      ds.push(
        diag("BOX2038", { a: other.name, b: user.name, id: user.uid }, {
          ...(span ? { span } : {}),
          related: other.span ? [{ span: other.span, message: `\`${other.name}\` is declared here` }] : [],
        }),
      );
    }
  }
  return ds;
}
