// Submissions of one unit in a burst take its codes in turn. A code is consumed only by the submission whose
// transaction commits it (the counter's condition), so one submission of a unit commits at a time; a loser that sent
// its whole transaction again at once met, in a burst, the same refusal over and over (50 clients on one unit: some 17
// refused transactions per submission, and submissions that waited minutes). A loser takes a place in the unit's line
// instead (an atomic counter of its own, beside the unit's code counter) and sends its transaction again when at most
// one place before its own is still waiting (the line read by key meanwhile), or when no place before its own has
// left for a while (a waiter ahead failed without saying so). Every holder marks its place done when it leaves, with
// its code or without one; a run of done places from the line's start folds into its floor (past a place whose holder
// crashed, once FOLD_AT later places are done), so the line read at every poll stays small through a day of bursts.
// The counter's condition still decides who gets which code.
import type { DossierRepository } from './repository.js';

/** How long, from its first try, a submission may wait for one of its unit's codes (then 503 or a push again). */
export const CODE_BUDGET_MS = 7_000;

/**
 * No place before this one has left for this long: a holder ahead failed without marking its place; go. (Not the code
 * counter standing still: first tries of new submissions keep it moving past holders that crashed.)
 */
const STALL_MS = 1_500;
/**
 * Goes with this many places still waiting before its own: the next in line sends while the one before it commits,
 * so the unit's commits follow one another closely (the next one is refused at most once, and goes again at once).
 */
const GO_WITH_AHEAD = 1;
/** Between two reads of the line: this long for each place still waiting before this one, within bounds. */
const WAIT_PER_PLACE_MS = 20;
const MIN_WAIT_MS = 10;
const MAX_WAIT_MS = 250;
/** Once this many places in a row past the floor are done, they fold into it (the done set keeps the rest only). */
export const FOLD_AT = 64;

export interface Turn {
  /** The code counter as last read: the transaction tries for the code after it. */
  lastIssued: number;
  /** This submission's place in the line, kept until it leaves. */
  place: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The places left of a line: every one up to `floor`, and those in `done` after it. */
export interface LineLeft {
  floor: number;
  done: number[];
}

/**
 * Which places of the line are left: up to the floor, done, or passed by FOLD_AT done places. A place still waiting
 * after so many later ones are done has a holder that crashed without marking it (a function stopped by its timeout),
 * or one that waiting for no longer puts in order; counting it as left keeps the fold going past it.
 */
function leftOf(line: LineLeft): (place: number) => boolean {
  const done = [...line.done].sort((a, b) => a - b);
  const isDone = new Set(done);
  // A place before the FOLD_AT-th highest done place has FOLD_AT done places after it.
  const passedBefore = done.length >= FOLD_AT ? done[done.length - FOLD_AT]! : 0;
  return (place) => place <= line.floor || isDone.has(place) || place < passedBefore;
}

/** Places before `place` whose holders still wait. */
export function waitingAhead(line: LineLeft, place: number): number {
  const left = leftOf(line);
  let ahead = 0;
  for (let q = line.floor + 1; q < place; q += 1) if (!left(q)) ahead += 1;
  return ahead;
}

/** The last place of the run of left places that follows the floor (the floor itself when none does). */
export function endOfDoneRun(line: LineLeft): number {
  const left = leftOf(line);
  let end = line.floor;
  while (left(end + 1)) end += 1;
  return end;
}

/**
 * Marks this submission's place done, if it took one, and folds the run of done places after the floor into it once
 * it is FOLD_AT long (best effort: the stall rule covers a failure to mark; a fold not made is made by a later leaver).
 */
export async function leaveLine(
  deps: { dossiers: Pick<DossierRepository, 'leaveCodeLine' | 'foldCodeLine'> },
  unit: string,
  date: string,
  place: number | undefined,
) {
  if (place === undefined) return;
  try {
    const line = await deps.dossiers.leaveCodeLine(unit, date, place);
    if (!line) return;
    const end = endOfDoneRun(line);
    if (end - line.floor >= FOLD_AT) await deps.dossiers.foldCodeLine(unit, date, line.floor, end);
  } catch {
    // Best effort, as above.
  }
}

/**
 * Waits for this submission's turn at the unit's next code, after a refusal of it; `place` is the one taken at an
 * earlier turn, if any (kept: a turn lost goes again at once). Returns by `deadline`.
 */
export async function awaitTurn(
  deps: { dossiers: Pick<DossierRepository, 'codeLine' | 'takeCodePlace'>; now: () => number },
  unit: string,
  date: string,
  place: number | undefined,
  deadline: number,
): Promise<Turn> {
  const mine = place ?? (await deps.dossiers.takeCodePlace(unit, date));
  let waiting = Infinity;
  let movedAt = deps.now();
  for (;;) {
    const read = await deps.dossiers.codeLine(unit, date);
    const ahead = waitingAhead(read, mine);
    if (ahead < waiting) {
      waiting = ahead;
      movedAt = deps.now();
    }
    const now = deps.now();
    if (ahead <= GO_WITH_AHEAD || now - movedAt >= STALL_MS || now >= deadline)
      return { lastIssued: read.lastIssued, place: mine };
    await sleep(Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, ahead * WAIT_PER_PLACE_MS), deadline - now));
  }
}

/**
 * After a refusal of the unit's next code: the submission's next turn, or null once it is out of time since
 * `startedAt` (its place then marked done).
 */
export async function nextTurn(
  deps: {
    dossiers: Pick<DossierRepository, 'codeLine' | 'takeCodePlace' | 'leaveCodeLine' | 'foldCodeLine'>;
    now: () => number;
  },
  sequence: { unit: string; date: string },
  place: number | undefined,
  startedAt: number,
): Promise<Turn | null> {
  if (deps.now() - startedAt > CODE_BUDGET_MS) {
    await leaveLine(deps, sequence.unit, sequence.date, place);
    return null;
  }
  return awaitTurn(deps, sequence.unit, sequence.date, place, startedAt + CODE_BUDGET_MS);
}
