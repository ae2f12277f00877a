// Result signatures and public verification over the local stack: results signed by a trusted, an untrusted and an
// expired certificate, modified or appended to, or unsigned, are checked by the signatures consumer and recorded in
// the history on resolve; a procedure that requires a signature refuses the broken ones (422); /verify answers by
// hash and from a copy of the file, never with personal data.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createHash, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Procedure } from '../../shared/catalog/model.js';
import { s3AttachmentStorage } from '../../shared/dossier/storage.js';
import { dynamoVerificationRegistry } from '../../shared/signing/verify-registry.js';
import { recordResponse } from '../support/contract.js';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { askCopyCheck, REQUEUE_AFTER_MS, submitCopy } from '../../functions/verify/copy-check.js';
import { dynamoCopyCheckStore, s3CopyHeader } from '../../functions/verify/copy-check-store.js';
import {
  application,
  eventually,
  postUpload,
  quickApp,
  storedObject,
  tokenFor,
} from '../support/dossiers.js';
import { call, useLocalStack, type ApiResponse } from '../support/local-stack.js';
import { largePdf, plainPdf, signPdf, tamper, testPki, type TestPki } from '../support/signed-pdf.js';
import {
  actNow,
  BIRTH,
  officerToken,
  processingBirth,
  signaturesChecked,
  verifiedResult,
  type SignatureCheckBody,
} from '../support/workspace.js';

const local = useLocalStack({ app: quickApp });

let pki: TestPki;
let unsigned: Buffer;
const files: Record<string, Buffer> = {};

beforeAll(async () => {
  pki = await testPki();
  // The consumer and the /verify functions read the setting when they verify: the local stack shares this process.
  process.env.TRUSTED_SIGNING_ROOTS = pki.trustedRootsPem;
  unsigned = await plainPdf();
  const signed = await signPdf(unsigned, pki.leader);
  Object.assign(files, {
    valid: signed,
    untrusted: await signPdf(unsigned, pki.stranger),
    expired: await signPdf(unsigned, pki.expiredLeader),
    modified: tamper(signed),
    // An incremental update's shape: more bytes and a new end-of-file marker after the signed ones.
    appended: Buffer.concat([signed, Buffer.from('\n% added after signing\n%%EOF\n')]),
    unsigned,
  });
}, 60_000);

interface StaffView {
  results: { id: string; fileName: string; signatureCheck: SignatureCheckBody | null }[];
  history: { action: string; signatures?: { resultId: string; verdict: string; signatures: unknown[] }[] }[];
}

/** A dossier at its step with one result uploaded from `file`, its signature check recorded. */
async function withResult(file: Buffer) {
  const dossier = await processingBirth(local.stack);
  const officer = await officerToken(local.stack, BIRTH.agency);
  const resultId = await verifiedResult(local.stack, officer, dossier.id, Buffer.from(file));
  return { ...dossier, officer, resultId };
}

const problemIn = (response: ApiResponse) =>
  response.body as { detail: string; errors: { field: string; message: string }[] };

const staffView = async (token: string, id: string) =>
  (await call<StaffView>(local.stack, `/agency/dossiers/${id}`, { token })).body;

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface CheckState {
  id: string;
  status: 'pending' | 'done' | 'refused';
  check: string;
}

/** Polls a copy check as a portal does until it is answered; every 202 on the way carries Retry-After. */
async function polled(path: string) {
  const seen: number[] = [];
  const answer = await eventually(async () => {
    const polledNow = await call<Record<string, unknown>>(local.stack, path);
    seen.push(polledNow.status);
    if (polledNow.status !== 202) return polledNow;
    expect(polledNow.headers.get('retry-after')).toBe('2');
    expect(polledNow.body).toMatchObject({ status: 'pending' });
    return undefined;
  }, 60_000);
  return { answer, seen };
}

