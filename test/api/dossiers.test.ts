import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { LOCAL_WEBHOOK_SECRET } from '../../local/runner.js';
import { verifyChain } from '../../shared/domain/dossier/history.js';
import { dynamoCatalogRepository } from '../../shared/catalog/repository.js';
import { MAX_DAILY_SEQUENCE } from '../../shared/domain/dossier/dossier-code.js';
import { localDateAt } from '../../shared/domain/calendar/local-date.js';
import { s3AttachmentStorage, type AttachmentStorage } from '../../shared/dossier/storage.js';
import { FOLD_AT, endOfDoneRun, leaveLine, waitingAhead } from '../../shared/dossier/code-line.js';
import { dynamoDossierRepository } from '../../shared/dossier/repository.js';
import type { Caller } from '../../shared/http/handler.js';
import {
  completeUpload,
  deleteAttachment,
  MAX_ATTACHMENTS,
  submitDossier,
} from '../../functions/dossiers/use-cases.js';
import { call, problemOf, useLocalStack } from '../support/local-stack.js';
import {
  application,
  attach,
  createDossier,
  dossierRepositoryOf,
  eventually,
  outboxOf,
  postUpload,
  sha256,
  storedObject,
  EXE,
  PDF,
  PNG,
  quickApp,
  readyDossier,
  tokenFor,
  type DossierBody,
} from '../support/dossiers.js';
import { issuedForm } from '../support/forms.js';
import { pdfLines } from '../support/pdf-text.js';

const local = useLocalStack({ app: quickApp });
const repository = () => dossierRepositoryOf(local.stack);
/** The document title, which pdfkit writes as a UTF-16BE literal string object referenced from the Info dictionary. */
function pdfTitle(pdf: string): string | undefined {
  const ref = /\/Title (\d+) 0 R/.exec(pdf)?.[1];
  const literal = ref
    ? new RegExp(`\\n${ref} 0 obj\\n\\(([\\s\\S]*?)\\)\\nendobj`).exec(pdf)?.[1]
    : undefined;
  if (!literal) return undefined;
  const bytes = Buffer.from(literal.replace(/\\([()\\])/g, '$1'), 'latin1');
  return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
}
const outboxFor = (code: string) => outboxOf(local.stack, code);

async function processed(token: string, id: string) {
  return eventually(async () => {
    const dossier = await call<DossierBody>(local.stack, `/dossiers/${id}`, { token });
    return dossier.body.status === 'processing' && outboxFor(dossier.body.code!).length > 0
      ? dossier.body
      : undefined;
  });
}

