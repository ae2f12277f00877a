import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  initialState,
  nationalStatus,
  STATUSES,
  transition,
  type Action,
  type DossierState,
} from '#domain/dossier/status-machine.js';
import {
  citizen,
  DUE,
  NOW,
  officer,
  stateAfter,
  system,
  toProcessing,
  toReleased,
} from '../builders/dossier.js';

const supplement: Action = {
  type: 'request-supplement',
  checklist: [{ documentType: 'id-card', description: 'Bản sao CCCD' }],
};
const received: Action = { type: 'receive-supplement', documentHashes: ['b'.repeat(64)] };

describe('the status machine', () => {
  it('maps submission, acceptance, processing, resolution and release onto national codes 1, 2, 4, 9, 10', () => {
    const codes = [1, 2, 3].map((n) => nationalStatus(stateAfter(toProcessing.slice(0, n)).status)?.code);
    expect(codes).toEqual([1, 2, 4]);
    expect(nationalStatus(stateAfter(toReleased.slice(0, 4)).status)?.code).toBe(9);
    expect(nationalStatus(stateAfter(toReleased).status)).toEqual({ code: 10, label: 'Đã trả kết quả' });
  });

  it('never syncs a draft', () => {
    expect(nationalStatus('draft')).toBeNull();
  });

  it('names the current state and the allowed actions when a transition is illegal', () => {
    const result = transition(
      stateAfter([{ type: 'submit' }]),
      { type: 'release' },
      { actor: officer, now: NOW },
    );
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'illegal-transition',
        status: 'submitted',
        action: 'release',
        allowed: ['accept', 'refuse', 'request-supplement'],
      },
    });
  });

  it('refuses at reception only with a reason', () => {
    const submitted = stateAfter([{ type: 'submit' }]);
    const noReason = transition(submitted, { type: 'refuse', reason: ' ' }, { actor: officer, now: NOW });
    expect(noReason).toMatchObject({ ok: false, error: { kind: 'rule-violated', rule: 'reason-required' } });
    const refused = transition(
      submitted,
      { type: 'refuse', reason: 'Sai thẩm quyền' },
      { actor: officer, now: NOW },
    );
    expect(refused.ok && nationalStatus(refused.state.status)?.code).toBe(3);
  });

  it('refuses a second supplement request at the same step', () => {
    const once = stateAfter([
      ...toProcessing,
      supplement,
      { type: 'receive-supplement', documentHashes: [] },
    ]);
    const again = transition(once, supplement, { actor: officer, now: NOW });
    expect(again).toMatchObject({
      ok: false,
      error: {
        kind: 'rule-violated',
        rule: 'supplement-already-requested-at-this-step',
        status: 'processing',
      },
    });
  });

  it('allows another supplement request at the same step once the applicant has sent new documents', () => {
    const state = stateAfter([...toProcessing, supplement, received, supplement]);
    expect(state.status).toBe('supplement-requested');
  });

  it('allows a supplement request at each processing step', () => {
    const state = stateAfter([
      ...toProcessing,
      supplement,
      { type: 'receive-supplement', documentHashes: [] },
      { type: 'forward', stepId: 'tax', agency: 'CT.H39' },
      supplement,
    ]);
    expect(state.status).toBe('supplement-requested');
  });

  it('goes back where it was when the supplement arrives', () => {
    expect(stateAfter([{ type: 'submit' }, supplement, received]).status).toBe('submitted');
    expect(stateAfter([...toProcessing, supplement, received]).status).toBe('processing');
  });

  it('forwards to another agency and returns to the previous step', () => {
    const forwarded = stateAfter([
      ...toProcessing,
      { type: 'forward', stepId: 'land-office', agency: 'VPDK.H39' },
    ]);
    expect(forwarded.steps.at(-1)).toEqual({ stepId: 'land-office', agency: 'VPDK.H39' });
    expect(nationalStatus(forwarded.status)?.code).toBe(4);
    const back = stateAfter([
      ...toProcessing,
      { type: 'forward', stepId: 'land-office', agency: 'VPDK.H39' },
      { type: 'return', note: 'Thiếu chữ ký' },
    ]);
    expect(back.steps).toEqual([{ stepId: 'reception', agency: 'H39.01' }]);
    const noPrevious = transition(
      stateAfter(toProcessing),
      { type: 'return', note: 'x' },
      { actor: officer, now: NOW },
    );
    expect(noPrevious).toMatchObject({ ok: false, error: { rule: 'no-previous-step' } });
  });

  it('asks for a fee and resumes processing once paid', () => {
    const fee = stateAfter([...toProcessing, { type: 'request-fee', amountVnd: 50_000 }]);
    expect(nationalStatus(fee.status)?.code).toBe(6);
    expect(
      stateAfter([
        ...toProcessing,
        { type: 'request-fee', amountVnd: 50_000 },
        { type: 'confirm-payment', reference: 'PG-1' },
      ]).status,
    ).toBe('processing');
  });

  it('extends only before the due date passes, to a later date', () => {
    const processing = stateAfter(toProcessing);
    const later = DUE + 3 * 86_400_000;
    const ok = transition(
      processing,
      { type: 'extend', newDueAt: later, reason: 'Xác minh' },
      { actor: officer, now: DUE - 1 },
    );
    expect(ok.ok && ok.state.dueAt).toBe(later);
    const late = transition(
      processing,
      { type: 'extend', newDueAt: later, reason: 'Xác minh' },
      { actor: officer, now: DUE + 1 },
    );
    expect(late).toMatchObject({ ok: false, error: { rule: 'due-date-already-passed' } });
    expect(late.ok || late.error.allowed).not.toContain('extend');
    const earlier = transition(
      processing,
      { type: 'extend', newDueAt: DUE - 1, reason: 'x' },
      { actor: officer, now: NOW },
    );
    expect(earlier).toMatchObject({ ok: false, error: { rule: 'new-date-must-be-later' } });
  });

  it('stops with a reason (code 8)', () => {
    expect(
      nationalStatus(
        stateAfter([...toProcessing, { type: 'stop', reason: 'Theo yêu cầu cơ quan điều tra' }]).status,
      )?.code,
    ).toBe(8);
  });

  it('lets the applicant withdraw before resolution, never after', () => {
    expect(nationalStatus(stateAfter([...toProcessing, { type: 'withdraw' }]).status)?.code).toBe(7);
    const resolved = stateAfter(toReleased.slice(0, 4));
    expect(transition(resolved, { type: 'withdraw' }, { actor: citizen, now: NOW })).toMatchObject({
      ok: false,
      error: { kind: 'illegal-transition', status: 'resolved' },
    });
  });

  it('lets only the applicant withdraw', () => {
    expect(
      transition(stateAfter(toProcessing), { type: 'withdraw' }, { actor: officer, now: NOW }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', role: 'officer' },
    });
  });

  it('takes one satisfaction rating, after release', () => {
    const rated = stateAfter([...toReleased, { type: 'rate', score: 5 }]);
    expect(rated.rated).toBe(true);
    expect(transition(rated, { type: 'rate', score: 4 }, { actor: citizen, now: NOW })).toMatchObject({
      ok: false,
      error: { rule: 'already-rated' },
    });
    expect(
      transition(stateAfter(toProcessing), { type: 'rate', score: 4 }, { actor: citizen, now: NOW }).ok,
    ).toBe(false);
  });

  it('lets the pipeline accept automatically but not resolve', () => {
    const submitted = stateAfter([{ type: 'submit' }]);
    expect(transition(submitted, { type: 'accept', dueAt: DUE }, { actor: system, now: NOW }).ok).toBe(true);
    const processing = stateAfter(toProcessing);
    expect(
      transition(processing, { type: 'resolve', resultDocumentHashes: ['c'] }, { actor: system, now: NOW })
        .ok,
    ).toBe(false);
  });
});