describe('result signatures under a procedure where they are optional', () => {
  it.each([
    ['valid', 'valid'],
    ['untrusted', 'untrusted'],
    ['expired', 'expired'],
    ['modified', 'modified'],
    ['appended', 'modified'],
    ['unsigned', 'unsigned'],
  ])(
    'records a result %s as %s, and resolve hands it over with the verdict in the history',
    async (file, verdict) => {
      const dossier = await withResult(files[file]!);
      const before = await staffView(dossier.officer, dossier.id);
      expect(before.results[0]!.signatureCheck!.verdict).toBe(verdict);
      const resolved = await actNow(local.stack, dossier.officer, dossier.id, 'resolve', {
        resultIds: [dossier.resultId],
      });
      expect(resolved.status).toBe(200);
      const event = (resolved.body as unknown as StaffView).history.find((e) => e.action === 'resolve')!;
      expect(event.signatures).toEqual([expect.objectContaining({ resultId: dossier.resultId, verdict })]);
      if (file === 'valid') {
        expect(event.signatures![0]!.signatures).toEqual([
          expect.objectContaining({
            verdict: 'valid',
            signer: { commonName: 'Nguyen Van Lanh Dao', organization: 'UBND Xa Thu Nghiem' },
            coversWholeDocument: true,
          }),
        ]);
      }
    },
  );

  it('checks a result once when its upload is confirmed by parallel requests, and resolves it once', async () => {
    const dossier = await processingBirth(local.stack);
    const officer = await officerToken(local.stack, BIRTH.agency);
    const file = await signPdf(await plainPdf('Ket qua xac nhan song song'), pki.leader);
    const requested = await call<{
      resultId: string;
      upload: { url: string; fields: Record<string, string> };
    }>(local.stack, `/agency/dossiers/${dossier.id}/results`, {
      method: 'POST',
      token: officer,
      json: { fileName: 'kq.pdf', size: file.length, contentType: 'application/pdf' },
    });
    await postUpload(requested.body.upload, file);
    const confirmations = await Promise.all(
      Array.from({ length: 4 }, () =>
        call(local.stack, `/agency/dossiers/${dossier.id}/results/${requested.body.resultId}/complete`, {
          method: 'POST',
          token: officer,
        }),
      ),
    );
    expect(confirmations.map((c) => c.status)).toEqual([200, 200, 200, 200]);
    const checked = await signaturesChecked(local.stack, officer, dossier.id, requested.body.resultId);
    expect(checked.verdict).toBe('valid');
    const etag = (await call(local.stack, `/agency/dossiers/${dossier.id}`, { token: officer })).headers.get(
      'etag',
    )!;
    const resolves = await Promise.all(
      Array.from({ length: 4 }, () =>
        call(local.stack, `/agency/dossiers/${dossier.id}/resolve`, {
          method: 'POST',
          token: officer,
          json: { resultIds: [requested.body.resultId] },
          headers: { 'if-match': etag },
        }),
      ),
    );
    expect(resolves.filter((r) => r.status === 200)).toHaveLength(1);
    const view = await staffView(officer, dossier.id);
    expect(view.history.filter((e) => e.action === 'resolve')).toHaveLength(1);
    expect(view.results[0]!.signatureCheck!.checkedAt).toBe(checked.checkedAt);
    expect((await call(local.stack, `/verify/${sha256Of(file)}`)).status).toBe(200);
  });

  it('answers 503 with Retry-After while a result’s signatures are still being checked', async () => {
    // The consumers are not paused here, so the check may already be done: then the action goes through.
    const dossier = await processingBirth(local.stack);
    const officer = await officerToken(local.stack, BIRTH.agency);
    const requested = await call<{
      resultId: string;
      upload: { url: string; fields: Record<string, string> };
    }>(local.stack, `/agency/dossiers/${dossier.id}/results`, {
      method: 'POST',
      token: officer,
      json: { fileName: 'kq.pdf', size: files.valid!.length, contentType: 'application/pdf' },
    });
    await postUpload(requested.body.upload, files.valid!);
    const completed = await call<{ signatures: string }>(
      local.stack,
      `/agency/dossiers/${dossier.id}/results/${requested.body.resultId}/complete`,
      { method: 'POST', token: officer },
    );
    expect(completed.status).toBe(200);
    expect(completed.body.signatures).toBe('pending');
    const resolved = await actNow(local.stack, officer, dossier.id, 'resolve', {
      resultIds: [requested.body.resultId],
    });
    expect([200, 503]).toContain(resolved.status);
    if (resolved.status === 503) expect(resolved.headers.get('retry-after')).toBe('2');
  });
});

