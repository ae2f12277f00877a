import { describe, expect, it } from 'vitest';
import { FOLD_AT, awaitTurn, endOfDoneRun, waitingAhead } from '../../shared/dossier/code-line.js';

/** A unit's code counter and its line in memory. */
function unitLine(counter: number, handedOut: number, done: number[] = []) {
  const state = { counter, line: handedOut, done, placesTaken: 0, reads: 0 };
  const dossiers = {
    codeLine: async () => {
      state.reads += 1;
      return { lastIssued: state.counter, floor: 0, done: [...state.done] };
    },
    takeCodePlace: async () => {
      state.placesTaken += 1;
      state.line += 1;
      return state.line;
    },
  };
  return { state, deps: { dossiers, now: () => Date.now() } };
}

describe('the line for a unit’s next code', () => {
  it('counts the places before one whose holders still wait', () => {
    expect(waitingAhead({ floor: 0, done: [1, 2, 4, 7] }, 8)).toBe(3);
    expect(waitingAhead({ floor: 0, done: [] }, 1)).toBe(0);
    // Every place up to the floor has left.
    expect(waitingAhead({ floor: 64, done: [66, 67] }, 70)).toBe(3);
    expect(waitingAhead({ floor: 64, done: [] }, 60)).toBe(0);
  });

  it('finds the run of done places that follows the floor', () => {
    expect(endOfDoneRun({ floor: 0, done: [3, 1, 2, 5] })).toBe(3);
    expect(endOfDoneRun({ floor: 10, done: [12, 13] })).toBe(10);
    expect(endOfDoneRun({ floor: 10, done: [11, 12, 14] })).toBe(12);
  });

  it('takes a place still waiting once FOLD_AT later places are done as left (a holder that crashed)', () => {
    const after = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
    // Place 11 never leaves; 12 to 12 + FOLD_AT - 1 do.
    const passed = { floor: 10, done: after(12, FOLD_AT) };
    expect(endOfDoneRun(passed)).toBe(11 + FOLD_AT);
    expect(waitingAhead(passed, 12 + FOLD_AT)).toBe(0);
    // One done place fewer: 11 is still waited for.
    const notYet = { floor: 10, done: after(12, FOLD_AT - 1) };
    expect(endOfDoneRun(notYet)).toBe(10);
    expect(waitingAhead(notYet, 11 + FOLD_AT)).toBe(1);
    // Two crashed holders (11 and 40) and places still waiting at the end (from 200): the run stops before 200.
    const two = { floor: 10, done: [...after(12, 28), ...after(41, 159)] };
    expect(endOfDoneRun(two)).toBe(199);
    expect(waitingAhead(two, 203)).toBe(3);
  });

  it('goes when at most one place before its own still waits', async () => {
    // Places 1 to 3 wait already; each of them is done, one by one, between two reads of the line.
    const { state, deps } = unitLine(10, 3);
    const read = deps.dossiers.codeLine;
    deps.dossiers.codeLine = async () => {
      const line = await read();
      state.done.push(state.done.length + 1);
      state.counter += 1;
      return line;
    };
    const turn = await awaitTurn(deps, 'U', '2026-12-03', undefined, Date.now() + 4000);
    expect(turn.place).toBe(4);
    expect(state.reads).toBe(3); // 3 waiting, then 2, then 1: its turn, sent while place 3 commits
    expect(turn.lastIssued).toBe(12);
  });

  it('goes at once when nobody waits before it', async () => {
    const { state, deps } = unitLine(20, 5, [1, 2, 3, 4, 5]);
    const turn = await awaitTurn(deps, 'U', '2026-12-03', undefined, Date.now() + 4000);
    expect(turn).toEqual({ lastIssued: 20, place: 6 });
    expect(state.reads).toBe(1);
  });

  it('keeps its place after a turn lost to another submission', async () => {
    const { state, deps } = unitLine(8, 9, [1, 2, 3, 4, 5, 6, 7]);
    const turn = await awaitTurn(deps, 'U', '2026-12-03', 9, Date.now() + 4000);
    expect(turn).toEqual({ lastIssued: 8, place: 9 });
    expect(state.placesTaken).toBe(0);
  });

  it('goes once no place before its own has left for a while (a waiter ahead failed without marking its place)', async () => {
    const { deps } = unitLine(3, 9);
    const started = Date.now();
    const turn = await awaitTurn(deps, 'U', '2026-12-03', undefined, started + 4000);
    expect(turn).toEqual({ lastIssued: 3, place: 10 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('goes past two holders that crashed while first tries of other submissions keep taking codes', async () => {
    // Places 1 and 2 never leave; the unit's counter moves at every read (submissions that won at their first try).
    const { state, deps } = unitLine(30, 2);
    const read = deps.dossiers.codeLine;
    deps.dossiers.codeLine = async () => {
      state.counter += 1;
      return read();
    };
    const started = Date.now();
    const turn = await awaitTurn(deps, 'U', '2026-12-03', undefined, started + 4000);
    expect(turn.place).toBe(3);
    expect(turn.lastIssued).toBe(state.counter);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('returns by its deadline', async () => {
    const { deps } = unitLine(0, 50);
    const started = Date.now();
    const turn = await awaitTurn(deps, 'U', '2026-12-03', undefined, started + 300);
    expect(turn.lastIssued).toBe(0);
    expect(Date.now() - started).toBeLessThan(600);
  });
});
