// Every refusal speaks one language, wholly: the caller's, from Accept-Language.
import { describe, expect, it } from 'vitest';
import * as FIELD_MESSAGES from '../../shared/http/field-messages.js';
import { STATUS_NAMES } from '../../shared/http/messages.js';
import { call, useLocalStack, type ApiResponse } from '../support/local-stack.js';
import { application, attach, createDossier, PDF, quickApp, tokenFor } from '../support/dossiers.js';

const local = useLocalStack({ app: quickApp });

/** Letters only Vietnamese writes: none may appear in an English message. */
const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;
/** Words an English message uses and a Vietnamese one never should. */
const ENGLISH = /\b(the|must|is|not|of|and|required|invalid|expected|received|at most|too)\b/i;

type Problem = { title: string; detail?: string; errors?: { field: string; message: string }[] };
const texts = (p: Problem) => [p.title, p.detail ?? '', ...(p.errors ?? []).map((e) => e.message)];

describe('messages in both languages', () => {
  it('has every field message, status and its English free of Vietnamese', () => {
    for (const [key, m] of Object.entries({ ...FIELD_MESSAGES, ...STATUS_NAMES })) {
      expect(m.vi, key).not.toBe('');
      expect(m.en, key).not.toBe('');
      expect(m.en, key).not.toMatch(VIETNAMESE);
      expect(m.vi, key).not.toBe(m.en);
    }
  });

  it("gives each schema's own message a key no other message has", () => {
    const keys = Object.values(FIELD_MESSAGES).map((m) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('answers each refusal wholly in the language asked for', async () => {
    const token = await tokenFor(local.stack);
    const draft = (await createDossier(local.stack, token)).body.id;
    await attach(local.stack, token, draft, 'to-khai-khai-sinh', PDF);
    const requests: [string, string, RequestInit & { json?: unknown; token?: string }][] = [
      [
        'wrong types and unknown fields',
        '/dossiers',
        {
          method: 'POST',
          token,
          headers: { 'idempotency-key': `lang-${Date.now()}-1` },
          json: { ...application(), channels: 'sms', form: { x: 1e16, 'bad key': 1 }, colour: 'red' },
        },
      ],
      [
        'a missing and a malformed applicant',
        '/dossiers',
        {
          method: 'POST',
          token,
          headers: { 'idempotency-key': `lang-${Date.now()}-2` },
          json: {
            ...application(),
            applicant: { fullName: '', citizenId: '1', phone: '0123', email: 'x', address: 'a'.repeat(400) },
            channels: ['sms', 'sms', 'fax'],
          },
        },
      ],
      [
        'a document the procedure does not take',
        `/dossiers/${draft}/attachments`,
        {
          method: 'POST',
          token,
          json: {
            documentType: 'to-khai-khai-sinh',
            fileName: 'a.exe',
            size: 99_999_999,
            contentType: 'text/html',
          },
        },
      ],
      ['a submission missing a document', `/dossiers/${draft}/submit`, { method: 'POST', token }],
      ['a forged cursor', '/procedures?cursor=e30', {}],
      ['a page size out of range', '/procedures?pageSize=0&serviceLevel=9', {}],
      ['an unknown path', '/no-such-thing', {}],
      ['a wrong method', '/calendar/due-date', { method: 'DELETE' }],
      [
        'malformed JSON',
        `/dossiers/${draft}/attachments`,
        { method: 'POST', token, body: '{"a":', headers: { 'content-type': 'application/json' } },
      ],
      [
        // The parser's message would quote the body back, Vietnamese words and all.
        'malformed JSON in Vietnamese words',
        `/dossiers/${draft}/attachments`,
        { method: 'POST', token, body: 'Nguyễn Thị Bình', headers: { 'content-type': 'application/json' } },
      ],
      [
        'text instead of JSON',
        `/dossiers/${draft}/attachments`,
        { method: 'POST', token, body: 'a', headers: { 'content-type': 'text/plain' } },
      ],
      [
        'a due date out of the calendar',
        '/calendar/due-date?procedure=1.001193&acceptedAt=1990-01-01T00:00:00Z',
        {},
      ],
      ['no Idempotency-Key', '/dossiers', { method: 'POST', token, json: application() }],
    ];
    for (const [name, path, init] of requests) {
      const vi = (await call<Problem>(local.stack, path, {
        ...init,
        language: 'vi',
      })) as ApiResponse<Problem>;
      const en = (await call<Problem>(local.stack, path, {
        ...init,
        language: 'en',
      })) as ApiResponse<Problem>;
      expect(vi.status, name).toBeGreaterThanOrEqual(400);
      expect(en.status, name).toBe(vi.status);
      for (const text of texts(en.body)) expect(text, `${name} (en)`).not.toMatch(VIETNAMESE);
      for (const text of texts(vi.body)) expect(text, `${name} (vi)`).not.toMatch(ENGLISH);
      expect(
        vi.body.errors?.map((e) => e.field),
        name,
      ).toEqual(en.body.errors?.map((e) => e.field));
      (vi.body.errors ?? []).forEach((e, i) =>
        expect(e.message, `${name}: ${e.field}`).not.toBe(en.body.errors![i]!.message),
      );
    }
  });
});