describe('result signatures under a procedure that requires them', () => {
  beforeAll(async () => {
    const catalog = JSON.parse(readFileSync('data/catalog.json', 'utf8')) as { procedures: Procedure[] };
    const birth = structuredClone(catalog.procedures.find((p) => p.code === BIRTH.procedure)!);
    const admin = await tokenFor(local.stack, `admin-${randomUUID()}`, 'admin');
    const put = await call<{ version: number; procedure: { resultSignature?: string } }>(
      local.stack,
      `/admin/procedures/${BIRTH.procedure}`,
      { method: 'PUT', token: admin, json: { ...birth, resultSignature: 'required' } },
    );
    expect(put.status).toBe(200);
    expect(put.body.procedure.resultSignature).toBe('required');
    // The catalog is read through a cache of a few seconds: new dossiers follow the new version once it shows.
    await eventually(async () => {
      const shown = await call<{ version: number }>(local.stack, `/procedures/${BIRTH.procedure}`);
      return shown.body.version === put.body.version;
    });
  }, 60_000);

  it('refuses a procedure whose resultSignature is not one of its values, naming the field', async () => {
    const admin = await tokenFor(local.stack, `admin-${randomUUID()}`, 'admin');
    const refused = await call(local.stack, `/admin/procedures/${BIRTH.procedure}`, {
      method: 'PUT',
      token: admin,
      json: { code: BIRTH.procedure, resultSignature: 'sometimes' },
      language: 'en',
    });
    expect(refused.status).toBe(400);
    expect(problemIn(refused).errors.map((e) => e.field)).toContain('body.resultSignature');
  });

  it('resolves with a validly signed result', async () => {
    const dossier = await withResult(files.valid!);
    const resolved = await actNow(local.stack, dossier.officer, dossier.id, 'resolve', {
      resultIds: [dossier.resultId],
    });
    expect(resolved.status).toBe(200);
  });

  it.each([
    ['untrusted', 'vi', 'không do tổ chức chứng thực được tin cậy cấp'],
    ['expired', 'en', 'was expired or not yet valid at signing time'],
    ['modified', 'en', 'was changed after it was signed'],
    ['appended', 'vi', 'đã bị thay đổi sau khi ký'],
    ['unsigned', 'en', 'is not digitally signed'],
  ])('refuses a result %s with a 422 naming the document and why (%s)', async (file, language, why) => {
    const dossier = await withResult(files[file]!);
    const view = await staffView(dossier.officer, dossier.id);
    const refused = await call(local.stack, `/agency/dossiers/${dossier.id}/resolve`, {
      method: 'POST',
      token: dossier.officer,
      json: { resultIds: [dossier.resultId] },
      headers: {
        'if-match': (
          await call(local.stack, `/agency/dossiers/${dossier.id}`, { token: dossier.officer })
        ).headers.get('etag')!,
      },
      language,
    });
    expect(refused.status).toBe(422);
    const problem = problemIn(refused);
    expect(problem.errors).toEqual([
      { field: 'body.resultIds.0', message: expect.stringContaining(view.results[0]!.fileName) },
    ]);
    expect(problem.errors[0]!.message).toContain(why);
    // Nothing was handed over: the dossier is still being processed.
    const after = await call<{ status: string }>(local.stack, `/agency/dossiers/${dossier.id}`, {
      token: dossier.officer,
    });
    expect(after.body.status).toBe('processing');
  });
});

