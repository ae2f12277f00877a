// Cursor pagination of list routes: the query fields and the page. Apart from the problem schemas, so routes that
// list nothing do not carry them.
import * as z from 'zod/mini';

/** The query fields of every paginated list; the cursor is opaque and bound to the query (see cursor.ts). */
export const pageQueryFields = {
  pageSize: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20),
  cursor: z.optional(z.string().check(z.maxLength(512))),
};

/** One page of `item`s, with the cursor of the next page (null on the last). */
export const pageOf = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });
