// The audit trail read back: administrative changes (one partition, sorted by instant) and the staff access log (each
// agency's index, sorted by instant) merged by time under one cursor; key and index reads only, never a Scan.
import type { AuditEntry, CatalogAdminStore } from '../../shared/catalog/repository.js';
import type { AccessLogReader, LoggedAccess } from '../../shared/dossier/access-log.js';
import { inParallel } from '../../shared/dossier/statistics.js';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor.js';

export type AuditKind = 'change' | 'access';

export interface AuditQuery {
  from?: string;
  to?: string;
  kind?: AuditKind;
  pageSize: number;
  cursor?: string;
}

export interface AuditDeps {
  store: Pick<CatalogAdminStore, 'queryAudit' | 'listAgencyRecords'>;
  accessLog: AccessLogReader;
}

/** What the access log shows an administrator: who read which dossier, for which agency, when; no personal data. */
export interface AccessView {
  kind: 'access';
  at: string;
  officer: { subject: string };
  agency: string;
  dossier: { id: string; code: string | null };
  /**
   * `view`: the staff view (applicant data); `download-links`: the same with links to `documents`; `ledger`: a row;
   * `partner-download`: a partner fetched `documents` through a file link (`officer.subject` names the partner).
   */
  what: string;
  documents: string[];
}
export type AuditItem = (AuditEntry & { kind: 'change' }) | AccessView;

/**
 * Entries in one total order: the instant, then changes before accesses, then what makes each unique. The cursor is
 * the last one answered, so each source resumes after it, whatever the others hold.
 */
interface Candidate {
  order: string;
  /** Entries of a source with the same tie value may come in any order: only a whole run of them is answered. */
  tie: string;
  change?: AuditEntry;
  access?: LoggedAccess;
}
const SEP = '\u0001';
const changeOrder = (entry: AuditEntry) => `${entry.at}${SEP}a${SEP}${entry.id}`;
const accessOrder = ({ entry, unique }: LoggedAccess) =>
  `${entry.at}${SEP}b${SEP}${entry.dossierId}${SEP}${unique}`;
const byOrder = (a: Candidate, b: Candidate) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0);

/** The instant the cursor's entry was written at: no source needs to read anything before it. */
const instantOf = (order: string) => order.split(SEP)[0]!;

/**
 * Up to `need` entries of one source after `after`, in order, and whether it holds more. A page of the source ends
 * anywhere, so entries tied with its last one wait for the next read (they may come in any order).
 */
async function collect<Start>(
  read: (start: Start | undefined) => Promise<{ candidates: Candidate[]; next?: Start }>,
  after: string | undefined,
  need: number,
): Promise<{ items: Candidate[]; more: boolean }> {
  const seen: Candidate[] = [];
  let start: Start | undefined;
  for (;;) {
    const page = await read(start);
    seen.push(...page.candidates.filter((c) => after === undefined || c.order > after));
    if (!page.next) {
      seen.sort(byOrder);
      return { items: seen.slice(0, need), more: seen.length > need };
    }
    start = page.next;
    const boundary = page.candidates.at(-1)?.tie;
    const settled = boundary === undefined ? seen : seen.filter((c) => c.tie < boundary);
    if (settled.length > need) {
      settled.sort(byOrder);
      return { items: settled.slice(0, need), more: true };
    }
  }
}

const accessView = (logged: LoggedAccess, codes: Map<string, string>): AccessView => ({
  kind: 'access',
  at: logged.entry.at,
  officer: { subject: logged.entry.officer },
  agency: logged.entry.agency,
  dossier: { id: logged.entry.dossierId, code: codes.get(logged.entry.dossierId) ?? null },
  what: logged.entry.what,
  documents: logged.entry.documents ?? [],
});

/** How many agencies' access logs are read at once. */
const AGENCIES_AT_ONCE = 16;

export async function readAudit(deps: AuditDeps, query: AuditQuery) {
  const { cursor, ...binding } = query;
  const after = decodeCursor(cursor, binding);
  const to = query.to ?? '9999';
  // Nothing before the cursor's instant is read again (the entries at that instant are, then skipped by order).
  const fromValue = query.from ?? '0000';
  const from = after && instantOf(after) > fromValue ? instantOf(after) : fromValue;
  const need = query.pageSize;

  const sources: Promise<{ items: Candidate[]; more: boolean }>[] = [];
  if (query.kind !== 'access') {
    sources.push(
      collect<string>(
        async (start) => {
          const page = await deps.store.queryAudit({ from, to, after: start, limit: need + 2 });
          const candidates = page.items.map((change) => ({
            order: changeOrder(change),
            tie: changeOrder(change),
            change,
          }));
          return { candidates, ...(page.more && page.last ? { next: page.last } : {}) };
        },
        after,
        need,
      ),
    );
  }
  if (query.kind !== 'change') {
    // Every agency that ever was (closed and merged ones too): their officers' reads stay in the log.
    const agencies = (await deps.store.listAgencyRecords()).map((record) => record.agency.code).sort();
    const perAgency = inParallel(
      agencies.map(
        (agency) => () =>
          collect<Record<string, unknown>>(
            async (start) => {
              const page = await deps.accessLog.page(agency, { from, to }, need + 2, start);
              const candidates = page.items.map((access) => ({
                order: accessOrder(access),
                tie: access.sortValue,
                access,
              }));
              return { candidates, ...(page.next ? { next: page.next } : {}) };
            },
            after,
            need,
          ),
      ),
      AGENCIES_AT_ONCE,
    );
    sources.push(
      perAgency.then((pages) => ({
        items: pages.flatMap((page) => page.items),
        more: pages.some((page) => page.more),
      })),
    );
  }
  const read = await Promise.all(sources);
  const merged = read.flatMap((source) => source.items).sort(byOrder);
  const answered = merged.slice(0, need);
  const more = merged.length > need || read.some((source) => source.more);
  const codes = await deps.accessLog.codes(
    answered.flatMap((candidate) => (candidate.access ? [candidate.access.entry.dossierId] : [])),
  );
  const items: AuditItem[] = answered.map((candidate) =>
    candidate.change ? { kind: 'change', ...candidate.change } : accessView(candidate.access!, codes),
  );
  const last = answered.at(-1);
  return { items, nextCursor: more && last ? encodeCursor(last.order, binding) : null };
}
