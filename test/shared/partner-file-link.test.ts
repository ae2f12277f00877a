// Partner file links: a token names one document of one dossier until it expires, and any change to it is refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PARTNER_LINK_SECONDS,
  partnerFileLink,
  partnerFileToken,
  readPartnerFileToken,
  type PartnerFileRef,
} from '../../shared/partner-files/link.js';

const REF: PartnerFileRef = {
  dossierId: '7b0c6f3e-5a0e-4d8e-9d55-3f2b8c1a9e10',
  kind: 'result',
  documentId: '2b9a5178-5452-48c7-97ce-1bbe219497a6',
};
const NOW = Date.parse('2026-12-02T01:00:00Z');

describe('partner file links', () => {
  it('reads back the document it was signed for until it expires, seven days on', () => {
    const link = partnerFileLink('https://api.example.gov.vn/', 'secret', REF, NOW);
    expect(link).toMatch(/^https:\/\/api\.example\.gov\.vn\/partner-files\/[A-Za-z0-9._-]+$/);
    const token = link.split('/').pop()!;
    expect(readPartnerFileToken('secret', token, NOW)).toEqual({
      ok: true,
      ref: REF,
      expiresAt: NOW / 1000 + PARTNER_LINK_SECONDS,
    });
    expect(readPartnerFileToken('secret', token, NOW + PARTNER_LINK_SECONDS * 1000 - 1).ok).toBe(true);
    expect(readPartnerFileToken('secret', token, NOW + PARTNER_LINK_SECONDS * 1000)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('carries nothing but ids and the expiry', () => {
    const token = partnerFileToken('secret', REF, NOW / 1000);
    expect(token.split('.').slice(0, 3)).toEqual([REF.dossierId, 'r', REF.documentId]);
  });

  it('refuses a token signed with another secret, and any one character changed', () => {
    const token = partnerFileToken('secret', REF, NOW / 1000 + 60);
    expect(readPartnerFileToken('other', token, NOW)).toEqual({ ok: false, reason: 'invalid' });
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.';
    fc.assert(
      fc.property(fc.nat(token.length - 1), fc.constantFrom(...alphabet), (at, replacement) => {
        fc.pre(token[at] !== replacement);
        const changed = `${token.slice(0, at)}${replacement}${token.slice(at + 1)}`;
        // Changed anywhere (ids, kind, expiry, signature), it is not a token this API signed, expired or not.
        expect(readPartnerFileToken('secret', changed, NOW)).toEqual({ ok: false, reason: 'invalid' });
      }),
    );
  });

  it('tells an expired link only of one it signed', () => {
    const past = partnerFileToken('secret', REF, NOW / 1000 - 1);
    expect(readPartnerFileToken('secret', past, NOW)).toEqual({ ok: false, reason: 'expired' });
    expect(readPartnerFileToken('other', past, NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('signs only ids it can read back', () => {
    expect(() => partnerFileToken('secret', { ...REF, documentId: 'a.b' }, NOW / 1000)).toThrow(TypeError);
  });
});
