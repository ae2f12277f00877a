// Calendar use cases: a year's days off, and the due date a procedure gives.
import type { Calendar } from '../../shared/domain/calendar/calendar.js';
import { dueAfter, stepDeadlines } from '../../shared/domain/calendar/deadlines.js';
import {
  dayNumberAtInstant,
  fromDayNumber,
  localDateAt,
  toVietnamIso,
} from '../../shared/domain/calendar/local-date.js';
import type { CatalogRepository } from '../../shared/catalog/repository.js';
import { HttpProblem, notFound } from '../../shared/http/problem.js';

export function calendarYear(calendar: Calendar, year: number) {
  const overview = calendar.year(year);
  return {
    year,
    timeZone: 'Asia/Ho_Chi_Minh' as const,
    workingDays: calendar.workingDaysBetween(`${year - 1}-12-31`, `${year}-12-31`),
    nonWorkingWeekdays: overview.nonWorkingWeekdays,
    makeUpWorkingDays: overview.makeUpWorkingDays,
    holidaysOnWeekends: overview.holidaysOnWeekends,
  };
}

export async function dueDate(
  calendar: Calendar,
  repo: CatalogRepository,
  query: { procedure: string; acceptedAt: string },
) {
  const procedure = await repo.getProcedure(query.procedure);
  if (!procedure) {
    throw notFound({
      vi: `Không có thủ tục mã ${query.procedure}`,
      en: `No procedure with code ${query.procedure}`,
    });
  }
  const acceptedAt = Date.parse(query.acceptedAt);
  const acceptedYear = Number(localDateAt(acceptedAt).slice(0, 4));
  if (acceptedYear < calendar.minYear || acceptedYear > calendar.maxYear - 1) {
    throw new HttpProblem(
      'validation-error',
      {
        vi: `Năm ${acceptedYear} nằm ngoài lịch hỗ trợ`,
        en: `Year ${acceptedYear} is outside the supported calendar`,
      },
      [
        {
          field: 'query.acceptedAt',
          message: {
            vi: `Lịch có các năm ${calendar.minYear}–${calendar.maxYear - 1}`,
            en: `The calendar covers ${calendar.minYear}–${calendar.maxYear - 1}`,
          },
        },
      ],
    );
  }
  const dueAt = dueAfter(calendar, acceptedAt, procedure.processingDays);
  const acceptedDay = dayNumberAtInstant(acceptedAt);
  const dueDay = dayNumberAtInstant(dueAt);
  const daysOff = [];
  for (
    let year = Number(localDateAt(acceptedAt).slice(0, 4));
    year <= Number(localDateAt(dueAt).slice(0, 4));
    year += 1
  ) {
    daysOff.push(...calendar.year(year).nonWorkingWeekdays);
  }
  const from = fromDayNumber(acceptedDay);
  const to = fromDayNumber(dueDay);
  return {
    procedure: { code: procedure.code, name: procedure.name },
    acceptedAt: toVietnamIso(acceptedAt),
    workingDays: procedure.processingDays,
    countingStartsOn: fromDayNumber(calendar.addWorkingDayNumbers(acceptedDay, 1)),
    dueAt: toVietnamIso(dueAt),
    dueDate: to,
    daysOffSkipped: daysOff
      .filter((d) => d.date > from && d.date < to)
      .map(({ date, reason }) => ({ date, reason })),
    steps: stepDeadlines(
      calendar,
      acceptedAt,
      procedure.routingSteps.map((s) => ({ stepId: s.id, workingDays: s.workingDays })),
    ).map((step, i) => ({
      id: step.stepId,
      name: procedure.routingSteps[i]?.name ?? step.stepId,
      workingDays: step.workingDays,
      dueAt: toVietnamIso(step.dueAt),
    })),
  };
}
