// Prints the lunar table of shared/domain/calendar/holidays.ts: per lunar year, Tết and Giỗ Tổ Hùng Vương as two
// base-32 digits, computed for UTC+7 by the converter.
//   npx tsx scripts/lunar-table.ts
import { getSolarDate } from '@dqcai/vn-lunar';
import { LUNAR_MAX_YEAR, LUNAR_MIN_YEAR } from '../shared/domain/calendar/holidays.js';

const dayNumber = (year: number, month: number, day: number) => Date.UTC(year, month - 1, day) / 86_400_000;
const solarDayNumber = (year: number, month: number, day: number) => {
  const solar = getSolarDate(day, month, year, false);
  return dayNumber(solar.year, solar.month, solar.day);
};

let table = '';
for (let year = LUNAR_MIN_YEAR; year <= LUNAR_MAX_YEAR; year += 1) {
  const tet = solarDayNumber(year, 1, 1);
  const hungKings = solarDayNumber(year, 3, 10);
  const digits = [tet - dayNumber(year, 1, 21), hungKings - tet - 67];
  if (digits.some((d) => d < 0 || d > 31))
    throw new Error(`${year} does not fit the table: ${digits.join(', ')}`);
  table += digits.map((d) => d.toString(32)).join('');
}
const lines = table.match(/.{1,100}/g) ?? [];
console.log(`const LUNAR_TABLE =\n${lines.map((line) => `  '${line}'`).join(' +\n')};`);
