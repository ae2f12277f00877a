// The public lookup's pure rules: masked names, PINs and link proofs, verifiers, the public timeline, inquiries.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendEvent,
  type HistoryEvent,
  type HistoryEventInput,
} from '../../shared/domain/dossier/history.js';
import {
  inquiryCode,
  lookupPin,
  lookupProof,
  maskName,
  normalizePhone,
  PIN,
  PIN_ALPHABET,
  PROOF,
  publicTimeline,
  VERIFIER,
  verifies,
} from '../../shared/domain/dossier/lookup.js';

const CODE = '000.01.00.H56-261201-0001';
const SECRET = 'stage-secret';
const PHONE = '0912345678';

describe('maskName', () => {
  it('keeps the family name and the initial of every other name', () => {
    expect(maskName('Nguyễn Văn An')).toBe('Nguyễn V. A.');
    expect(maskName('  Trần   thị  ánh Hồng ')).toBe('Trần T. Á. H.');
    expect(maskName('Lê')).toBe('Lê');
  });

  it('never shows more than one letter of any name but the first', () => {
    // Letters only: À–ỹ also holds combining marks, signs (×, ÷) and a space (U+1680, the Ogham space mark), which
    // divides a name as any other space does.
    const name = fc.stringMatching(/^[A-Za-zÀ-ỹ]{2,12}$/u).filter((n) => /^\p{L}+$/u.test(n));
    fc.assert(
      fc.property(name, fc.array(name, { minLength: 1, maxLength: 4 }), (family, rest) => {
        const masked = maskName([family, ...rest].join(' '));
        const [shownFamily, ...initials] = masked.split(' ');
        expect(shownFamily).toBe(family);
        expect(initials).toHaveLength(rest.length);
        for (const initial of initials) expect([...initial]).toHaveLength(2);
      }),
    );
  });
});

describe('PINs and link proofs', () => {
  it('derives a readable 6-character PIN and a 22-character proof from the code and the secret', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 9999 }), (secret, sequence) => {
        const code = `000.01.00.H56-261201-${String(sequence).padStart(4, '0')}`;
        const pin = lookupPin(secret, code);
        expect(pin).toMatch(PIN);
        expect([...pin].every((c) => PIN_ALPHABET.includes(c))).toBe(true);
        expect(pin).toMatch(VERIFIER);
        expect(lookupProof(secret, code)).toMatch(PROOF);
        expect(lookupPin(secret, code)).toBe(pin);
      }),
    );
  });

  it("opens with the phone's last four digits, the PIN in either case or the proof, and with nothing else", () => {
    const pin = lookupPin(SECRET, CODE);
    const proof = lookupProof(SECRET, CODE);
    expect(verifies(SECRET, CODE, PHONE, { kind: 'verifier', value: '5678' })).toBe(true);
    expect(verifies(SECRET, CODE, '+84912345678', { kind: 'verifier', value: '5678' })).toBe(true);
    expect(verifies(SECRET, CODE, PHONE, { kind: 'verifier', value: pin.toLowerCase() })).toBe(true);
    expect(verifies(SECRET, CODE, PHONE, { kind: 'proof', value: proof })).toBe(true);
    expect(verifies(SECRET, CODE, PHONE, { kind: 'verifier', value: '5679' })).toBe(false);
    expect(verifies(SECRET, CODE, '', { kind: 'verifier', value: '5678' })).toBe(false);
    expect(verifies('other', CODE, PHONE, { kind: 'verifier', value: pin })).toBe(false);
    expect(verifies(SECRET, CODE.replace(/1$/, '2'), PHONE, { kind: 'proof', value: proof })).toBe(false);
    // A proof is not a verifier, nor the other way round.
    expect(verifies(SECRET, CODE, PHONE, { kind: 'verifier', value: proof })).toBe(false);
    expect(verifies(SECRET, CODE, PHONE, { kind: 'proof', value: pin })).toBe(false);
  });
});

describe('publicTimeline', () => {
  const system = { id: 'pipeline', role: 'system' as const };
  const officer = { id: 'officer-7', role: 'officer' as const, agency: '000.00.02.H56', name: 'Lê Văn Tâm' };
  const build = (inputs: Omit<HistoryEventInput, 'at'>[]) =>
    inputs.reduce<HistoryEvent[]>(
      (history, input, i) => [
        ...history,
        appendEvent(history, 'd1', { ...input, at: Date.UTC(2026, 11, 1, i) }),
      ],
      [],
    );

  it('keeps status changes and hand-offs, with the agency a hand-off went to, and nothing else', () => {
    const history = build([
      { action: 'created', actor: system, from: 'draft', to: 'draft' },
      { action: 'submit', actor: system, from: 'draft', to: 'submitted' },
      { action: 'accept', actor: officer, from: 'submitted', to: 'accepted', note: 'Đủ hồ sơ; due=x' },
      {
        action: 'notified',
        actor: system,
        from: 'accepted',
        to: 'accepted',
        note: 'channel=sms to=0912345678',
      },
      {
        action: 'start-processing',
        actor: system,
        from: 'accepted',
        to: 'processing',
        note: 'step=a agency=000.00.02.H56',
      },
      {
        action: 'forward',
        actor: officer,
        from: 'processing',
        to: 'processing',
        note: 'step=b agency=000.00.03.H56 gọi 0912345678',
      },
    ]);
    expect(publicTimeline(history)).toEqual([
      { at: '2026-12-01T01:00:00.000Z', action: 'submit', from: 'draft', to: 'submitted', agency: null },
      { at: '2026-12-01T02:00:00.000Z', action: 'accept', from: 'submitted', to: 'accepted', agency: null },
      {
        at: '2026-12-01T04:00:00.000Z',
        action: 'start-processing',
        from: 'accepted',
        to: 'processing',
        agency: '000.00.02.H56',
      },
      {
        at: '2026-12-01T05:00:00.000Z',
        action: 'forward',
        from: 'processing',
        to: 'processing',
        agency: '000.00.03.H56',
      },
    ]);
  });
});

describe('inquiries', () => {
  it('reads TRACUU <code> however it is typed, and nothing else', () => {
    expect(inquiryCode(`TRACUU ${CODE}`)).toBe(CODE);
    expect(inquiryCode(`  tra cứu   ${CODE.toLowerCase()} `)).toBe(CODE);
    expect(inquiryCode(`Tra Cuu ${CODE}`)).toBe(CODE);
    expect(inquiryCode('xin chào')).toBeNull();
    expect(inquiryCode('TRACUU')).toBeNull();
    expect(inquiryCode(`TRACUU ${CODE} và thêm`)).toBeNull();
  });

  it('writes a phone number one way, whichever way it came', () => {
    for (const phone of ['0912345678', '+84912345678', '84912345678', '091 234 5678'])
      expect(normalizePhone(phone)).toBe('84912345678');
  });
});
