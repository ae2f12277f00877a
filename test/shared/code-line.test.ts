import { describe, expect, it } from 'vitest';
import { awaitTurn, endOfDoneRun, waitingAhead } from '../../shared/dossier/code-line.js';

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
    const turn = await awaitTurn(deps, 'U', '2026-12-03', 10, undefined, Date.now() + 4000);
    expect(turn.place).toBe(4);
    expect(state.reads).toBe(3); // 3 waiting, then 2, then 1: its turn, sent while place 3 commits
    expect(turn.lastIssued).toBe(12);
  });

  it('goes at once when nobody waits before it', async () => {
    const { state, deps } = unitLine(20, 5, [1, 2, 3, 4, 5]);
    const turn = await awaitTurn(deps, 'U', '2026-12-03', 20, undefined, Date.now() + 4000);
    expect(turn).toEqual({ lastIssued: 20, place: 6 });
    expect(state.reads).toBe(1);
  });

  it('keeps its place after a turn lost to another submission', async () => {
    const { state, deps } = unitLine(8, 9, [1, 2, 3, 4, 5, 6, 7]);
    const turn = await awaitTurn(deps, 'U', '2026-12-03', 8, 9, Date.now() + 4000);
    expect(turn).toEqual({ lastIssued: 8, place: 9 });
    expect(state.placesTaken).toBe(0);
  });

  it('goes once the code counter has stood still (a waiter ahead failed without marking its place)', async () => {
    const { deps } = unitLine(3, 9);
    const started = Date.now();
    const turn = await awaitTurn(deps, 'U', '2026-12-03', 3, undefined, started + 4000);
    expect(turn).toEqual({ lastIssued: 3, place: 10 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('returns by its deadline', async () => {
    const { deps } = unitLine(0, 50);
    const started = Date.now();
    const turn = await awaitTurn(deps, 'U', '2026-12-03', 0, undefined, started + 300);
    expect(turn.lastIssued).toBe(0);
    expect(Date.now() - started).toBeLessThan(600);
  });
});
