// What a year's official schedule must hold before it counts: its dates in that year, make-up working days on a
// weekend, and no date listed twice (as a day off and a working day, or twice in one list).
import type { YearSchedule } from './calendar.js';
import { isWeekendDayNumber, toDayNumber, yearOf } from './local-date.js';

export type ScheduleRule = 'outside-year' | 'make-up-not-weekend' | 'duplicate-date';

export interface ScheduleIssue {
  path: ['daysOff' | 'workingDays', number, 'date'];
  rule: ScheduleRule;
}

export function scheduleIssues(schedule: YearSchedule): ScheduleIssue[] {
  const issues: ScheduleIssue[] = [];
  const seen = new Set<string>();
  for (const list of ['daysOff', 'workingDays'] as const) {
    (schedule[list] ?? []).forEach(({ date }, i) => {
      const path: ScheduleIssue['path'] = [list, i, 'date'];
      if (yearOf(date) !== schedule.year) issues.push({ path, rule: 'outside-year' });
      else if (list === 'workingDays' && !isWeekendDayNumber(toDayNumber(date)))
        issues.push({ path, rule: 'make-up-not-weekend' });
      if (seen.has(date)) issues.push({ path, rule: 'duplicate-date' });
      seen.add(date);
    });
  }
  return issues;
}