describe('from creation to the notification outbox', () => {
  it('creates, attaches verified documents, submits, accepts, routes and notifies', async () => {
    const token = await tokenFor(local.stack);
    const id = await readyDossier(local.stack, token);
    const submitted = await call<DossierBody>(local.stack, `/dossiers/${id}/submit`, {
      method: 'POST',
      token,
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', nationalStatus: { code: 1 } });
    expect(submitted.body.code).toMatch(/^000\.01\.00\.H56-\d{6}-\d{4}$/);

    const done = await processed(token, id);
    expect(done.nationalStatus?.code).toBe(4);
    expect(done.dueAt).not.toBeNull();
    const [message] = outboxFor(done.code!);
    expect(message).toMatchObject({
      channel: 'zalo',
      event: 'received',
      params: { code: done.code, procedure: 'Đăng ký khai sinh' },
    });
    expect(message!.rendered.text).toContain('Ngày hẹn trả kết quả');

    // The notification is recorded right after the outbox answers; routing and the receipt's issue run in
    // parallel, in any order.
    const history = await eventually(async () => {
      const events = await repository().history(id);
      return events.length === 6 ? events : undefined;
    });
    expect(history.map((e) => e.action).slice(0, 3)).toEqual(['created', 'submit', 'accept']);
    expect(
      history
        .map((e) => e.action)
        .slice(3)
        .sort(),
    ).toEqual(['form-issued', 'notified', 'start-processing']);
    expect(history[1]?.documentHashes).toHaveLength(2);
    expect(verifyChain(history)).toEqual({ valid: true, length: 6 });
    expect(JSON.stringify(history)).not.toMatch(/079203001234|0912345678/);

    const receipt = await issuedForm(local.stack, token, `/dossiers/${id}/receipt.pdf`);
    expect(receipt.contentType).toBe('application/pdf');
    expect(receipt.contentDisposition).toBe(
      `inline; filename="phieu-tiep-nhan-${done.code}.pdf"; filename*=UTF-8''phieu-tiep-nhan-${done.code}.pdf`,
    );
    const pdf = receipt.pdf.toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/);
    expect(pdf).toContain('/Subtype /Image');
    expect(pdfTitle(pdf)).toBe(`Phiếu tiếp nhận ${done.code}`);
    const text = pdfLines(Buffer.from(pdf, 'latin1')).map((l) => l.text);
    expect(text).toContain('(Tiếp nhận tự động trên hệ thống)');
    expect(text.filter((l) => l.includes('.pdf (SHA-256'))).toHaveLength(2);
  });

  it('records signed delivery reports in the history once, and refuses unsigned ones', async () => {
    const token = await tokenFor(local.stack);
    const id = await readyDossier(local.stack, token);
    await call(local.stack, `/dossiers/${id}/submit`, { method: 'POST', token });
    const done = await processed(token, id);
    const trackingId = `${id}:received-3:zalo`;
    expect(outboxFor(done.code!)[0]?.trackingId).toBe(trackingId);
    const payload = JSON.stringify({ trackingId, status: 'delivered', providerMessageId: 'zns-1' });
    const signed = (webhookId: string) => ({
      'content-type': 'application/json',
      'webhook-id': webhookId,
      'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
      'webhook-signature': new Webhook(LOCAL_WEBHOOK_SECRET).sign(webhookId, new Date(), payload),
    });
    const first = await call(local.stack, '/webhooks/delivery', {
      method: 'POST',
      headers: signed('msg_1'),
      body: payload,
    });
    expect(first.status).toBe(204);
    const again = await call(local.stack, '/webhooks/delivery', {
      method: 'POST',
      headers: signed('msg_1'),
      body: payload,
    });
    expect(again.status).toBe(204);
    const reports = (await repository().history(id)).filter((e) => e.action === 'delivery-status');
    expect(reports.map((e) => e.note)).toEqual([
      expect.stringMatching(
        /^channel=zalo notification=received-3 status=delivered providerMessageId=zns-1 received=\d{4}-/,
      ),
    ]);
    const forged = await call(local.stack, '/webhooks/delivery', {
      method: 'POST',
      headers: { ...signed('msg_2'), 'webhook-signature': 'v1,AAAA' },
      body: payload,
    });
    expect(problemOf(forged)).toMatchObject({ status: 401, fields: ['header.webhook-signature'] });
  });

  it('records thirty signed reports posted at once, each answered 204, in one valid history', async () => {
    const token = await tokenFor(local.stack);
    const id = await readyDossier(local.stack, token);
    await call(local.stack, `/dossiers/${id}/submit`, { method: 'POST', token });
    await processed(token, id);
    const payload = JSON.stringify({ trackingId: `${id}:received-3:zalo`, status: 'delivered' });
    const post = (webhookId: string) =>
      call(local.stack, '/webhooks/delivery', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': webhookId,
          'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
          'webhook-signature': new Webhook(LOCAL_WEBHOOK_SECRET).sign(webhookId, new Date(), payload),
        },
        body: payload,
      });
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => post(`msg_burst_${i}`)));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 204));
    const history = await repository().history(id);
    expect(history.filter((e) => e.action === 'delivery-status')).toHaveLength(30);
    expect(verifyChain(history)).toMatchObject({ valid: true });
  });

  it('tells a malformed signed report (400) and a signed report that is not JSON (415) from a bad signature (401)', async () => {
    const post = (body: string, contentType: string) => {
      const webhookId = `msg_${randomUUID()}`;
      return call(local.stack, '/webhooks/delivery', {
        method: 'POST',
        headers: {
          'content-type': contentType,
          'webhook-id': webhookId,
          'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
          'webhook-signature': new Webhook(LOCAL_WEBHOOK_SECRET).sign(webhookId, new Date(), body),
        },
        body,
      });
    };
    expect(problemOf(await post('{"trackingId": ', 'application/json'))).toMatchObject({ status: 400 });
    expect(problemOf(await post('delivered', 'text/plain'))).toMatchObject({ status: 415 });
    expect(problemOf(await post('{"status": "delivered"}', 'application/json'))).toMatchObject({
      status: 400,
      fields: ['body.trackingId'],
    });
  });

  it('has no receipt before acceptance', async () => {
    const token = await tokenFor(local.stack);
    const created = await createDossier(local.stack, token);
    const response = await call(local.stack, `/dossiers/${created.body.id}/receipt.pdf`, { token });
    expect(problemOf(response)).toMatchObject({ status: 409 });
  });

  it('falls back to the next channel when one fails, and records both attempts', async () => {
    const token = await tokenFor(local.stack);
    const id = await readyDossier(local.stack, token);
    local.stack.devOutbox.failChannels(['zalo']);
    try {
      await call(local.stack, `/dossiers/${id}/submit`, { method: 'POST', token });
      const done = await processed(token, id);
      expect(outboxFor(done.code!).map((m) => m.channel)).toEqual(['sms']);
      const notes = await eventually(async () => {
        const found = (await repository().history(id))
          .filter((e) => e.action === 'notified')
          .map((e) => e.note);
        return found.length === 2 ? found : undefined;
      });
      expect(notes).toEqual([
        expect.stringMatching(/channel=zalo .*result=failed/),
        expect.stringMatching(/channel=sms .*result=sent/),
      ]);
    } finally {
      local.stack.devOutbox.failChannels([]);
    }
  });

  it('notifies in English when the applicant asked for it', async () => {
    const token = await tokenFor(local.stack);
    const id = await readyDossier(local.stack, token, application({ language: 'en' }));
    await call(local.stack, `/dossiers/${id}/submit`, { method: 'POST', token });
    const done = await processed(token, id);
    expect(outboxFor(done.code!)[0]?.rendered.subject).toBe(`Dossier ${done.code} accepted`);
  });

  it('leaves a procedure without auto-accept to a receiving officer and tells the applicant', async () => {
    const token = await tokenFor(local.stack);
    const created = await createDossier(local.stack, token, application({ procedureCode: '2.000815' }));
    await attach(local.stack, token, created.body.id, 'ban-chinh', PNG, {
      contentType: 'image/png',
      fileName: 'so-do.png',
    });
    const submitted = await call<DossierBody>(local.stack, `/dossiers/${created.body.id}/submit`, {
      method: 'POST',
      token,
    });
    const messages = await eventually(async () =>
      outboxFor(submitted.body.code!).length > 0 ? outboxFor(submitted.body.code!) : undefined,
    );
    expect(messages[0]?.event).toBe('submitted');
    const dossier = await call<DossierBody>(local.stack, `/dossiers/${created.body.id}`, { token });
    expect(dossier.body.status).toBe('submitted');
    const history = await repository().history(created.body.id);
    expect(history.find((e) => e.action === 'intake-checked')?.note).toBe(
      'awaiting-receiving-officer reason=procedure-requires-officer',
    );
  });

  it('lists my dossiers newest first with a cursor, and only mine', async () => {
    const token = await tokenFor(local.stack);
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push((await createDossier(local.stack, token)).body.id);
    await createDossier(local.stack, await tokenFor(local.stack));
    const first = await call<{ items: DossierBody[]; nextCursor: string }>(
      local.stack,
      '/me/dossiers?pageSize=2',
      { token },
    );
    const second = await call<{ items: DossierBody[]; nextCursor: string | null }>(
      local.stack,
      `/me/dossiers?pageSize=2&cursor=${first.body.nextCursor}`,
      { token },
    );
    expect([...first.body.items, ...second.body.items].map((d) => d.id)).toEqual(ids.reverse());
    expect(second.body.nextCursor).toBeNull();
  });

  it('never shows the full citizen ID or phone number', async () => {
    const token = await tokenFor(local.stack);
    const created = await createDossier(local.stack, token);
    expect(JSON.stringify(created.body)).not.toMatch(/079203001234|0912345678|binh@example\.vn/);
  });
});

