// Partner file links: a token names one document of one dossier until it expires, and any change to it is refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLOCK_SKEW_SECONDS,
  PARTNER_LINK_SECONDS,
  partnerFileLink,
  partnerFileToken,
  readPartnerFileToken,
  type PartnerFileRef,
  type PartnerLinkKey,
} from '../../shared/partner-files/link.js';

const REF: PartnerFileRef = {
  dossierId: '7b0c6f3e-5a0e-4d8e-9d55-3f2b8c1a9e10',
  kind: 'result',
  documentId: '2b9a5178-5452-48c7-97ce-1bbe219497a6',
};
const NOW = Date.parse('2026-12-02T01:00:00Z');
const KEY: PartnerLinkKey = { secret: 'secret', baseUrl: 'https://api.example.gov.vn/' };
const OTHER_SECRET: PartnerLinkKey = { ...KEY, secret: 'other' };

describe('partner file links', () => {
  it('reads back the document it was signed for until it expires, seven days on', () => {
    const link = partnerFileLink(KEY, REF, NOW);
    expect(link).toMatch(/^https:\/\/api\.example\.gov\.vn\/partner-files\/[A-Za-z0-9._-]+$/);
    const token = link.split('/').pop()!;
    expect(readPartnerFileToken(KEY, token, NOW)).toEqual({
      ok: true,
      ref: REF,
      expiresAt: NOW / 1000 + PARTNER_LINK_SECONDS,
    });
    expect(readPartnerFileToken(KEY, token, NOW + PARTNER_LINK_SECONDS * 1000 - 1).ok).toBe(true);
    expect(readPartnerFileToken(KEY, token, NOW + PARTNER_LINK_SECONDS * 1000)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('carries nothing but ids and the expiry', () => {
    const token = partnerFileToken(KEY, REF, NOW / 1000);
    expect(token.split('.').slice(0, 3)).toEqual([REF.dossierId, 'r', REF.documentId]);
  });

  it('refuses a token signed with another secret, and any one character changed', () => {
    const token = partnerFileToken(KEY, REF, NOW / 1000 + 60);
    expect(readPartnerFileToken(OTHER_SECRET, token, NOW)).toEqual({ ok: false, reason: 'invalid' });
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.';
    fc.assert(
      fc.property(fc.nat(token.length - 1), fc.constantFrom(...alphabet), (at, replacement) => {
        fc.pre(token[at] !== replacement);
        const changed = `${token.slice(0, at)}${replacement}${token.slice(at + 1)}`;
        // Changed anywhere (ids, kind, expiry, signature), it is not a token this API signed, expired or not.
        expect(readPartnerFileToken(KEY, changed, NOW)).toEqual({ ok: false, reason: 'invalid' });
      }),
    );
  });

  it('tells an expired link only of one it signed', () => {
    const past = partnerFileToken(KEY, REF, NOW / 1000 - 1);
    expect(readPartnerFileToken(KEY, past, NOW)).toEqual({ ok: false, reason: 'expired' });
    expect(readPartnerFileToken(OTHER_SECRET, past, NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('signs only ids it can read back', () => {
    expect(() => partnerFileToken(KEY, { ...REF, documentId: 'a.b' }, NOW / 1000)).toThrow(TypeError);
  });

  it('verifies only under the base URL it was signed for, so a link of one stage is nothing in another', () => {
    const token = partnerFileToken(KEY, REF, NOW / 1000 + 60);
    // The same base URL however it is written at its end.
    expect(readPartnerFileToken({ ...KEY, baseUrl: 'https://api.example.gov.vn' }, token, NOW).ok).toBe(true);
    for (const baseUrl of [
      'https://api-dev.example.gov.vn',
      'https://api.example.gov.vn/v1',
      'http://api.example.gov.vn',
    ])
      expect(readPartnerFileToken({ ...KEY, baseUrl }, token, NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('reads a token only in the one spelling it was signed in', () => {
    const token = partnerFileToken(KEY, REF, NOW / 1000 + 60);
    const [dossierId, kind, documentId, expires, mac] = token.split('.') as [
      string,
      string,
      string,
      string,
      string,
    ];
    const respelled = [
      // The same expiry with leading zeros, parsed to the same number.
      [dossierId, kind, documentId, `0${expires}`, mac],
      [dossierId, kind, documentId, `00${expires}`, mac],
      // In capitals, which base 36 parsing reads alike.
      [dossierId, kind, documentId, expires.toUpperCase(), mac],
    ].map((parts) => parts.join('.'));
    for (const changed of respelled) {
      expect(changed).not.toBe(token);
      expect(readPartnerFileToken(KEY, changed, NOW), changed).toEqual({ ok: false, reason: 'invalid' });
    }
  });

  it('refuses a signed token that lasts longer than a link is signed for', () => {
    const longest = NOW / 1000 + PARTNER_LINK_SECONDS + CLOCK_SKEW_SECONDS;
    expect(readPartnerFileToken(KEY, partnerFileToken(KEY, REF, longest), NOW).ok).toBe(true);
    expect(readPartnerFileToken(KEY, partnerFileToken(KEY, REF, longest + 1), NOW)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    // A year ahead, as a leaked secret or a wrong clock would sign it.
    const yearOn = partnerFileToken(KEY, REF, NOW / 1000 + 365 * 86_400);
    expect(readPartnerFileToken(KEY, yearOn, NOW)).toEqual({ ok: false, reason: 'invalid' });
  });
});
