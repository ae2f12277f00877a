// npm run bench:deadlines — due dates over 60-working-day spans crossing Tết, 100,000 times.
import { createCalendar } from '../shared/domain/calendar/calendar.js';
import { dueAfter } from '../shared/domain/calendar/deadlines.js';
import { lunarNewYear } from '../shared/domain/calendar/holidays.js';
import { toDayNumber } from '../shared/domain/calendar/local-date.js';
import { machine, writeSection } from './report.js';

const RUNS = 100_000;
const SPAN = 60;

// Acceptance instants 0–40 days before Tết, in years 2001–2098, so every span crosses the holiday.
const acceptances = Array.from({ length: RUNS }, (_, i) => {
  const year = 2001 + (i % 98);
  const tet = toDayNumber(lunarNewYear(year));
  return (tet - 1 - (i % 40)) * 86_400_000 + 2 * 3_600_000;
});

function run(calendar: ReturnType<typeof createCalendar>) {
  const started = process.hrtime.bigint();
  let checksum = 0;
  for (const accepted of acceptances) checksum += dueAfter(calendar, accepted, SPAN) % 1000;
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, checksum };
}

const cold = run(createCalendar());
const warmCalendar = createCalendar();
run(warmCalendar);
const warm = run(warmCalendar);
if (cold.checksum !== warm.checksum) throw new Error('cold and warm runs disagree');

const line = (label: string, ms: number) =>
  `| ${label} | ${RUNS.toLocaleString('en')} | ${ms.toFixed(0)} ms | ${((RUNS / ms) * 1000).toFixed(0)} /s | ${((ms * 1000) / RUNS).toFixed(2)} µs |`;
const body = `## Deadlines (\`npm run bench:deadlines\`)

Due date = 17:00 on the 60th working day after acceptance, acceptance 0–40 days before Tết in 2001–2098
(every span crosses Tết and its weekends). ${machine()}.

| calendar | due dates | total | rate | per due date |
| --- | --- | --- | --- | --- |
${line('fresh (holidays computed on first use of each year)', cold.ms)}
${line('warm (years already computed)', warm.ms)}`;
console.log(body);
writeSection('deadlines', body);
