// Builders for dossier tests over HTTP: tokens, valid applications, uploads through the presigned POST.
import { createHash, randomUUID } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { uploadFile, type PortalClient, type paths } from '../../client/src/index.js';
import { app } from '../../infra/app-definition.js';
import type { AppDefinition } from '../../infra/app-model.js';
import type { LocalStack } from '../../local/runner.js';
import { dynamoDossierRepository } from '../../shared/dossier/repository.js';
import { call, portalClient } from './local-stack.js';

/** The real definition with quick consumer timeouts and two receives before the DLQ, so retries take seconds. */
export const quickApp: AppDefinition = {
  ...app,
  queues: Object.fromEntries(Object.keys(app.queues).map((name) => [name, { maxReceiveCount: 2 }])),
  functions: Object.fromEntries(
    Object.entries(app.functions).map(([name, fn]) => [
      name,
      // Short timeouts make short visibility timeouts, so retries come quickly. Issuing a form (render, sign through
      // pkijs, verify again) and checking signatures take seconds on a loaded machine: at 5 s a CI run timed a
      // receipt out on both of its two receives, and it was never issued. They keep 15 s (visibility 90 s).
      fn.triggers.some((t) => t.type === 'queue')
        ? {
            ...fn,
            timeoutSeconds: ['issueForm', 'checkResultSignatures', 'checkDocumentCopy'].includes(name)
              ? 15
              : 1,
          }
        : fn,
    ]),
  ),
};

export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);
/** A whole 1×1 PNG: the upload check walks its chunks to IEND. */
export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082',
  'hex',
);
export const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

export async function tokenFor(
  stack: LocalStack,
  subject = `citizen-${randomUUID()}`,
  role = 'citizen',
  agency?: string,
  name?: string,
) {
  const response = await call<{ token: string }>(stack, '/dev/tokens', {
    method: 'POST',
    json: { role, subject, ...(agency ? { agency } : {}), ...(name ? { name } : {}) },
  });
  return response.body.token;
}

/** A new dossier's body, as the portal client types it. */
export type NewDossier = paths['/dossiers']['post']['requestBody']['content']['application/json'];

export function application(overrides: Partial<NewDossier> = {}): NewDossier {
  return {
    procedureCode: '1.001193',
    applicant: {
      fullName: 'Nguyễn Thị Bình',
      citizenId: '079203001234',
      phone: '0912345678',
      email: 'binh@example.vn',
      address: '12 Lê Lợi, phường Long An',
    },
    form: { childName: 'Nguyễn Minh An', birthDate: '2026-11-20' },
    channels: ['zalo', 'sms', 'email'],
    ...overrides,
  };
}

export interface DossierBody {
  id: string;
  code: string | null;
  status: string;
  nationalStatus: { code: number } | null;
  dueAt: string | null;
  attachments: { id: string; status: string; sha256: string | null; handedIn: boolean }[];
}

export async function createDossier(
  stack: LocalStack,
  token: string,
  body: unknown = application(),
  key: string = randomUUID(),
) {
  return call<DossierBody>(stack, '/dossiers', {
    method: 'POST',
    token,
    json: body,
    headers: { 'idempotency-key': key },
  });
}

/** Asks for a presigned POST, uploads the bytes to it, and asks the API to verify them. */
export async function attach(
  stack: LocalStack,
  token: string,
  dossierId: string,
  documentType: string,
  bytes: Buffer,
  options: { contentType?: string; declaredSize?: number; fileName?: string } = {},
) {
  const contentType = options.contentType ?? 'application/pdf';
  const requested = await call<{
    attachmentId: string;
    fileName: string;
    upload: { url: string; fields: Record<string, string> };
  }>(stack, `/dossiers/${dossierId}/attachments`, {
    method: 'POST',
    token,
    json: {
      documentType,
      fileName: options.fileName ?? 'to-khai.pdf',
      size: options.declaredSize ?? bytes.length,
      contentType,
    },
  });
  if (requested.status !== 201) return { requested, completed: null };
  await postUpload(requested.body.upload, bytes, contentType);
  const completed = await call(
    stack,
    `/dossiers/${dossierId}/attachments/${requested.body.attachmentId}/complete`,
    { method: 'POST', token },
  );
  return { requested, completed };
}

/** Posts bytes to a presigned upload form, as a browser does. */
export async function postUpload(
  upload: { url: string; fields: Record<string, string> },
  bytes: Buffer,
  contentType = 'application/pdf',
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([bytes], { type: contentType }), 'upload');
  const uploaded = await fetch(upload.url, { method: 'POST', body: form });
  expect(uploaded.status).toBeLessThan(300);
}

/** An object of the attachments bucket, or null when there is none. */
export async function storedObject(stack: LocalStack, key: string): Promise<Buffer | null> {
  try {
    const object = await stack.clients.s3.send(
      new GetObjectCommand({ Bucket: stack.resources.env.BUCKET_ATTACHMENTS!, Key: key }),
    );
    return Buffer.from(await object.Body!.transformToByteArray());
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') return null;
    throw error;
  }
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A draft through the portal client, with a fresh idempotency key. */
export async function newDossier(api: PortalClient, body: NewDossier = application()) {
  const created = await api.POST('/dossiers', {
    params: { header: { 'idempotency-key': randomUUID() } },
    body,
  });
  expect(created.response.status).toBe(201);
  return created.data!;
}

/**
 * Through the portal client, as a portal does: asks for an upload of a PDF, posts the file to it (the fields
 * first, then the file) and has the API verify it; `size` is the declared size.
 */
export async function attachFile(
  api: PortalClient,
  id: string,
  documentType: string,
  file: Blob,
  size = file.size,
) {
  const requested = await api.POST('/dossiers/{id}/attachments', {
    params: { path: { id } },
    body: { documentType, fileName: 'to-khai.pdf', size, contentType: 'application/pdf' },
  });
  expect(requested.response.status).toBe(201);
  const { attachmentId, upload } = requested.data!;
  const uploaded = await uploadFile(upload, file, { fileName: 'to-khai.pdf' });
  expect(uploaded.ok).toBe(true);
  return api.POST('/dossiers/{id}/attachments/{attachmentId}/complete', {
    params: { path: { id, attachmentId } },
  });
}

export const pdfFile = () => new Blob([PDF], { type: 'application/pdf' });

/** A birth registration with both mandatory documents verified, ready to submit (through the portal client). */
export async function readyDossier(stack: LocalStack, token: string, body: NewDossier = application()) {
  const api = portalClient(stack, { token });
  const { id } = await newDossier(api, body);
  for (const type of ['to-khai-khai-sinh', 'giay-chung-sinh']) {
    const completed = await attachFile(api, id, type, pdfFile());
    expect(completed.response.status).toBe(200);
  }
  return id;
}

export async function eventually<T>(
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The stack's dossier repository, to look at what the API stored (history, notifications). */
export const dossierRepositoryOf = (stack: LocalStack) =>
  dynamoDossierRepository(
    DynamoDBDocumentClient.from(stack.clients.dynamodb),
    stack.resources.env.TABLE_DOSSIERS!,
    () => stack.resources.env.TABLE_STATISTICS!,
  );

/** What the dev outbox recorded for one dossier code. */
export const outboxOf = (stack: LocalStack, code: string) =>
  stack.devOutbox.messages().filter((m) => m.params.code === code);