const anyAction: fc.Arbitrary<Action> = fc.oneof(
  fc.constant<Action>({ type: 'submit' }),
  fc.constant<Action>({ type: 'accept', dueAt: DUE }),
  fc.constant<Action>({ type: 'refuse', reason: 'Sai thẩm quyền' }),
  fc.constant<Action>(supplement),
  fc.constantFrom<Action>(received, { type: 'receive-supplement', documentHashes: [] }),
  fc.constant<Action>({ type: 'start-processing', stepId: 'reception', agency: 'A' }),
  fc
    .constantFrom('tax', 'land', 'police')
    .map<Action>((stepId) => ({ type: 'forward', stepId, agency: stepId })),
  fc.constant<Action>({ type: 'return', note: 'x' }),
  fc.constant<Action>({ type: 'request-fee', amountVnd: 10_000 }),
  fc.constant<Action>({ type: 'confirm-payment', reference: 'r' }),
  fc.constant<Action>({ type: 'resolve', resultDocumentHashes: ['d'] }),
  fc.constant<Action>({ type: 'release' }),
  fc.constant<Action>({ type: 'extend', newDueAt: DUE + 86_400_000, reason: 'r' }),
  fc.constant<Action>({ type: 'stop', reason: 'r' }),
  fc.constant<Action>({ type: 'withdraw' }),
  fc.constant<Action>({ type: 'rate', score: 3 }),
);
const anyActor = fc.constantFrom(citizen, officer, system);

describe('the status machine (properties)', () => {
  it('reaches only defined states, and every submitted state has a national code', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(anyAction, anyActor), { maxLength: 40 }), (steps) => {
        let state: DossierState = initialState;
        for (const [action, actor] of steps) {
          const result = transition(state, action, { actor, now: NOW });
          if (!result.ok) {
            expect(result.error.status).toBe(state.status);
            continue;
          }
          state = result.state;
          expect(STATUSES).toContain(state.status);
          expect(nationalStatus(state.status)?.code).toBeGreaterThanOrEqual(1);
        }
      }),
    );
  });

  it('accepts an action exactly when it is allowed and its payload is valid', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(anyAction, anyActor), { maxLength: 30 }), (steps) => {
        let state: DossierState = initialState;
        for (const [action, actor] of steps) {
          const allowed = allowedActions(state, { actor, now: NOW });
          const result = transition(state, action, { actor, now: NOW });
          if (result.ok) {
            expect(allowed).toContain(action.type);
            state = result.state;
          } else if (allowed.includes(action.type)) {
            expect(result.error.kind).toBe('rule-violated');
          } else {
            expect(result.error.allowed).toEqual(allowed);
          }
        }
      }),
    );
  });
});