describe('public verification', () => {
  let resolved: Awaited<ReturnType<typeof withResult>>;
  let resultHash: string;

  let accepted: Buffer;
  let neverSeen: Buffer;

  beforeAll(async () => {
    // Files of their own: the same bytes resolved by the tests above would be registered under those dossiers.
    accepted = await signPdf(await plainPdf('Giay khai sinh, ban chinh'), pki.leader);
    neverSeen = await signPdf(await plainPdf('Mot tai lieu khac'), pki.stranger);
    resolved = await withResult(accepted);
    const done = await actNow(local.stack, resolved.officer, resolved.id, 'resolve', {
      resultIds: [resolved.resultId],
    });
    expect(done.status).toBe(200);
    resultHash = sha256Of(accepted);
  }, 60_000);

  it('answers for an accepted result by its hash, with no token and no personal data', async () => {
    const answer = await call<Record<string, unknown>>(local.stack, `/verify/${resultHash}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      sha256: resultHash,
      known: true,
      documentType: 'result',
      dossierCode: resolved.code,
      agency: { code: BIRTH.agency, name: expect.any(String) },
      issuedAt: expect.any(String),
      signer: { commonName: 'Nguyen Van Lanh Dao', organization: 'UBND Xa Thu Nghiem' },
      signatureVerdict: 'valid',
    });
    const text = JSON.stringify(answer.body);
    const applicant = application().applicant;
    for (const secret of [applicant.citizenId, applicant.phone, applicant.address, applicant.fullName])
      expect(text).not.toContain(secret);
  });

  it('answers for an issued form (the receipt) by its hash', async () => {
    const history = await eventually(async () => {
      const view = await call<{
        history: { action: string; note: string | null; documentHashes: string[] }[];
      }>(local.stack, `/agency/dossiers/${resolved.id}`, { token: resolved.officer });
      return view.body.history.find((e) => e.action === 'form-issued' && e.note?.includes('type=receipt'));
    });
    const answer = await call<Record<string, unknown>>(local.stack, `/verify/${history.documentHashes[0]}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ known: true, documentType: 'receipt', dossierCode: resolved.code });
  });

  it('answers 404 for an unknown hash, the same problem as for any other, in the language asked', async () => {
    const unknown = await call(local.stack, `/verify/${'ab'.repeat(32)}`, { language: 'en' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(problemIn(unknown).detail).toBe(
      'The system neither issued nor accepted a document with this hash',
    );
    const other = await call(local.stack, `/verify/${'cd'.repeat(32)}`, { language: 'en' });
    expect(problemIn(other).detail).toBe(problemIn(unknown).detail);
  });

  it('refuses a path that is no SHA-256 with a 400 naming it', async () => {
    const refused = await call(local.stack, '/verify/not-a-hash', { language: 'en' });
    expect(refused.status).toBe(400);
    expect(problemIn(refused).errors.map((e) => e.field)).toEqual(['path.sha256']);
  });

  it('POST /verify with the accepted file: the registry’s answer at once, as by its hash', async () => {
    const answer = await call<Record<string, unknown>>(local.stack, '/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: accepted,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual((await call(local.stack, `/verify/${resultHash}`)).body);
    expect(answer.body).toMatchObject({ known: true, dossierCode: resolved.code, signatureVerdict: 'valid' });
  });

  it('POST /verify with a file the system never saw: 202 to its check, then known false with its signatures', async () => {
    const asked = await call<CheckState>(local.stack, '/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: neverSeen,
    });
    expect(asked.status).toBe(202);
    expect(asked.headers.get('retry-after')).toBe('2');
    expect(asked.headers.get('location')).toBe(`/verify/uploads/${asked.body.id}`);
    expect(asked.body).toEqual({
      id: asked.body.id,
      status: 'pending',
      check: `/verify/uploads/${asked.body.id}`,
    });
    const { answer } = await polled(asked.body.check);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      sha256: sha256Of(neverSeen),
      known: false,
      verdict: 'untrusted',
      signatures: [
        expect.objectContaining({ signer: { commonName: 'Le Van La', organization: 'Khong Ro' } }),
      ],
    });
    expect(Object.keys(answer.body)).not.toContain('dossierCode');
  });

  it('POST /verify refuses a body that is no PDF with a 422 naming it, in the language asked', async () => {
    const refused = await call(local.stack, '/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: Buffer.from('GIF89a not a pdf at all'),
      language: 'vi',
    });
    expect(refused.status).toBe(422);
    expect(problemIn(refused).detail).toBe('Tệp gửi lên không phải PDF');
    expect(problemIn(refused).errors.map((e) => e.field)).toEqual(['body']);
  });

  it('POST /verify refuses another content type (415) and an empty body (400)', async () => {
    const wrongType = await call(local.stack, '/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      language: 'en',
    });
    expect(wrongType.status).toBe(415);
    const empty = await call(local.stack, '/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      language: 'en',
    });
    expect(empty.status).toBe(400);
    expect(problemIn(empty).errors.map((e) => e.field)).toEqual(['body']);
  });

  it('POST /verify refuses a PDF over 4 MiB with a 413 (a Lambda invocation carries 6 MB base64-encoded)', async () => {
    const big = Buffer.concat([files.valid!, Buffer.alloc(4 * 1024 * 1024, 0x20)]);
    const refused = await call(local.stack, '/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: big,
      language: 'en',
    });
    expect(refused.status).toBe(413);
  });

  it('GET /verify with the PDF as its body answers as POST does', async () => {
    const url = new URL('/verify', local.stack.url);
    const appended = Buffer.concat([accepted, Buffer.from('\n% added after signing\n%%EOF\n')]);
    const answer = await new Promise<{ status: number; headers: Headers; body: unknown }>(
      (resolve, reject) => {
        const sent = request(
          url,
          {
            method: 'GET',
            headers: { 'content-type': 'application/pdf', 'content-length': appended.length },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => {
              const headers = new Headers();
              for (const [name, value] of Object.entries(response.headers))
                if (typeof value === 'string') headers.set(name, value);
              resolve({
                status: response.statusCode!,
                headers,
                body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
              });
            });
          },
        );
        sent.on('error', reject);
        sent.end(appended);
      },
    );
    // fetch() sends no GET body, so this request is recorded for the contract check by hand.
    recordResponse({ method: 'GET', path: '/verify', ...answer });
    expect(answer.status).toBe(202);
    const { answer: report } = await polled((answer.body as CheckState).check);
    expect(report.body).toMatchObject({
      sha256: sha256Of(appended),
      known: false,
      verdict: 'modified',
      signatures: [expect.objectContaining({ verdict: 'valid', coversWholeDocument: false })],
    });
  });

  describe('a copy up to 20 MB, through an upload', () => {
    /** Asks for an upload form and posts the file to it, as a browser does. */
    async function uploaded(file: Buffer) {
      const requested = await call<{
        id: string;
        upload: { url: string; fields: Record<string, string> };
        expiresAt: string;
        check: string;
      }>(local.stack, '/verify/uploads', { method: 'POST' });
      expect(requested.status).toBe(201);
      expect(requested.headers.get('location')).toBe(`/verify/uploads/${requested.body.id}`);
      expect(requested.body.check).toBe(`/verify/uploads/${requested.body.id}`);
      expect(requested.body.upload.fields.key).toBe(`uploads/verify/${requested.body.id}`);
      await postUpload(requested.body.upload, file);
      return requested.body;
    }

    const askCheck = (path: string, language?: string) =>
      call<CheckState>(local.stack, path, {
        method: 'POST',
        redirect: 'manual',
        ...(language ? { language } : {}),
      });

    /** Uploads, asks for the check (202 to the polling resource), and polls until it is answered. */
    async function checkedCopy(file: Buffer) {
      const upload = await uploaded(file);
      const asked = await askCheck(upload.check);
      expect(asked.status).toBe(202);
      expect(asked.headers.get('location')).toBe(upload.check);
      expect(asked.headers.get('retry-after')).toBe('2');
      return { upload, ...(await polled(upload.check)) };
    }

    it('verifies a signed copy of about 20 MB: pending, then its signatures', async () => {
      const big = await signPdf(await largePdf(20 * 1024 * 1024 - 64 * 1024), pki.leader);
      expect(big.length).toBeGreaterThan(20_000_000);
      expect(big.length).toBeLessThanOrEqual(20 * 1024 * 1024);
      const { answer } = await checkedCopy(big);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        sha256: sha256Of(big),
        known: false,
        verdict: 'valid',
        signatures: [
          expect.objectContaining({
            verdict: 'valid',
            signer: { commonName: 'Nguyen Van Lanh Dao', organization: 'UBND Xa Thu Nghiem' },
            coversWholeDocument: true,
          }),
        ],
      });
    }, 120_000);

    it('refuses a file over 20 MB at the upload form (S3’s policy), and the check then has no file (409)', async () => {
      const requested = await call<{
        upload: { url: string; fields: Record<string, string> };
        check: string;
      }>(local.stack, '/verify/uploads', { method: 'POST' });
      const form = new FormData();
      for (const [name, value] of Object.entries(requested.body.upload.fields)) form.append(name, value);
      form.append(
        'file',
        new Blob([await largePdf(21 * 1024 * 1024)], { type: 'application/pdf' }),
        'big.pdf',
      );
      const refused = await fetch(requested.body.upload.url, { method: 'POST', body: form });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain('EntityTooLarge');
      const asked = await askCheck(requested.body.check, 'en');
      expect(asked.status).toBe(409);
      expect(problemIn(asked).detail).toBe('No file was uploaded yet: post it to the upload form first');
    }, 120_000);

    it('refuses an upload that is no PDF with a 422 naming the file, in the language asked', async () => {
      const upload = await uploaded(Buffer.from('<html>not a pdf</html>'));
      const refused = await askCheck(upload.check, 'en');
      expect(refused.status).toBe(422);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(problemIn(refused).detail).toBe('The file sent is not a PDF');
      expect(problemIn(refused).errors.map((e) => e.field)).toEqual(['file']);
      // Nothing was checked: polling says the check was not asked for.
      expect((await call(local.stack, upload.check, { language: 'en' })).status).toBe(409);
    });

    it('answers 404 for a check nobody asked for, and 400 for an id that is no UUID', async () => {
      const unknown = `/verify/uploads/${randomUUID()}`;
      for (const answer of [await call(local.stack, unknown), await askCheck(unknown)]) {
        expect(answer.status).toBe(404);
        expect(answer.headers.get('content-type')).toContain('application/problem+json');
      }
      const refused = await call(local.stack, '/verify/uploads/not-an-id', { language: 'en' });
      expect(refused.status).toBe(400);
      expect(problemIn(refused).errors.map((e) => e.field)).toEqual(['path.id']);
    });

    it('gives a copy of an issued form (the receipt) the registry’s answer, with no personal data', async () => {
      const issued = await eventually(async () => {
        const view = await call<{
          history: { action: string; note: string | null; documentHashes: string[] }[];
        }>(local.stack, `/agency/dossiers/${resolved.id}`, { token: resolved.officer });
        return view.body.history.find((e) => e.action === 'form-issued' && e.note?.includes('type=receipt'));
      });
      const receiptHash = issued.documentHashes[0]!;
      const receipt = (await storedObject(local.stack, `forms/${receiptHash}.pdf`))!;
      const { answer } = await checkedCopy(receipt);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual((await call(local.stack, `/verify/${receiptHash}`)).body);
      expect(answer.body).toMatchObject({ known: true, documentType: 'receipt', dossierCode: resolved.code });
      const text = JSON.stringify(answer.body);
      const applicant = application().applicant;
      for (const secret of [applicant.citizenId, applicant.phone, applicant.address, applicant.fullName])
        expect(text).not.toContain(secret);
    });

    it('reports a copy whose signed bytes were changed as modified', async () => {
      const { answer } = await checkedCopy(tamper(accepted));
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        known: false,
        verdict: 'modified',
        signatures: [expect.objectContaining({ verdict: 'modified' })],
      });
    });

    const copyChecks = () =>
      dynamoCopyCheckStore(
        DynamoDBDocumentClient.from(local.stack.clients.dynamodb),
        local.stack.resources.env.TABLE_DOSSIERS!,
      );

    it('answers 202 while a check is pending, and a check asked again a minute after its message re-sends it (a lost message)', async () => {
      const upload = await uploaded(await signPdf(await plainPdf('Ban sao cho kiem tra'), pki.leader));
      // Moved to pending and queued a minute ago as the check route does, but the message was lost.
      const checks = copyChecks();
      const waiting = (await checks.get(upload.id))!;
      expect(waiting.status).toBe('awaiting-file');
      const lost = new Date(Date.now() - REQUEUE_AFTER_MS - 1000).toISOString();
      expect(await checks.move({ ...waiting, status: 'pending', queuedAt: lost }, 'awaiting-file')).toBe(
        true,
      );
      for (let i = 0; i < 3; i += 1) {
        const pending = await call<CheckState>(local.stack, upload.check);
        expect(pending.status).toBe(202);
        expect(pending.headers.get('retry-after')).toBe('2');
        expect(pending.body).toEqual({ id: upload.id, status: 'pending', check: upload.check });
      }
      expect((await askCheck(upload.check)).status).toBe(202);
      expect((await checks.get(upload.id))!.queuedAt).not.toBe(lost);
      const { answer } = await polled(upload.check);
      expect(answer.body).toMatchObject({ known: false, verdict: 'valid' });
    });

    it('does not queue a check again while its message is under a minute old, however often it is asked', async () => {
      const upload = await uploaded(await signPdf(await plainPdf('Ban sao vua gui'), pki.leader));
      const checks = copyChecks();
      const waiting = (await checks.get(upload.id))!;
      // Queued just now (the message still on its way, as far as the route can tell): asking again sends nothing.
      const queuedAt = new Date().toISOString();
      expect(await checks.move({ ...waiting, status: 'pending', queuedAt }, 'awaiting-file')).toBe(true);
      for (let i = 0; i < 3; i += 1) expect((await askCheck(upload.check)).status).toBe(202);
      await new Promise((r) => setTimeout(r, 3000));
      const still = (await checks.get(upload.id))!;
      expect(still).toMatchObject({ status: 'pending', queuedAt, checkedAt: null });
    });

    it('sends one message among parallel requests, again only after a minute, and at once after a failed send', async () => {
      const upload = await uploaded(await signPdf(await plainPdf('Ban sao hoi nhieu lan'), pki.leader));
      const sent: string[] = [];
      let failing = false;
      let now = Date.now();
      // The route's use case over the local table and bucket; the queue is a recorder, so no consumer ends the check.
      const deps = {
        checks: copyChecks(),
        header: s3CopyHeader(local.stack.clients.s3, local.stack.resources.env.BUCKET_ATTACHMENTS!),
        toCheck: async (id: string) => {
          if (failing) throw new Error('SQS is unreachable');
          sent.push(id);
        },
        now: () => now,
      };
      const askAll = () => Promise.all(Array.from({ length: 6 }, () => askCopyCheck(deps, upload.id)));
      const start = now;
      for (const asked of await askAll()) expect(asked.pending).toBe(true);
      expect(sent).toEqual([upload.id]);
      now = start + REQUEUE_AFTER_MS - 1;
      await askAll();
      expect(sent).toHaveLength(1);
      now = start + REQUEUE_AFTER_MS;
      await askAll();
      expect(sent).toEqual([upload.id, upload.id]);
      // A send that fails fails its request and gives the check back, so the next request sends at once.
      now = start + 3 * REQUEUE_AFTER_MS;
      failing = true;
      await expect(askCopyCheck(deps, upload.id)).rejects.toThrow('SQS is unreachable');
      expect((await deps.checks.get(upload.id))!.queuedAt).toBeNull();
      failing = false;
      await askAll();
      expect(sent).toHaveLength(3);
      expect((await deps.checks.get(upload.id))!.queuedAt).toBe(new Date(now).toISOString());
    });

    it('finds a body’s pending check by the bytes sent again: re-sent after a failed send or a minute, stored once', async () => {
      const copy = await signPdf(await plainPdf('Ban sao gui lai'), pki.leader);
      const sent: string[] = [];
      const stored: string[] = [];
      let failing = true;
      let now = Date.now();
      const storage = s3AttachmentStorage(
        local.stack.clients.s3,
        local.stack.resources.env.BUCKET_ATTACHMENTS!,
      );
      // The /verify routes' use case over the local table and bucket; the queue is a recorder (no consumer runs).
      const deps = {
        registry: dynamoVerificationRegistry(
          DynamoDBDocumentClient.from(local.stack.clients.dynamodb),
          local.stack.resources.env.TABLE_DOSSIERS!,
        ),
        catalog: { getAgencies: async () => new Map() },
        checks: copyChecks(),
        store: async (key: string, object: Parameters<typeof storage.write>[1]) => {
          stored.push(key);
          await storage.write(key, object, 'application/pdf');
        },
        toCheck: async (id: string) => {
          if (failing) throw new Error('SQS is unreachable');
          sent.push(id);
        },
        now: () => now,
        newId: randomUUID,
      };
      // The send fails: the request fails, its client never learns the id, and the check waits, never queued.
      await expect(submitCopy(deps, copy)).rejects.toThrow('SQS is unreachable');
      expect(stored).toHaveLength(1);
      const id = stored[0]!.split('/').at(-1)!;
      expect((await deps.checks.get(id))!).toMatchObject({ status: 'pending', queuedAt: null });
      // The client sends the same bytes again: the same check, queued now, nothing stored again.
      failing = false;
      const again = await submitCopy(deps, copy);
      expect(again).toEqual({
        known: false,
        state: { id, status: 'pending', check: `/verify/uploads/${id}` },
      });
      expect(sent).toEqual([id]);
      // Sent again at once, or by parallel requests: the same check, no second message; after a minute, one more.
      await Promise.all([submitCopy(deps, copy), submitCopy(deps, copy), submitCopy(deps, copy)]);
      expect(sent).toEqual([id]);
      now += REQUEUE_AFTER_MS;
      await Promise.all([submitCopy(deps, copy), submitCopy(deps, copy)]);
      expect(sent).toEqual([id, id]);
      expect(stored).toHaveLength(1);
      // Once checked, the same bytes get a check of their own (the answered one is not re-sent).
      const pending = (await deps.checks.get(id))!;
      expect(
        await deps.checks.move(
          { ...pending, status: 'done', checkedAt: new Date(now).toISOString() },
          'pending',
        ),
      ).toBe(true);
      const fresh = await submitCopy(deps, copy);
      expect(fresh.known).toBe(false);
      expect(fresh.known === false && fresh.state.id).not.toBe(id);
      expect(stored).toHaveLength(2);
    });

    it('refuses at the check a file replaced by one that is no PDF after it was asked for (422 when polled)', async () => {
      // The upload form stays valid for minutes: what the consumer reads is what it judges.
      const upload = await uploaded(Buffer.from('not a pdf, posted again after the check was asked'));
      const checks = dynamoCopyCheckStore(
        DynamoDBDocumentClient.from(local.stack.clients.dynamodb),
        local.stack.resources.env.TABLE_DOSSIERS!,
      );
      const waiting = (await checks.get(upload.id))!;
      expect(await checks.move({ ...waiting, status: 'pending' }, 'awaiting-file')).toBe(true);
      expect((await askCheck(upload.check)).status).toBe(202);
      const { answer } = await polled(upload.check);
      expect(answer.status).toBe(422);
      expect(problemIn(answer).errors.map((e) => e.field)).toEqual(['file']);
      expect((await askCheck(upload.check)).status).toBe(303);
    });

    it('checks a copy once when its check is asked by parallel requests', async () => {
      const upload = await uploaded(await signPdf(await plainPdf('Ban sao song song'), pki.stranger));
      const asked = await Promise.all(Array.from({ length: 4 }, () => askCheck(upload.check)));
      // Each is pending, or (the consumer being quick) checked already and sent to the result.
      for (const answer of asked) {
        expect([202, 303]).toContain(answer.status);
        expect(answer.headers.get('location')).toBe(upload.check);
      }
      expect(asked.filter((a) => a.status === 202).length).toBeGreaterThan(0);
      const { answer } = await polled(upload.check);
      expect(answer.body).toMatchObject({ known: false, verdict: 'untrusted' });
      const checks = dynamoCopyCheckStore(
        DynamoDBDocumentClient.from(local.stack.clients.dynamodb),
        local.stack.resources.env.TABLE_DOSSIERS!,
      );
      const recorded = (await checks.get(upload.id))!;
      // Every message sent was consumed (none is left to write again), and the one result stands.
      await new Promise((r) => setTimeout(r, 1500));
      expect((await checks.get(upload.id))!.checkedAt).toBe(recorded.checkedAt);
      expect((await call(local.stack, upload.check)).body).toEqual(answer.body);
      // Asked again once checked: 303 to the result, nothing queued.
      const again = await askCheck(upload.check);
      expect(again.status).toBe(303);
      expect(again.headers.get('location')).toBe(upload.check);
    });
  });
});
