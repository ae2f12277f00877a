// The unit's tracking ledger (sổ theo dõi hồ sơ, form 06): the dossiers it received in a period, by the "all"
// index's received key, oldest first, a page at a time. It shows applicants' names, so each listed dossier is
// recorded in the access log before the page leaves.
import { dayMonthYearAt } from '../../shared/domain/calendar/local-date.js';
import { resolutionOutcome } from '../../shared/domain/dossier/on-time.js';
import type { DossierRecord } from '../../shared/dossier/model.js';
import type { DossierRepository, InboxPort } from '../../shared/dossier/repository.js';
import { inParallel } from '../../shared/dossier/statistics.js';
import { receivedKey } from '../../shared/dossier/workplace.js';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor.js';
import type { Caller } from '../../shared/http/handler.js';
import { requireDuty } from '../../shared/http/duties.js';
import type { Cell } from '../../shared/http/spreadsheet.js';
import { periodOf } from '../statistics/use-cases.js';
import { agencyOf } from './access.js';

export const LEDGER_PAGE_SIZE = 500;

export const LEDGER_HEADER = [
  'STT',
  'Mã hồ sơ',
  'Người nộp',
  'Mã thủ tục',
  'Tên thủ tục',
  'Ngày tiếp nhận',
  'Ngày hẹn trả',
  'Ngày giải quyết xong',
  'Ngày trả kết quả',
  'Kết quả',
] as const;

export interface LedgerDeps {
  inboxes: Pick<InboxPort, 'everything'>;
  dossiers: Pick<DossierRepository, 'recordAccess'>;
  now: () => number;
}

const date = (iso: string | null | undefined) => (iso ? dayMonthYearAt(Date.parse(iso)) : null);

const OUTCOME_WORDS = { early: 'Trước hạn', 'on-time': 'Đúng hạn', late: 'Quá hạn' } as const;

/** Judged by the original due date, as the statistics are. */
export function outcomeOf(
  dossier: Pick<DossierRecord, 'statutoryDueAt' | 'state' | 'resolvedAt' | 'status'>,
  now: number,
): string {
  const due = dossier.statutoryDueAt ?? dossier.state.dueAt;
  if (dossier.resolvedAt)
    return due === null || due === undefined
      ? OUTCOME_WORDS['on-time']
      : OUTCOME_WORDS[resolutionOutcome(Date.parse(dossier.resolvedAt), due)];
  if (dossier.status === 'withdrawn') return 'Đã rút';
  if (dossier.status === 'stopped') return 'Dừng xử lý';
  return due !== null && due !== undefined && due < now
    ? 'Đang giải quyết (quá hạn)'
    : 'Đang giải quyết (trong hạn)';
}

/** Local midnight (UTC+7) of a day as the received keys write time. */
const localMidnight = (day: string) => new Date(`${day}T00:00:00+07:00`).toISOString();
const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export async function agencyLedger(
  deps: LedgerDeps,
  caller: Caller,
  query: { from?: string; to?: string; cursor?: string },
) {
  requireDuty(caller, 'receive');
  const agency = agencyOf(caller);
  const now = deps.now();
  const { from, to } = periodOf(query, now);
  const bound = { agency, from, to };
  // The cursor carries the last received key read and how many rows came before (the ledger numbers its rows).
  const after = decodeCursor(query.cursor, bound);
  const [offsetText, sortValue] = after
    ? [after.slice(0, after.indexOf('|')), after.slice(after.indexOf('|') + 1)]
    : [];
  const id = sortValue?.split('#')[1];
  const page = await deps.inboxes.everything(
    agency,
    LEDGER_PAGE_SIZE,
    sortValue && id ? { sortValue, id } : undefined,
    { notBefore: localMidnight(from), before: localMidnight(nextDay(to)) },
  );
  // The "all" index lists the dossiers that passed through the unit too: the ledger is of those it received.
  const received = page.items.filter((dossier) => dossier.receivingUnit === agency && dossier.acceptedAt);
  const at = new Date(now).toISOString();
  await inParallel(
    received.map(
      (dossier) => () =>
        deps.dossiers.recordAccess({
          dossierId: dossier.id,
          at,
          officer: caller.subject,
          agency,
          what: 'ledger',
          documents: [],
        }),
    ),
    16,
  );
  const last = page.items.at(-1);
  const offset = Number(offsetText ?? 0) || 0;
  const rows: Cell[][] = received.map((dossier, index) => [
    offset + index + 1,
    dossier.code,
    dossier.applicant.fullName,
    dossier.procedureCode,
    dossier.procedureName,
    date(dossier.acceptedAt),
    dossier.state.dueAt === null ? null : dayMonthYearAt(dossier.state.dueAt),
    date(dossier.resolvedAt),
    date(dossier.releasedAt),
    outcomeOf(dossier, now),
  ]);
  return {
    agency,
    from,
    to,
    rows,
    nextCursor:
      page.more && last ? encodeCursor(`${offset + received.length}|${receivedKey(last)}`, bound) : null,
  };
}
