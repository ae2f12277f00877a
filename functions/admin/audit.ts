// The audit trail of administrative changes, read by time (one partition, sorted by instant: no Scan).
import type { CatalogAdminStore } from '../../shared/catalog/repository.js';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor.js';

export interface AuditQuery {
  from?: string;
  to?: string;
  pageSize: number;
  cursor?: string;
}

export async function readAudit(deps: { store: Pick<CatalogAdminStore, 'queryAudit'> }, query: AuditQuery) {
  const { cursor, ...binding } = query;
  const after = decodeCursor(cursor, binding);
  const page = await deps.store.queryAudit({
    from: query.from ?? '0000',
    to: query.to ?? '9999',
    after,
    limit: query.pageSize,
  });
  return {
    items: page.items,
    nextCursor: page.more && page.last ? encodeCursor(page.last, binding) : null,
  };
}
