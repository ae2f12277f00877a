// Per-citizen allowances (drafts opened per day, submissions per hour): fixed windows a counter is kept for.
import { localDateAt } from '../calendar/local-date.js';

export type AllowanceName = 'drafts' | 'submissions';

/** One window of one allowance for one citizen: the key of its counter and when the window closes. */
export interface AllowanceWindow {
  name: AllowanceName;
  key: string;
  /** Epoch milliseconds at which the window closes and its counter starts again from zero. */
  endsAt: number;
}

const HOUR_MS = 3_600_000;
const VIETNAM_OFFSET_MS = 7 * HOUR_MS;

/** Drafts are counted per Vietnamese calendar day of their creation: submitting one gives its place back. */
export function draftWindow(subject: string, createdAt: number): AllowanceWindow {
  const date = localDateAt(createdAt);
  const endsAt = Date.parse(`${date}T00:00:00Z`) - VIETNAM_OFFSET_MS + 24 * HOUR_MS;
  return { name: 'drafts', key: `drafts#${subject}#${date}`, endsAt };
}

/** Submissions are counted per clock hour. */
export function submissionWindow(subject: string, at: number): AllowanceWindow {
  const start = Math.floor(at / HOUR_MS) * HOUR_MS;
  const hour = new Date(start).toISOString().slice(0, 13);
  return { name: 'submissions', key: `submissions#${subject}#${hour}`, endsAt: start + HOUR_MS };
}

/** Whole seconds until a window closes, at least 1: the `Retry-After` of a refusal. */
export function secondsUntil(window: AllowanceWindow, now: number): number {
  return Math.max(1, Math.ceil((window.endsAt - now) / 1000));
}
