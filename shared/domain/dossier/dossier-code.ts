// Dossier codes (mã hồ sơ): <receiving unit identifier>-<yyMMdd>-<4-digit sequence per unit per day>.
import { isValidLocalDate, localDateAt } from '../calendar/local-date.js';

export interface DossierCodeParts {
  unit: string;
  /** The receiving date in Vietnam, `YYYY-MM-DD`. */
  date: string;
  sequence: number;
}

export const MAX_DAILY_SEQUENCE = 9999;
/** Unit identifiers from the agency catalogue, e.g. 000.00.16.H39. */
export const UNIT_IDENTIFIER = /^[A-Z0-9]+(?:\.[A-Z0-9]+)*$/;
const CODE = /^([A-Z0-9]+(?:\.[A-Z0-9]+)*)-(\d{2})(\d{2})(\d{2})-(\d{4})$/;

export class DossierCodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DossierCodeError';
  }
}

/** A unit has issued every code of a day (the sequence has four digits): it can take no more dossiers that day. */
export class DailyCodesExhaustedError extends DossierCodeError {
  constructor(
    readonly unit: string,
    readonly date: string,
  ) {
    super(`Unit ${unit} has used every code for ${date}`);
    this.name = 'DailyCodesExhaustedError';
  }
}

export function isValidUnitIdentifier(unit: string): boolean {
  return UNIT_IDENTIFIER.test(unit);
}

export function formatDossierCode({ unit, date, sequence }: DossierCodeParts): string {
  if (!isValidUnitIdentifier(unit)) throw new DossierCodeError(`Invalid unit identifier: ${unit}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_DAILY_SEQUENCE) {
    throw new DossierCodeError(`Sequence must be 1–${MAX_DAILY_SEQUENCE}, got ${sequence}`);
  }
  const [year, month, day] = date.split('-');
  if (!year || !month || !day || year.length !== 4) throw new DossierCodeError(`Invalid date: ${date}`);
  return `${unit}-${year.slice(2)}${month}${day}-${String(sequence).padStart(4, '0')}`;
}

/** Parses a code; returns null when it is not one (codes from the 2000s: yy → 20yy). */
export function parseDossierCode(code: string): DossierCodeParts | null {
  const match = CODE.exec(code.trim().toUpperCase());
  if (!match) return null;
  const [, unit, yy, mm, dd, seq] = match as unknown as [string, string, string, string, string, string];
  const date = `20${yy}-${mm}-${dd}`;
  const sequence = Number(seq);
  if (!isValidLocalDate(date) || sequence < 1) return null;
  return { unit, date, sequence };
}

export function isValidDossierCode(code: string): boolean {
  return parseDossierCode(code) !== null;
}

/**
 * The code that follows the last one a unit issued on the day of `at` (0 when none yet). It is only a proposal: the
 * submission that commits it also moves the unit's counter from `lastIssued`, so codes stay gap-free and unique.
 */
export function nextDossierCode(
  unit: string,
  at: number,
  lastIssued: number,
): DossierCodeParts & { code: string } {
  const date = localDateAt(at);
  const sequence = lastIssued + 1;
  if (sequence > MAX_DAILY_SEQUENCE) throw new DailyCodesExhaustedError(unit, date);
  return { unit, date, sequence, code: formatDossierCode({ unit, date, sequence }) };
}
