// Statutory public holidays (Labor Code 2019, Art. 112) with Tết and Hùng Kings from the Vietnamese lunar calendar.
import { fromDayNumber, fromParts, toDayNumber, type LocalDate } from './local-date.js';

export interface Holiday {
  date: LocalDate;
  reason: string;
}

/** The years the lunar table below covers (those of the converter it was computed with). */
export const LUNAR_MIN_YEAR = 1900;
export const LUNAR_MAX_YEAR = 2199;

/**
 * The two lunar days a holiday falls on, per lunar year from 1900, as two base-32 digits: Tết (1/1) in days after
 * 21 January, and Giỗ Tổ Hùng Vương (10/3) in days after Tết less 67. Computed for UTC+7 with @dqcai/vn-lunar
 * (`npx tsx scripts/lunar-table.ts`); test/domain/calendar.test.ts checks every year against it. A table, not the
 * converter: its 10 KiB of code were evaluated at every cold start of a function that counts working days.
 */
const LUNAR_TABLE =
  'a1t1i181q2e241n1c11uk191s1g252o1d22ul1b1u1i171q1f140n0c12uk191r2g251o1e031l1a2t2i262p1f141n0c11vk181' +
  'r1g161o1d131m1a1s2i171p1f141n1c102j282q2g161p1d122l1a2s1h171q1f141n1c10vj181r1g161p1e121k2a1t1h171q1' +
  'f232m2b21uj181r1h151o1d121k1a1t1i171q1f141m1b11uk181r1g252n2c221l1a1t1i172p1e132m1b11uk191r1g151o1c1' +
  '21l1b1s2i171p2e131m1c102j282r2f251o1d121l1a1t1h161p1f131m1c111j181r1g150o0d131k292s2h261p1f041m1b20v' +
  'j182r1h170p1e131m1a1t1i181q1g151o1c111k191r1h161p1d222l2b1t1i181r1f142n1c11uk191s1h161p1e121l1b00ui1' +
  '81q2f232m2c120k091s1h252o1d131l1b0u0j171q1f141m1c111l091s1h161o1d131m1a10ui272p2f141n1c111k192r1g152';

function lunarDays(year: number): { tet: number; hungKings: number } {
  if (!Number.isInteger(year) || year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR)
    throw new RangeError(`No lunar calendar for ${year}: it covers ${LUNAR_MIN_YEAR}–${LUNAR_MAX_YEAR}`);
  const at = (year - LUNAR_MIN_YEAR) * 2;
  const tet = toDayNumber(`${year}-01-21`) + parseInt(LUNAR_TABLE.charAt(at), 32);
  return { tet, hungKings: tet + 67 + parseInt(LUNAR_TABLE.charAt(at + 1), 32) };
}

/** The first day of the lunar year that starts in `year` (Tết Nguyên đán, mùng 1). */
export function lunarNewYear(year: number): LocalDate {
  return fromDayNumber(lunarDays(year).tet);
}

/** The Hùng Kings' commemoration day of `year`: the 10th day of the 3rd lunar month. */
export function hungKingsDay(year: number): LocalDate {
  return fromDayNumber(lunarDays(year).hungKings);
}

/**
 * The default holidays of a year, before the Prime Minister's schedule for that year is loaded:
 * Tết = last day of the lunar year + first four days of the new one; National Day = 2 and 3 September.
 */
export function statutoryHolidays(year: number): Holiday[] {
  const { tet, hungKings } = lunarDays(year);
  return [
    { date: fromParts(year, 1, 1), reason: 'Tết Dương lịch' },
    { date: fromDayNumber(tet - 1), reason: 'Tết Nguyên đán (ngày cuối năm âm lịch)' },
    { date: fromDayNumber(tet), reason: 'Tết Nguyên đán (mùng 1)' },
    { date: fromDayNumber(tet + 1), reason: 'Tết Nguyên đán (mùng 2)' },
    { date: fromDayNumber(tet + 2), reason: 'Tết Nguyên đán (mùng 3)' },
    { date: fromDayNumber(tet + 3), reason: 'Tết Nguyên đán (mùng 4)' },
    { date: fromDayNumber(hungKings), reason: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
    { date: fromParts(year, 4, 30), reason: 'Ngày Chiến thắng (30/4)' },
    { date: fromParts(year, 5, 1), reason: 'Ngày Quốc tế Lao động (1/5)' },
    { date: fromParts(year, 9, 2), reason: 'Quốc khánh (2/9)' },
    { date: fromParts(year, 9, 3), reason: 'Quốc khánh (ngày liền kề)' },
  ].sort((a, b) => a.date.localeCompare(b.date));
}
