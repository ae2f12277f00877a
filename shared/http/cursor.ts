// Opaque pagination cursors bound to the query that produced them; a forged or foreign cursor is a 400.
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { HttpProblem } from './problem.js';

const cursorSchema = z.strictObject({
  a: z.string().check(z.minLength(1), z.maxLength(200)),
  f: z.string().check(z.length(16)),
});

function fingerprint(query: Record<string, unknown>): string {
  const stable = JSON.stringify(
    Object.keys(query)
      .sort()
      .map((key) => [key, query[key] ?? null]),
  );
  return createHash('sha256').update(stable).digest('hex').slice(0, 16);
}

export function encodeCursor(after: string, query: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ a: after, f: fingerprint(query) })).toString('base64url');
}

/** The 400 of a cursor that is not one this API wrote for this query. */
export const invalidCursor = () =>
  new HttpProblem(
    'invalid-cursor',
    {
      vi: 'Con trỏ không hợp lệ hoặc thuộc về một truy vấn khác',
      en: 'The cursor is invalid or belongs to another query',
    },
    [
      {
        field: 'query.cursor',
        message: {
          vi: 'Hãy dùng nguyên nextCursor của trang trước, cùng các tham số khác',
          en: "Use the previous page's nextCursor as it is, with the same other parameters",
        },
      },
    ],
  );

export function decodeCursor(cursor: string | undefined, query: Record<string, unknown>): string | undefined {
  if (cursor === undefined) return undefined;
  const invalid = invalidCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success || result.data.f !== fingerprint(query)) throw invalid;
  return result.data.a;
}
