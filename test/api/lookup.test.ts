// The public lookup over HTTP: what it shows (nothing personal), what opens it (the phone's last digits, the
// receipt's PIN, the QR link's proof), one answer for every wrong guess, and the lockout of a guessed code.
import { issuedForm } from '../support/forms.js';
import { UpdateCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { LOCAL_LOOKUP_SECRET } from '../../local/runner.js';
import { lookupPin, lookupProof } from '../../shared/domain/dossier/lookup.js';
import { call, problemOf, useLocalStack, type ApiResponse } from '../support/local-stack.js';
import { application, quickApp } from '../support/dossiers.js';
import { pdfLines } from '../support/pdf-text.js';
import { BIRTH, processingBirth, resolvedBirth } from '../support/workspace.js';

const local = useLocalStack({ app: quickApp });

const applicant = application().applicant;
const RIGHT_DIGITS = applicant.phone.slice(-4);
const WRONG_DIGITS = RIGHT_DIGITS === '0000' ? '1111' : '0000';

const lookup = (code: string, query: string, language?: string) =>
  call(local.stack, `/lookup/${encodeURIComponent(code)}?${query}`, language ? { language } : {});

/** A problem's body without `instance` (the path it answers, which differs by code). */
const withoutInstance = (answer: ApiResponse) => {
  const { instance: _instance, ...rest } = answer.body as Record<string, unknown>;
  return rest;
};

/** Moves a code's lockout window into the past, as fifteen minutes of waiting would. */
async function expireLockout(code: string) {
  const client = DynamoDBDocumentClient.from(local.stack.clients.dynamodb);
  await client.send(
    new UpdateCommand({
      TableName: local.stack.resources.env.TABLE_DOSSIERS!,
      Key: { pk: `ATTEMPTS#code#${code}`, sk: '#' },
      UpdateExpression: 'SET endsAt = :past',
      ExpressionAttributeValues: { ':past': Date.now() - 1 },
    }),
  );
}

/** The receipt's lines, once the documents stage has issued it. */
async function receiptText(citizen: string, id: string) {
  const { pdf } = await issuedForm(local.stack, citizen, `/dossiers/${id}/receipt.pdf`);
  return pdfLines(pdf).map((l) => l.text);
}

describe('GET /lookup/{code}', () => {
  it("shows a resolved dossier's status, dates and public timeline, and nothing personal", async () => {
    const dossier = await resolvedBirth(local.stack);
    const answer = await lookup(dossier.code, `verifier=${RIGHT_DIGITS}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const body = answer.body as Record<string, unknown> & { timeline: Record<string, unknown>[] };
    expect(Object.keys(body).sort()).toEqual(
      [
        'code',
        'procedure',
        'agency',
        'step',
        'status',
        'nationalStatus',
        'receivedAt',
        'dueAt',
        'resolvedAt',
        'releasedAt',
        'applicantName',
        'timeline',
      ].sort(),
    );
    const iso = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(body).toEqual({
      code: dossier.code,
      procedure: { code: BIRTH.procedure, name: 'Đăng ký khai sinh' },
      agency: { code: BIRTH.agency, name: 'Ủy ban nhân dân phường Long An' },
      step: { id: 'tiep-nhan-giai-quyet', name: 'Tiếp nhận, kiểm tra và ghi vào Sổ hộ tịch' },
      status: 'resolved',
      nationalStatus: { code: 9, label: 'Đã xử lý xong' },
      receivedAt: iso,
      dueAt: iso,
      resolvedAt: iso,
      releasedAt: null,
      applicantName: 'Nguyễn T. B.',
      timeline: [
        { at: iso, action: 'submit', from: 'draft', to: 'submitted', agency: null },
        { at: iso, action: 'accept', from: 'submitted', to: 'accepted', agency: null },
        { at: iso, action: 'start-processing', from: 'accepted', to: 'processing', agency: BIRTH.agency },
        { at: iso, action: 'resolve', from: 'processing', to: 'resolved', agency: null },
      ],
    });
    // Every timeline entry has exactly these fields: no note, actor, hash or document.
    for (const entry of body.timeline)
      expect(Object.keys(entry).sort()).toEqual(['action', 'agency', 'at', 'from', 'to']);
    const text = JSON.stringify(body);
    for (const personal of [
      applicant.fullName,
      applicant.citizenId,
      applicant.phone,
      RIGHT_DIGITS,
      applicant.email!,
      applicant.address,
      'Lê Văn Tâm',
      'officer-',
      'citizen-',
    ])
      expect(text).not.toContain(personal);
  });

  it("opens with the receipt's PIN (in either case) and with its QR link's proof; a tampered proof gets 404", async () => {
    const dossier = await processingBirth(local.stack);
    const pin = lookupPin(LOCAL_LOOKUP_SECRET, dossier.code);
    const proof = lookupProof(LOCAL_LOOKUP_SECRET, dossier.code);
    const text = await receiptText(dossier.citizen, dossier.id);
    expect(text).toContain(`Mã PIN tra cứu: ${pin}`);
    // The printed link (and the QR code's, the same text) is the portal's lookup page with the proof.
    expect(text.join('')).toContain(
      `${process.env.PUBLIC_PORTAL_URL}/tra-cuu?ma=${dossier.code}&proof=${proof}`,
    );

    for (const query of [`verifier=${pin}`, `verifier=${pin.toLowerCase()}`, `proof=${proof}`]) {
      const answer = await lookup(dossier.code, query);
      expect(answer.status, query).toBe(200);
      expect(answer.body).toMatchObject({ code: dossier.code, status: 'processing' });
    }

    const tampered = `${proof.slice(0, -1)}${proof.endsWith('A') ? 'B' : 'A'}`;
    const wrongCode = dossier.code.replace(/\d{4}$/, (n) => String((Number(n) % 9999) + 1).padStart(4, '0'));
    const answers = [
      await lookup(dossier.code, `proof=${tampered}`),
      await lookup(dossier.code, `proof=${lookupProof(LOCAL_LOOKUP_SECRET, wrongCode)}`),
      await lookup(dossier.code, `proof=${lookupProof('another-stage-secret', dossier.code)}`),
      await lookup(dossier.code, `verifier=${lookupPin('another-stage-secret', dossier.code)}`),
    ];
    for (const answer of answers) expect(problemOf(answer)).toMatchObject({ status: 404 });
  });

  it('answers a wrong code and a wrong verifier with the same 404 body, in either language', async () => {
    const dossier = await processingBirth(local.stack);
    const unknown = '000.01.00.H56-200101-9999';
    for (const language of ['vi', 'en']) {
      const wrongVerifier = await lookup(dossier.code, `verifier=${WRONG_DIGITS}`, language);
      const wrongPin = await lookup(dossier.code, 'verifier=ZZZZZZ', language);
      const wrongCode = await lookup(unknown, `verifier=${RIGHT_DIGITS}`, language);
      for (const answer of [wrongVerifier, wrongPin, wrongCode]) {
        expect(answer.status).toBe(404);
        expect(answer.headers.get('content-type')).toBe('application/problem+json');
        expect(answer.headers.get('content-language')).toBe(language);
      }
      expect(withoutInstance(wrongVerifier)).toEqual(withoutInstance(wrongCode));
      expect(withoutInstance(wrongPin)).toEqual(withoutInstance(wrongCode));
      expect(Object.keys(wrongVerifier.body as object).sort()).toEqual(
        ['detail', 'instance', 'status', 'title', 'type'].sort(),
      );
    }
  });

  it('locks a code after five wrong verifiers sent at once, the right one too, until the window passes', async () => {
    const dossier = await processingBirth(local.stack);
    const guesses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        lookup(dossier.code, `verifier=${String(1000 + i).replace(RIGHT_DIGITS, '0001')}`),
      ),
    );
    const statuses = guesses.map((answer) => answer.status).sort();
    expect(statuses).toEqual([...Array(5).fill(404), ...Array(7).fill(429)]);
    const right = await lookup(dossier.code, `verifier=${RIGHT_DIGITS}`, 'en');
    expect(problemOf(right)).toMatchObject({ status: 429, type: 'urn:mot-cua:problem:too-many-requests' });
    const retryAfter = Number(right.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);

    await expireLockout(dossier.code);
    expect((await lookup(dossier.code, `verifier=${RIGHT_DIGITS}`)).status).toBe(200);
    // A new window counts from one again.
    expect((await lookup(dossier.code, `verifier=${WRONG_DIGITS}`)).status).toBe(404);
    expect((await lookup(dossier.code, `verifier=${RIGHT_DIGITS}`)).status).toBe(200);
  });

  it('locks a code nobody was issued the same way, so a lockout tells nothing about whether it exists', async () => {
    const unknown = '000.01.00.H56-200102-0001';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await lookup(unknown, `verifier=${WRONG_DIGITS}`)).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429]);
  });

  it('refuses malformed input with 400 naming the field, in the caller language', async () => {
    const dossier = '000.01.00.H56-261201-0001';
    const cases: [string, string, string[]][] = [
      [dossier, '', ['query.verifier']],
      [dossier, `verifier=${RIGHT_DIGITS}&proof=${'A'.repeat(22)}`, ['query.verifier']],
      [dossier, 'verifier=12345', ['query.verifier']],
      [dossier, 'verifier=O0O0O0', ['query.verifier']],
      [dossier, 'proof=short', ['query.proof']],
      [dossier, `verifier=${RIGHT_DIGITS}&phone=0912345678`, ['query.phone']],
      ['not-a-code', `verifier=${RIGHT_DIGITS}`, ['path.code']],
    ];
    for (const [code, query, fields] of cases) {
      const answer = await lookup(code, query, 'en');
      expect(problemOf(answer), `${code}?${query}`).toMatchObject({ status: 400, fields });
    }
    const vietnamese = await lookup(dossier, 'verifier=12345', 'vi');
    expect(vietnamese.headers.get('content-language')).toBe('vi');
    expect(JSON.stringify(vietnamese.body)).toContain('4 chữ số cuối');
  });
});
