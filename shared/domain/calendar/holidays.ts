// Statutory public holidays (Labor Code 2019, Art. 112) with Tết and Hùng Kings from the Vietnamese lunar calendar.
import { getSolarDate } from '@dqcai/vn-lunar';
import { fromDayNumber, fromParts, toDayNumber, type LocalDate } from './local-date.js';

export interface Holiday {
  date: LocalDate;
  reason: string;
}

/** The lunar tables shipped by the converter (computed for UTC+7) cover these years. */
export const LUNAR_MIN_YEAR = 1900;
export const LUNAR_MAX_YEAR = 2199;

/** Solar date of a day of the Vietnamese lunar calendar (month not leap). */
export function solarDateOfLunar(lunarYear: number, lunarMonth: number, lunarDay: number): LocalDate {
  const solar = getSolarDate(lunarDay, lunarMonth, lunarYear, false);
  return fromParts(solar.year, solar.month, solar.day);
}

export function lunarNewYear(year: number): LocalDate {
  return solarDateOfLunar(year, 1, 1);
}

/**
 * The default holidays of a year, before the Prime Minister's schedule for that year is loaded:
 * Tết = last day of the lunar year + first four days of the new one; National Day = 2 and 3 September.
 */
export function statutoryHolidays(year: number): Holiday[] {
  const tet = toDayNumber(lunarNewYear(year));
  return [
    { date: fromParts(year, 1, 1), reason: 'Tết Dương lịch' },
    { date: fromDayNumber(tet - 1), reason: 'Tết Nguyên đán (ngày cuối năm âm lịch)' },
    { date: fromDayNumber(tet), reason: 'Tết Nguyên đán (mùng 1)' },
    { date: fromDayNumber(tet + 1), reason: 'Tết Nguyên đán (mùng 2)' },
    { date: fromDayNumber(tet + 2), reason: 'Tết Nguyên đán (mùng 3)' },
    { date: fromDayNumber(tet + 3), reason: 'Tết Nguyên đán (mùng 4)' },
    { date: solarDateOfLunar(year, 3, 10), reason: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
    { date: fromParts(year, 4, 30), reason: 'Ngày Chiến thắng (30/4)' },
    { date: fromParts(year, 5, 1), reason: 'Ngày Quốc tế Lao động (1/5)' },
    { date: fromParts(year, 9, 2), reason: 'Quốc khánh (2/9)' },
    { date: fromParts(year, 9, 3), reason: 'Quốc khánh (ngày liền kề)' },
  ].sort((a, b) => a.date.localeCompare(b.date));
}
