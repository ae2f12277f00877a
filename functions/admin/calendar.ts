// A year's official schedule as data: validated, stored in place of the bundled one, and audited. Due dates already
// given are stored on their dossiers and do not move; new ones count with it.
import type { YearSchedule } from '../../shared/domain/calendar/calendar.js';
import { scheduleIssues, type ScheduleRule } from '../../shared/domain/calendar/schedule-rules.js';
import type { CatalogAdminStore } from '../../shared/catalog/repository.js';
import type { Caller } from '../../shared/http/handler.js';
import type { Localized } from '../../shared/http/messages.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { assertIfMatch, auditEntry, onLatest, type AdminClock } from './changes.js';

export interface CalendarAdminDeps extends AdminClock {
  store: Pick<CatalogAdminStore, 'getSchedule' | 'putSchedule'>;
}

const RULES: Record<ScheduleRule, Localized> = {
  'outside-year': { vi: 'Ngày này không thuộc năm của lịch', en: 'This date is not in the schedule’s year' },
  'make-up-not-weekend': {
    vi: 'Ngày làm bù phải là thứ Bảy hoặc Chủ nhật',
    en: 'A make-up working day must be a Saturday or a Sunday',
  },
  'duplicate-date': { vi: 'Ngày này đã có trong lịch', en: 'This date is listed already' },
};

export const scheduleEtag = (revision: number) => `"r${revision}"`;

export const scheduleView = (schedule: YearSchedule, revision: number) => ({
  year: schedule.year,
  ...(schedule.source ? { source: schedule.source } : {}),
  daysOff: schedule.daysOff ?? [],
  workingDays: schedule.workingDays ?? [],
  revision,
});

export async function putSchedule(
  deps: CalendarAdminDeps,
  caller: Caller,
  schedule: YearSchedule,
  ifMatch: string | undefined,
) {
  const issues = scheduleIssues(schedule);
  if (issues.length > 0) {
    throw new HttpProblem(
      'validation-error',
      { vi: 'Lịch năm có ngày không hợp lệ', en: 'Some dates of the schedule are invalid' },
      issues.map(({ path, rule }) => ({ field: ['body', ...path].join('.'), message: RULES[rule] })),
    );
  }
  return onLatest(async () => {
    const current = await deps.store.getSchedule(schedule.year);
    assertIfMatch(ifMatch, current ? scheduleEtag(current.revision) : null);
    const audit = auditEntry(
      caller,
      current ? 'calendar.replace' : 'calendar.create',
      { kind: 'calendar', code: String(schedule.year) },
      current?.schedule,
      schedule,
      deps.now(),
    );
    const written = await deps.store.putSchedule(schedule, current?.revision ?? null, audit);
    return { created: !current, ...written };
  });
}