describe('idempotent creation', () => {
  it('makes one dossier from 50 concurrent requests with one Idempotency-Key', async () => {
    const token = await tokenFor(local.stack);
    const key = `same-key-${Date.now()}`;
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => createDossier(local.stack, token, application(), key)),
    );
    const ids = new Set(responses.filter((r) => r.status === 201).map((r) => r.body.id));
    expect(ids.size).toBe(1);
    expect(responses.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const mine = await call<{ items: DossierBody[] }>(local.stack, '/me/dossiers', { token });
    expect(mine.body.items.map((d) => d.id)).toEqual([...ids]);
    const retry = await createDossier(local.stack, token, application(), key);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe([...ids][0]);
  });

  it('answers 422 to the same key with a different body, and 400 without a key', async () => {
    const token = await tokenFor(local.stack);
    const key = `key-${Date.now()}`;
    await createDossier(local.stack, token, application(), key);
    const other = await createDossier(local.stack, token, application({ channels: ['sms'] }), key);
    expect(problemOf(other)).toMatchObject({ status: 422, fields: ['header.idempotency-key'] });
    const missing = await call(local.stack, '/dossiers', { method: 'POST', token, json: application() });
    expect(problemOf(missing)).toMatchObject({ status: 400, fields: ['header.idempotency-key'] });
  });

  it('takes the same JSON with other whitespace and key order as the same request', async () => {
    const token = await tokenFor(local.stack);
    const key = `key-${randomUUID()}`;
    const body = application() as Record<string, unknown>;
    const first = await call<DossierBody>(local.stack, '/dossiers', {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
    expect(first.status).toBe(201);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await call<DossierBody>(local.stack, '/dossiers', {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(reordered, null, 2),
    });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
  });
});

describe('attachments', () => {
  it('keeps a verified attachment with its size and SHA-256, under a sanitized name', async () => {
    const token = await tokenFor(local.stack);
    const created = await createDossier(local.stack, token);
    const { requested, completed } = await attach(
      local.stack,
      token,
      created.body.id,
      'to-khai-khai-sinh',
      PDF,
      { fileName: '../../etc/tờ\u0000khai<1>.pdf' },
    );
    expect(requested.body.fileName).toBe('tờkhai1.pdf');
    expect(completed?.body).toMatchObject({
      status: 'verified',
      size: PDF.length,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it.each([
    ['wrong magic bytes', Buffer.from('just some text pretending to be a PDF'), {}],
    ['an executable', EXE, {}],
  ])('rejects %s and deletes the object', async (_name, bytes, options) => {
    const token = await tokenFor(local.stack);
    const created = await createDossier(local.stack, token);
    const { requested, completed } = await attach(
      local.stack,
      token,
      created.body.id,
      'to-khai-khai-sinh',
      bytes,
      options,
    );
    expect(problemOf(completed!)).toMatchObject({ status: 422, fields: ['file'] });
    const again = await call(
      local.stack,
      `/dossiers/${created.body.id}/attachments/${requested.body.attachmentId}/complete`,
      { method: 'POST', token },
    );
    expect(again.status).toBe(404);
    const dossier = await call<DossierBody>(local.stack, `/dossiers/${created.body.id}`, { token });
    expect(dossier.body.attachments).toEqual([]);
  });

  it('takes only the declared size at the upload form, and refuses a stored file of another size', async () => {
    const token = await tokenFor(local.stack);
    const created = await createDossier(local.stack, token);
    const request = () =>
      call<{ attachmentId: string; upload: { url: string; fields: Record<string, string> } }>(
        local.stack,
        `/dossiers/${created.body.id}/attachments`,
        {
          method: 'POST',
          token,
          json: {
            documentType: 'to-khai-khai-sinh',
            fileName: 'a.pdf',
            size: PDF.length + 10,
            contentType: 'application/pdf',
          },
        },
      );
    const requested = await request();
    // The form refuses the file, as S3 does: its policy's content-length-range is the declared size.
    const form = new FormData();
    for (const [name, value] of Object.entries(requested.body.upload.fields)) form.append(name, value);
    form.append('file', new Blob([PDF], { type: 'application/pdf' }), 'upload');
    const posted = await fetch(requested.body.upload.url, { method: 'POST', body: form });
    expect(posted.status).toBe(400);
    expect(await posted.text()).toContain('EntityTooSmall');
    // A file of another size put there some other way is still refused when the upload is completed, and deleted.
    const other = await request();
    const key = other.body.upload.fields.key!;
    const Bucket = local.stack.resources.env.BUCKET_ATTACHMENTS!;
    await local.stack.clients.s3.send(
      new PutObjectCommand({ Bucket, Key: key, Body: PDF, ContentType: 'application/pdf' }),
    );
    const completed = await call(
      local.stack,
      `/dossiers/${created.body.id}/attachments/${other.body.attachmentId}/complete`,
      { method: 'POST', token },
    );
    expect(problemOf(completed)).toMatchObject({ status: 422, fields: ['file'] });
    expect(await storedObject(local.stack, key)).toBeNull();
    const dossier = await call<DossierBody>(local.stack, `/dossiers/${created.body.id}`, { token });
    expect(dossier.body.attachments.filter((a) => a.id === other.body.attachmentId)).toEqual([]);
  });

  it('refuses a PDF that runs JavaScript, says why in plain words, and deletes its record', async () => {
    const token = await tokenFor(local.stack);
    const created = await createDossier(local.stack, token);
    const withJavaScript = Buffer.from(
      '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> >>\nendobj\n' +
        'trailer\n<< /Root 1 0 R >>\n%%EOF\n',
    );
    const { requested, completed } = await attach(
      local.stack,
      token,
      created.body.id,
      'to-khai-khai-sinh',
      withJavaScript,
    );
    expect(problemOf(completed!)).toMatchObject({ status: 422, fields: ['file'] });
    expect(completed!.body).toMatchObject({
      detail: 'Tệp PDF chứa mã chạy tự động (JavaScript), không được chấp nhận',
    });
    const again = await call(
      local.stack,
      `/dossiers/${created.body.id}/attachments/${requested.body.attachmentId}/complete`,
      { method: 'POST', token },
    );
    expect(again.status).toBe(404);
    const dossier = await call<DossierBody>(local.stack, `/dossiers/${created.body.id}`, { token });
    expect(dossier.body.attachments).toEqual([]);
  });

  it('refuses a declared size over the maximum and a type the document does not accept', async () => {
    const token = await tokenFor(local.stack);
    const created = await createDossier(local.stack, token);
    const tooBig = await attach(local.stack, token, created.body.id, 'to-khai-khai-sinh', PDF, {
      declaredSize: 6 * 1024 * 1024,
    });
    expect(problemOf(tooBig.requested)).toMatchObject({ status: 422, fields: ['body.size'] });
    const wrongType = await attach(local.stack, token, created.body.id, 'to-khai-khai-sinh', PDF, {
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
    expect(problemOf(wrongType.requested)).toMatchObject({ status: 422, fields: ['body.contentType'] });
    const unknown = await attach(local.stack, token, created.body.id, 'passport', PDF);
    expect(problemOf(unknown.requested)).toMatchObject({ status: 422, fields: ['body.documentType'] });
  });

  it('deletes an unverified attachment', async () => {
    const token = await tokenFor(local.stack);
    const created = await createDossier(local.stack, token);
    const requested = await call<{ attachmentId: string }>(
      local.stack,
      `/dossiers/${created.body.id}/attachments`,
      {
        method: 'POST',
        token,
        json: {
          documentType: 'giay-chung-sinh',
          fileName: 'a.pdf',
          size: 100,
          contentType: 'application/pdf',
        },
      },
    );
    const deleted = await call(
      local.stack,
      `/dossiers/${created.body.id}/attachments/${requested.body.attachmentId}`,
      { method: 'DELETE', token },
    );
    expect(deleted.status).toBe(204);
  });
});

describe('documents kept and handed in', () => {
  const completeUrl = (id: string, attachmentId: string) =>
    `/dossiers/${id}/attachments/${attachmentId}/complete`;

  it('keeps exactly the bytes it verified, though the upload form still works afterwards', async () => {
    const token = await tokenFor(local.stack);
    const created = await createDossier(local.stack, token);
    const id = created.body.id;
    const { requested, completed } = await attach(local.stack, token, id, 'to-khai-khai-sinh', PDF);
    expect(completed?.status).toBe(200);
    const { attachmentId, upload } = requested.body;

    // Another file, of the declared size (the only one the form takes), posted to the same form.
    const other = Buffer.alloc(PDF.length);
    EXE.copy(other, 0, 0, Math.min(EXE.length, PDF.length));
    await postUpload(upload, other);
    const again = await call(local.stack, completeUrl(id, attachmentId), { method: 'POST', token });
    expect(again.body).toMatchObject({ status: 'verified', sha256: sha256(PDF) });
    const dossier = await call<DossierBody>(local.stack, `/dossiers/${id}`, { token });
    expect(dossier.body.attachments).toMatchObject([{ id: attachmentId, sha256: sha256(PDF) }]);
    expect(await storedObject(local.stack, `dossiers/${id}/${attachmentId}/${sha256(PDF)}`)).toEqual(PDF);
  });

  it('hands in the verified documents with the submission; those can no longer be deleted', async () => {
    const token = await tokenFor(local.stack);
    const id = await readyDossier(local.stack, token);
    const notUploaded = await call<{ attachmentId: string }>(local.stack, `/dossiers/${id}/attachments`, {
      method: 'POST',
      token,
      json: { documentType: 'giay-chung-sinh', fileName: 'b.pdf', size: 100, contentType: 'application/pdf' },
    });
    const submitted = await call<DossierBody>(local.stack, `/dossiers/${id}/submit`, {
      method: 'POST',
      token,
    });
    expect(submitted.body.attachments).toHaveLength(2);
    expect(submitted.body.attachments.every((a) => a.handedIn)).toBe(true);
    const after = await call<DossierBody>(local.stack, `/dossiers/${id}`, { token });
    expect(after.body.attachments.filter((a) => a.handedIn)).toHaveLength(2);
    expect(after.body.attachments.filter((a) => !a.handedIn)).toMatchObject([{ status: 'pending' }]);

    const handedIn = submitted.body.attachments[0]!;
    const refused = await call(local.stack, `/dossiers/${id}/attachments/${handedIn.id}`, {
      method: 'DELETE',
      token,
    });
    expect(problemOf(refused)).toMatchObject({ status: 409 });
    expect(await storedObject(local.stack, `dossiers/${id}/${handedIn.id}/${handedIn.sha256}`)).toEqual(PDF);
    const deleted = await call(local.stack, `/dossiers/${id}/attachments/${notUploaded.body.attachmentId}`, {
      method: 'DELETE',
      token,
    });
    expect(deleted.status).toBe(204);
  });

  it('submits once when the applicant submits five times at once; the others get 409', async () => {
    const token = await tokenFor(local.stack);
    const id = await readyDossier(local.stack, token);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => call(local.stack, `/dossiers/${id}/submit`, { method: 'POST', token })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409]);
    for (const answer of answers.filter((a) => a.status === 409))
      expect(problemOf(answer)).toMatchObject({ status: 409 });
    const history = await repository().history(id);
    expect(history.filter((e) => e.action === 'submit')).toHaveLength(1);
  });

  it('burns no dossier code when concurrent submissions lose: five drafts submitted ten times each', async () => {
    const documents = DynamoDBDocumentClient.from(local.stack.clients.dynamodb);
    const TableName = local.stack.resources.env.TABLE_DOSSIERS!;
    const counter = async () =>
      Number(
        (
          await documents.send(
            new GetCommand({
              TableName,
              Key: { pk: `SEQ#000.01.00.H56#${localDateAt(Date.now())}`, sk: '#' },
              ConsistentRead: true,
            }),
          )
        ).Item?.value ?? 0,
      );
    const drafts = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const token = await tokenFor(local.stack);
        return { token, id: await readyDossier(local.stack, token) };
      }),
    );
    const before = await counter();
    const answers = await Promise.all(
      drafts.flatMap(({ token, id }) =>
        Array.from({ length: 10 }, () =>
          call<DossierBody>(local.stack, `/dossiers/${id}/submit`, { method: 'POST', token }),
        ),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(45);
    const sequences = answers
      .filter((a) => a.status === 200)
      .map((a) => Number(a.body.code!.slice(-4)))
      .sort((x, y) => x - y);
    expect(sequences).toEqual([1, 2, 3, 4, 5].map((n) => before + n));
    expect(await counter()).toBe(before + 5);
  });

  it('gives twelve dossiers submitted at once twelve consecutive codes', async () => {
    const drafts = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const token = await tokenFor(local.stack);
        return { token, id: await readyDossier(local.stack, token) };
      }),
    );
    const answers = await Promise.all(
      drafts.map(({ token, id }) =>
        call<DossierBody>(local.stack, `/dossiers/${id}/submit`, { method: 'POST', token }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(drafts.map(() => 200));
    const sequences = answers.map((a) => Number(a.body.code!.slice(-4))).sort((x, y) => x - y);
    expect(sequences).toEqual(sequences.map((_, i) => sequences[0]! + i));
  });

  it('folds a unit’s line of waiting submissions into its floor as they leave, in any order and at once', async () => {
    const documents = DynamoDBDocumentClient.from(local.stack.clients.dynamodb);
    const dossiers = dynamoDossierRepository(documents, local.stack.resources.env.TABLE_DOSSIERS!, () => '');
    const deps = { dossiers };
    const unit = `LINE-${randomUUID()}`;
    const date = localDateAt(Date.now());
    const places = await Promise.all(Array.from({ length: 150 }, () => dossiers.takeCodePlace(unit, date)));
    expect([...places].sort((a, b) => a - b)).toEqual(places.map((_, i) => i + 1));
    // Place 100's holder is still waiting; every other one leaves, all at once, in shuffled order.
    const leaving = places.filter((p) => p !== 100).sort(() => Math.random() - 0.5);
    await Promise.all(leaving.map((place) => leaveLine(deps, unit, date, place)));
    const line = await dossiers.codeLine(unit, date);
    // The run of done places before 100 folded (in FOLD_AT steps, by whichever leaver saw it first), the rest kept.
    expect(line.floor).toBeGreaterThanOrEqual(FOLD_AT);
    expect(line.floor).toBeLessThan(100);
    expect(line.done).not.toContain(100);
    expect(line.done.every((p) => p > line.floor)).toBe(true);
    expect(line.done.length).toBe(149 - line.floor);
    expect(waitingAhead(line, 151)).toBe(1);
    expect(waitingAhead(line, 100)).toBe(0);
    await leaveLine(deps, unit, date, 100);
    const after = await dossiers.codeLine(unit, date);
    // Every place is done now: the run after the floor folds once it is FOLD_AT long.
    expect(after).toMatchObject(
      150 - line.floor >= FOLD_AT ? { floor: 150, done: [] } : { floor: line.floor },
    );
    expect(waitingAhead(after, 151)).toBe(0);
  });

  it('folds a unit’s line past the place of a holder that crashed without leaving', async () => {
    const documents = DynamoDBDocumentClient.from(local.stack.clients.dynamodb);
    const dossiers = dynamoDossierRepository(documents, local.stack.resources.env.TABLE_DOSSIERS!, () => '');
    const unit = `LINE-${randomUUID()}`;
    const date = localDateAt(Date.now());
    const places = await Promise.all(Array.from({ length: 100 }, () => dossiers.takeCodePlace(unit, date)));
    // Place 3's holder crashed; the others leave one after another.
    for (const place of [...places].sort((a, b) => a - b).filter((p) => p !== 3))
      await leaveLine({ dossiers }, unit, date, place);
    const line = await dossiers.codeLine(unit, date);
    expect(line.floor).toBeGreaterThanOrEqual(FOLD_AT);
    expect(line.done.every((p) => p > line.floor)).toBe(true);
    expect(waitingAhead(line, 101)).toBe(0);
    // Had the holder only been slow, it leaves after all: its place is in the floor already, and the line unchanged.
    expect(await dossiers.leaveCodeLine(unit, date, 3)).toBeNull();
    expect(await dossiers.codeLine(unit, date)).toEqual(line);
  });

  it('drops from the done set a passed place that leaves between a leaver’s read of the line and its fold', async () => {
    const documents = DynamoDBDocumentClient.from(local.stack.clients.dynamodb);
    const dossiers = dynamoDossierRepository(documents, local.stack.resources.env.TABLE_DOSSIERS!, () => '');
    const unit = `LINE-${randomUUID()}`;
    const date = localDateAt(Date.now());
    await Promise.all(Array.from({ length: 70 }, () => dossiers.takeCodePlace(unit, date)));
    // Places 1, 2 and 4 to 67 are done: 3 is passed by FOLD_AT of them. The last leaver's view of the line:
    let seen = await dossiers.leaveCodeLine(unit, date, 1);
    for (const place of [2, ...Array.from({ length: 64 }, (_, i) => 4 + i)])
      seen = await dossiers.leaveCodeLine(unit, date, place);
    expect(endOfDoneRun(seen!)).toBe(67);
    // Place 3's holder leaves after that read and before the fold the read leads to.
    expect(await dossiers.leaveCodeLine(unit, date, 3)).not.toBeNull();
    await dossiers.foldCodeLine(unit, date, 0, 67);
    expect(await dossiers.codeLine(unit, date)).toMatchObject({ floor: 67, done: [] });
    expect(await dossiers.leaveCodeLine(unit, date, 3)).toBeNull();
  });

  it('answers 503 once the receiving unit has issued every code of the day, and keeps the draft', async () => {
    const token = await tokenFor(local.stack);
    const id = await readyDossier(local.stack, token);
    const documents = DynamoDBDocumentClient.from(local.stack.clients.dynamodb);
    const TableName = local.stack.resources.env.TABLE_DOSSIERS!;
    const Key = { pk: `SEQ#000.01.00.H56#${localDateAt(Date.now())}`, sk: '#' };
    const before = (await documents.send(new GetCommand({ TableName, Key }))).Item;
    await documents.send(new PutCommand({ TableName, Item: { ...Key, value: MAX_DAILY_SEQUENCE } }));
    try {
      const refused = await call(local.stack, `/dossiers/${id}/submit`, { method: 'POST', token });
      expect(problemOf(refused)).toMatchObject({ status: 503 });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      const dossier = await call<DossierBody>(local.stack, `/dossiers/${id}`, { token });
      expect(dossier.body).toMatchObject({ status: 'draft', code: null });
    } finally {
      await documents.send(new PutCommand({ TableName, Item: before ?? { ...Key, value: 0 } }));
    }
  });

  it('refuses more than the maximum number of documents on one dossier', async () => {
    const token = await tokenFor(local.stack);
    const created = await createDossier(local.stack, token);
    const ask = () =>
      call(local.stack, `/dossiers/${created.body.id}/attachments`, {
        method: 'POST',
        token,
        json: {
          documentType: 'giay-chung-sinh',
          fileName: 'c.pdf',
          size: 100,
          contentType: 'application/pdf',
        },
      });
    for (let i = 0; i < MAX_ATTACHMENTS; i += 1) expect((await ask()).status).toBe(201);
    expect(problemOf(await ask())).toMatchObject({ status: 409 });
  });

  it('stores at most the maximum number of documents when sixty are requested at once', async () => {
    const token = await tokenFor(local.stack);
    const created = await createDossier(local.stack, token);
    const answers = await Promise.all(
      Array.from({ length: 60 }, () =>
        call(local.stack, `/dossiers/${created.body.id}/attachments`, {
          method: 'POST',
          token,
          json: {
            documentType: 'giay-chung-sinh',
            fileName: 'c.pdf',
            size: 100,
            contentType: 'application/pdf',
          },
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(MAX_ATTACHMENTS);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(60 - MAX_ATTACHMENTS);
    const dossier = await call<DossierBody>(local.stack, `/dossiers/${created.body.id}`, { token });
    expect(dossier.body.attachments).toHaveLength(MAX_ATTACHMENTS);
  });

  it('gives a place back when a document is deleted', async () => {
    const token = await tokenFor(local.stack);
    const created = await createDossier(local.stack, token);
    const ask = () =>
      call<{ attachmentId: string }>(local.stack, `/dossiers/${created.body.id}/attachments`, {
        method: 'POST',
        token,
        json: {
          documentType: 'giay-chung-sinh',
          fileName: 'c.pdf',
          size: 100,
          contentType: 'application/pdf',
        },
      });
    const first = await ask();
    for (let i = 1; i < MAX_ATTACHMENTS; i += 1) expect((await ask()).status).toBe(201);
    const deleted = await call(
      local.stack,
      `/dossiers/${created.body.id}/attachments/${first.body.attachmentId}`,
      {
        method: 'DELETE',
        token,
      },
    );
    expect(deleted.status).toBe(204);
    expect((await ask()).status).toBe(201);
    expect(problemOf(await ask())).toMatchObject({ status: 409 });
  });
});

// Each test replays one interleaving of two requests: a use case acts on what it read before the other request
// changed the dossier, as when an applicant works from two tabs.
describe('attachments and submission racing', () => {
  const storage = () =>
    s3AttachmentStorage(local.stack.clients.s3, local.stack.resources.env.BUCKET_ATTACHMENTS!);
  const documents = () => DynamoDBDocumentClient.from(local.stack.clients.dynamodb);
  const catalog = () => dynamoCatalogRepository(documents(), local.stack.resources.env.TABLE_CATALOG!);
  /** A citizen's token for the HTTP API, and the same citizen as a use case's caller. */
  async function citizen() {
    const subject = `citizen-${randomUUID()}`;
    const caller: Caller = { subject, roles: ['citizen'], agency: undefined, duties: [] };
    return { token: await tokenFor(local.stack, subject), caller };
  }
  /** The repository as it looked when `id` was read: later reads see that snapshot, writes are real. */
  async function readEarlier(id: string) {
    const earlier = (await repository().getWithAttachments(id))!;
    return { ...repository(), getWithAttachments: async () => structuredClone(earlier), earlier };
  }

  it('refuses to delete a document that a submission handed in after the delete read the dossier', async () => {
    const { token, caller } = await citizen();
    const id = await readyDossier(local.stack, token);
    const dossiers = await readEarlier(id);
    const submitted = await call(local.stack, `/dossiers/${id}/submit`, { method: 'POST', token });
    expect(submitted.status).toBe(200);

    const attachment = dossiers.earlier.attachments[0]!;
    await expect(
      deleteAttachment({ dossiers, storage: storage() }, caller, id, attachment.id),
    ).rejects.toMatchObject({ status: 409 });
    expect(await storedObject(local.stack, attachment.objectKey!)).toEqual(PDF);
  });

  it('refuses a submission that counted a document deleted after the submission read the dossier', async () => {
    const { token, caller } = await citizen();
    const id = await readyDossier(local.stack, token);
    const dossiers = await readEarlier(id);
    const attachment = dossiers.earlier.attachments[0]!;
    const deleted = await call(local.stack, `/dossiers/${id}/attachments/${attachment.id}`, {
      method: 'DELETE',
      token,
    });
    expect(deleted.status).toBe(204);

    const handedOff: string[] = [];
    await expect(
      submitDossier(
        {
          dossiers,
          catalog: catalog(),
          limits: { draftsPerDay: 20, submissionsPerHour: 20 },
          pipeline: {
            toStage: async (stage) => void handedOff.push(stage),
            toNotification: async () => void handedOff.push('notification'),
            toForm: async () => void handedOff.push('form'),
            toEvents: async () => void handedOff.push('events'),
          },
          now: Date.now,
        },
        caller,
        id,
      ),
    ).rejects.toMatchObject({ status: 409 });
    expect(handedOff).toEqual([]);
    const dossier = await call<DossierBody>(local.stack, `/dossiers/${id}`, { token });
    expect(dossier.body.status).toBe('draft');
  });

  it('keeps one verification when two completions race over different uploads', async () => {
    const { token, caller } = await citizen();
    const created = await createDossier(local.stack, token);
    const id = created.body.id;
    const requested = await call<{
      attachmentId: string;
      upload: { url: string; fields: Record<string, string> };
    }>(local.stack, `/dossiers/${id}/attachments`, {
      method: 'POST',
      token,
      json: {
        documentType: 'to-khai-khai-sinh',
        fileName: 'a.pdf',
        size: PDF.length,
        contentType: 'application/pdf',
      },
    });
    const { attachmentId, upload } = requested.body;
    await postUpload(upload, PDF);
    const other = Buffer.from(PDF.toString('latin1').replace('%PDF-1.4', '%PDF-1.5'), 'latin1');
    const real = storage();
    // The first completion reads the PDF; before it writes, the file is replaced and a second completion verifies it.
    const racing: AttachmentStorage = {
      ...real,
      read: async (key, maxBytes) => {
        const read = await real.read(key, maxBytes);
        await postUpload(upload, other);
        const second = await call(local.stack, `/dossiers/${id}/attachments/${attachmentId}/complete`, {
          method: 'POST',
          token,
        });
        expect(second.status).toBe(200);
        return read;
      },
    };
    await expect(
      completeUpload(
        { dossiers: repository(), catalog: catalog(), storage: racing, now: Date.now },
        caller,
        id,
        attachmentId,
      ),
    ).rejects.toMatchObject({ status: 409 });
    const dossier = await call<DossierBody>(local.stack, `/dossiers/${id}`, { token });
    expect(dossier.body.attachments).toMatchObject([{ id: attachmentId, sha256: sha256(other) }]);
    expect(await storedObject(local.stack, `dossiers/${id}/${attachmentId}/${sha256(other)}`)).toEqual(other);
    expect(await storedObject(local.stack, `dossiers/${id}/${attachmentId}/${sha256(PDF)}`)).toBeNull();
  });
});

describe('bad input to the dossier API', () => {
  it.each([
    [
      'an invalid citizen ID',
      application({ applicant: { ...application().applicant, citizenId: '12345' } }),
      400,
      ['body.applicant.citizenId'],
    ],
    [
      'an invalid phone number',
      application({ applicant: { ...application().applicant, phone: '0123' } }),
      400,
      ['body.applicant.phone'],
    ],
    ['wrong types', { ...application(), channels: 'sms', form: [] }, 400, ['body.channels', 'body.form']],
    ['an unknown procedure', application({ procedureCode: '9.999999' }), 422, ['body.procedureCode']],
    [
      'the email channel without an email',
      application({ applicant: { ...application().applicant, email: undefined } }),
      400,
      ['body.applicant.email'],
    ],
    ['a form number beyond what is stored exactly', application({ form: { x: 1e16 } }), 400, ['body.form.x']],
    ['a form number below it', application({ form: { x: -9007199254740992 } }), 400, ['body.form.x']],
    [
      'a name of zero-width and bidi characters only',
      application({ applicant: { ...application().applicant, fullName: '\u200b\u202e\u200d \ufeff' } }),
      400,
      ['body.applicant.fullName'],
    ],
    [
      'an address of control characters only',
      application({ applicant: { ...application().applicant, address: '\u0000\r\n\u0007' } }),
      400,
      ['body.applicant.address'],
    ],
  ])('answers %s with problem+json', async (_name, body, status, fields) => {
    const response = await createDossier(local.stack, await tokenFor(local.stack), body);
    expect(problemOf(response)).toMatchObject({ status, contentType: 'application/problem+json' });
    expect(problemOf(response).fields).toEqual(expect.arrayContaining(fields));
  });

  it('stores applicant text as one clean line: NFC, no control, bidi-override or zero-width characters', async () => {
    const token = await tokenFor(local.stack);
    const decomposed = 'Nguye\u0302\u0303n'; // "Nguyễn" with combining marks
    const created = await createDossier(
      local.stack,
      token,
      application({
        applicant: {
          ...application().applicant,
          fullName: `  ${decomposed}\u0000 Thi\u0323\r\nBi\u0300nh\u0007\u202e\u200b\ud800 `,
          address: '12 Lê Lợi,\tphường\u2066 Long An\u2069',
        },
        form: { big: Number.MAX_SAFE_INTEGER, small: -Number.MAX_SAFE_INTEGER, ratio: 0.1 },
      }),
    );
    expect(created.status).toBe(201);
    const stored = (await repository().get(created.body.id))!;
    expect(stored.applicant.fullName).toBe('Nguyễn Thị Bình');
    expect(stored.applicant.address).toBe('12 Lê Lợi, phường Long An');
    expect(stored.form).toMatchObject({
      big: Number.MAX_SAFE_INTEGER,
      small: -Number.MAX_SAFE_INTEGER,
      ratio: 0.1,
    });
  });

  it('answers malformed JSON and an oversized body', async () => {
    const token = await tokenFor(local.stack);
    const malformed = await call(local.stack, '/dossiers', {
      method: 'POST',
      token,
      body: '{"procedureCode":',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'malformed-1' },
    });
    expect(problemOf(malformed)).toMatchObject({ status: 400, type: 'urn:mot-cua:problem:malformed-json' });
    const big = await createDossier(local.stack, token, application({ form: { note: 'x'.repeat(40_000) } }));
    expect(problemOf(big)).toMatchObject({ status: 413 });
  });

  it('refuses to submit with a mandatory document missing, naming it', async () => {
    const token = await tokenFor(local.stack);
    const created = await createDossier(local.stack, token);
    await attach(local.stack, token, created.body.id, 'to-khai-khai-sinh', PDF);
    const submitted = await call(local.stack, `/dossiers/${created.body.id}/submit`, {
      method: 'POST',
      token,
    });
    expect(problemOf(submitted)).toMatchObject({ status: 422, fields: ['documents.giay-chung-sinh'] });
  });

  it("hides someone else's dossier, and refuses callers without the citizen role", async () => {
    const owner = await tokenFor(local.stack);
    const created = await createDossier(local.stack, owner);
    const stranger = await tokenFor(local.stack);
    for (const [method, path] of [
      ['GET', `/dossiers/${created.body.id}`],
      ['POST', `/dossiers/${created.body.id}/submit`],
    ] as const) {
      expect((await call(local.stack, path, { method, token: stranger })).status).toBe(404);
    }
    const attachAsStranger = await call(local.stack, `/dossiers/${created.body.id}/attachments`, {
      method: 'POST',
      token: stranger,
      json: { documentType: 'giay-chung-sinh', fileName: 'a.pdf', size: 100, contentType: 'application/pdf' },
    });
    expect(attachAsStranger.status).toBe(404);
    expect((await call(local.stack, `/dossiers/${created.body.id}`)).status).toBe(401);
    const officer = await tokenFor(local.stack, 'officer-1', 'officer');
    expect((await call(local.stack, `/dossiers/${created.body.id}`, { token: officer })).status).toBe(403);
  });
});

describe('delivery guarantees', () => {
  it('processes a redelivered message once', async () => {
    const token = await tokenFor(local.stack);
    const id = await readyDossier(local.stack, token);
    await call(local.stack, `/dossiers/${id}/submit`, { method: 'POST', token });
    const done = await processed(token, id);
    // Everything the acceptance set off is done: routed, notified (and recorded), the receipt issued.
    const before = await eventually(async () => {
      const events = await repository().history(id);
      const actions = events.map((e) => e.action);
      return (['start-processing', 'notified', 'form-issued'] as const).every((a) => actions.includes(a))
        ? events
        : undefined;
    });
    const sqs = local.stack.clients.sqs;
    // The acceptance's notification is named after the history length it was created at.
    const notificationId = `received-${before.find((e) => e.action === 'accept')!.seq}`;
    for (const [queue, body] of [
      ['intake', { dossierId: id, stage: 'intake' }],
      ['notification', { dossierId: id, notificationId }],
      ['documents', { dossierId: id, formId: 'receipt' }],
      ['documents', { dossierId: id, formId: 'receipt' }],
    ] as const) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: local.stack.resources.queueUrls.get(queue)!,
          MessageBody: JSON.stringify(body),
        }),
      );
    }
    await new Promise((r) => setTimeout(r, 3000));
    expect((await repository().history(id)).length).toBe(before.length);
    expect(outboxFor(done.code!)).toHaveLength(1);
  });
});
