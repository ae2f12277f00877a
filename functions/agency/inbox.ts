// An agency's lists: the inbox (at the agency now) by working due date or received date, one filter at a time,
// and everything ever at the agency. Each is one index read by key and range: pages are never filtered short.
import type { Calendar } from '../../shared/domain/calendar/calendar.js';
import { remainingWorkingDays } from '../../shared/domain/calendar/deadlines.js';
import { nationalStatus, type Status } from '../../shared/domain/dossier/status-machine.js';
import type { InboxPort, InboxQuery } from '../../shared/dossier/repository.js';
import {
  inboxKeys,
  receivedKey,
  workingDueAt,
  workplaceOf,
  type ListedDossier,
} from '../../shared/dossier/workplace.js';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor.js';
import type { Caller } from '../../shared/http/handler.js';
import type { Localized } from '../../shared/http/messages.js';
import { HttpProblem, type FieldError } from '../../shared/http/problem.js';
import { agencyOf } from './access.js';

export interface InboxDeps {
  inboxes: InboxPort;
  calendar: Calendar;
  now: () => number;
}

export interface ListQuery {
  view: 'inbox' | 'all';
  status?: Status;
  procedure?: string;
  step?: string;
  overdue?: 'true' | 'false';
  dueBefore?: string;
  sort?: 'due' | 'received';
  pageSize: number;
  cursor?: string;
}

const FILTERS = ['status', 'procedure', 'step'] as const;

function refuse(errors: FieldError[]): never {
  throw new HttpProblem(
    'validation-error',
    { vi: 'Không kết hợp được các điều kiện lọc này', en: 'These filters cannot be combined' },
    errors,
  );
}

const only = (field: string, message: Localized): FieldError => ({ field: `query.${field}`, message });

/** The index, partition and due-date range a list reads, or a 400 naming what cannot be combined. */
function plan(agency: string, query: ListQuery, now: number): Omit<InboxQuery, 'limit' | 'after'> {
  const filters = FILTERS.filter((name) => query[name] !== undefined);
  const dueRange = query.overdue !== undefined || query.dueBefore !== undefined;
  const sort = query.sort ?? 'due';
  if (filters.length > 1) {
    refuse(
      filters.slice(1).map((name) =>
        only(name, {
          vi: `Chỉ lọc theo một trong: ${FILTERS.join(', ')}`,
          en: `Filter by one of ${FILTERS.join(', ')} at a time`,
        }),
      ),
    );
  }
  if (sort === 'received' && (filters.length > 0 || dueRange)) {
    refuse([
      only('sort', {
        vi: 'Sắp xếp theo ngày tiếp nhận chỉ dùng khi không lọc; bỏ sort để sắp theo hạn xử lý',
        en: 'Sorting by received date takes no filter; leave sort out to sort by due date',
      }),
    ]);
  }
  const nowIso = new Date(now).toISOString();
  const dayStart = query.dueBefore
    ? new Date(Date.parse(`${query.dueBefore}T00:00:00+07:00`)).toISOString()
    : undefined;
  const bounds = [query.overdue === 'true' ? nowIso : undefined, dayStart]
    .filter((b): b is string => !!b)
    .sort();
  const range = {
    ...(bounds[0] ? { before: bounds[0] } : {}),
    ...(query.overdue === 'false' ? { notBefore: nowIso } : {}),
  };
  if (sort === 'received')
    return {
      index: 'byAgencyReceived',
      partition: { name: 'inboxAgency', value: agency },
      sortName: 'inboxReceived',
    };
  const filter = filters[0];
  const [index, name] =
    filter === 'status'
      ? ['byAgencyStatus', 'inboxStatus']
      : filter === 'procedure'
        ? ['byAgencyProcedure', 'inboxProcedure']
        : filter === 'step'
          ? ['byAgencyStep', 'inboxStep']
          : ['byAgencyDue', 'inboxAgency'];
  return {
    index: index!,
    partition: { name: name!, value: filter ? `${agency}#${query[filter]}` : agency },
    sortName: 'inboxDue',
    ...range,
  };
}

export function inboxItem(dossier: ListedDossier, calendar: Calendar, now: number) {
  const working = workingDueAt(dossier);
  const open = workplaceOf(dossier) !== null && working !== null;
  return {
    id: dossier.id,
    code: dossier.code,
    procedure: { code: dossier.procedureCode, name: dossier.procedureName },
    status: dossier.status,
    nationalStatus: nationalStatus(dossier.status),
    step: dossier.step
      ? {
          id: dossier.step.id,
          name: dossier.step.name,
          agency: dossier.step.agency,
          dueAt: dossier.step.dueAt,
        }
      : null,
    dueAt: dossier.state.dueAt === null ? null : new Date(dossier.state.dueAt).toISOString(),
    overdue: open && now > Date.parse(working),
    workingDaysLeft: open ? remainingWorkingDays(calendar, now, Date.parse(working)) : null,
    applicant: { fullName: dossier.applicant.fullName },
  };
}

export async function listAgencyDossiers(deps: InboxDeps, caller: Caller, query: ListQuery) {
  const agency = agencyOf(caller);
  const now = deps.now();
  const binding = { ...query, cursor: undefined, agency };
  const afterText = decodeCursor(query.cursor, binding);
  const split = afterText?.lastIndexOf('|') ?? -1;
  const after =
    afterText && split > 0
      ? { sortValue: afterText.slice(0, split), id: afterText.slice(split + 1) }
      : undefined;
  if (query.view === 'all') {
    const extra = [...FILTERS, 'overdue', 'dueBefore'].filter(
      (name) => query[name as keyof ListQuery] !== undefined,
    );
    if (extra.length > 0 || query.sort === 'due') {
      refuse(
        [...extra, ...(query.sort === 'due' ? ['sort'] : [])].map((name) =>
          only(name, {
            vi: 'Danh sách "all" (mọi hồ sơ đã qua cơ quan) chỉ sắp theo ngày tiếp nhận, không lọc',
            en: 'The "all" view (every dossier ever at the agency) is by received date only, unfiltered',
          }),
        ),
      );
    }
    const page = await deps.inboxes.everything(agency, query.pageSize, after);
    const last = page.items.at(-1);
    return {
      items: page.items.map((d) => inboxItem(d, deps.calendar, now)),
      nextCursor: page.more && last ? encodeCursor(`${receivedKey(last)}|${last.id}`, binding) : null,
    };
  }
  const read = plan(agency, query, now);
  // A position outside the range asked (a forged cursor, or a dossier that became overdue between two pages of
  // `overdue=false`) has nothing after it in that range: the list ends there.
  const outside =
    after !== undefined &&
    ((read.before !== undefined && after.sortValue >= read.before) ||
      (read.notBefore !== undefined && after.sortValue < read.notBefore));
  const page = outside
    ? { items: [], more: false }
    : await deps.inboxes.inbox({ ...read, limit: query.pageSize, ...(after ? { after } : {}) });
  const last = page.items.at(-1);
  const sortValue = (d: ListedDossier) => inboxKeys(d)[read.sortName]!;
  return {
    items: page.items.map((d) => inboxItem(d, deps.calendar, now)),
    nextCursor: page.more && last ? encodeCursor(`${sortValue(last)}|${last.id}`, binding) : null,
  };
}
