// Browser uploads against the local stack: the presigned POST the API hands out, posted as is and tampered with.
import { describe, expect, it } from 'vitest';
import { call, useLocalStack } from '../support/local-stack.js';
import { createDossier, PDF, storedObject, tokenFor } from '../support/dossiers.js';

const local = useLocalStack();

interface Upload {
  url: string;
  fields: Record<string, string>;
}

/** A fresh presigned POST for a PDF of PDF.length bytes (the declared size), from `POST /dossiers/{id}/attachments`. */
async function presignedUpload(): Promise<Upload> {
  const token = await tokenFor(local.stack);
  const created = await createDossier(local.stack, token);
  expect(created.status).toBe(201);
  const requested = await call<{ upload: Upload }>(local.stack, `/dossiers/${created.body.id}/attachments`, {
    method: 'POST',
    token,
    json: {
      documentType: 'to-khai-khai-sinh',
      fileName: 'to-khai.pdf',
      size: PDF.length,
      contentType: 'application/pdf',
    },
  });
  expect(requested.status).toBe(201);
  return requested.body.upload;
}

/** Posts the form as a browser does, with some fields replaced; the XML error's code and elements when refused. */
async function post(upload: Upload, bytes: Buffer, replaced: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...upload.fields, ...replaced })) form.append(name, value);
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'to-khai.pdf');
  const response = await fetch(upload.url, { method: 'POST', body: form });
  const text = await response.text();
  const element = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1];
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    code: element('Code'),
    message: element('Message')?.replaceAll('&quot;', '"'),
    element,
  };
}

const key = (upload: Upload) => upload.fields.key!;

describe('browser uploads through the presigned POST', () => {
  it('stores a file posted with the form as presigned', async () => {
    const upload = await presignedUpload();
    expect(key(upload).startsWith('uploads/')).toBe(true);
    const posted = await post(upload, PDF);
    expect(posted.status).toBe(204);
    expect(await storedObject(local.stack, key(upload))).toEqual(PDF);
  });

  it('refuses a file a byte larger than declared with EntityTooLarge, and stores nothing', async () => {
    const upload = await presignedUpload();
    const posted = await post(upload, Buffer.concat([PDF, Buffer.from(' ')]));
    expect(posted).toMatchObject({ status: 400, contentType: 'application/xml', code: 'EntityTooLarge' });
    expect(posted.element('ProposedSize')).toBe(String(PDF.length + 1));
    expect(posted.element('MaxSizeAllowed')).toBe(String(PDF.length));
    expect(await storedObject(local.stack, key(upload))).toBeNull();
  });

  it('refuses a file a byte smaller than declared, and an empty one, with EntityTooSmall', async () => {
    const upload = await presignedUpload();
    for (const bytes of [PDF.subarray(1), Buffer.alloc(0)]) {
      const posted = await post(upload, bytes);
      expect(posted).toMatchObject({ status: 400, code: 'EntityTooSmall' });
      expect(posted.element('MinSizeAllowed')).toBe(String(PDF.length));
    }
    expect(await storedObject(local.stack, key(upload))).toBeNull();
  });

  it('refuses a changed Content-Type with AccessDenied naming the failed condition', async () => {
    const upload = await presignedUpload();
    const posted = await post(upload, PDF, { 'Content-Type': 'text/html' });
    expect(posted).toMatchObject({
      status: 403,
      code: 'AccessDenied',
      message:
        'Invalid according to Policy: Policy Condition failed: ["eq", "$Content-Type", "application/pdf"]',
    });
    expect(await storedObject(local.stack, key(upload))).toBeNull();
  });

  it('refuses a zeroed signature with SignatureDoesNotMatch', async () => {
    const upload = await presignedUpload();
    const posted = await post(upload, PDF, { 'X-Amz-Signature': '0'.repeat(64) });
    expect(posted).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(posted.element('StringToSign')).toBe(upload.fields.Policy);
    expect(await storedObject(local.stack, key(upload))).toBeNull();
  });

  it('refuses a key rewritten to the verified prefix, and writes nothing there', async () => {
    const upload = await presignedUpload();
    const verifiedKey = key(upload).replace(/^uploads\//, 'dossiers/');
    const posted = await post(upload, PDF, { key: verifiedKey });
    expect(posted).toMatchObject({
      status: 403,
      code: 'AccessDenied',
      message: `Invalid according to Policy: Policy Condition failed: ["eq", "$key", "${key(upload)}"]`,
    });
    expect(await storedObject(local.stack, verifiedKey)).toBeNull();
    expect(await storedObject(local.stack, key(upload))).toBeNull();
  });

  it('refuses a field the policy does not cover', async () => {
    const upload = await presignedUpload();
    const posted = await post(upload, PDF, { 'x-amz-meta-owner': 'someone' });
    expect(posted).toMatchObject({
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Extra input fields: x-amz-meta-owner',
    });
  });

  it('verifies a form posted with a query string too', async () => {
    const upload = await presignedUpload();
    const verifiedKey = key(upload).replace(/^uploads\//, 'dossiers/');
    const posted = await post({ ...upload, url: `${upload.url}?anything=1` }, PDF, { key: verifiedKey });
    expect(posted).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(await storedObject(local.stack, verifiedKey)).toBeNull();
  });

  it('refuses a bucket POST that is not multipart/form-data, as S3 does', async () => {
    const upload = await presignedUpload();
    const verifiedKey = key(upload).replace(/^uploads\//, 'dossiers/');
    const response = await fetch(upload.url, {
      method: 'POST',
      body: new URLSearchParams({ ...upload.fields, key: verifiedKey, file: 'not verified' }),
    });
    expect(response.status).toBe(412);
    const text = await response.text();
    expect(text).toContain('<Code>PreconditionFailed</Code>');
    expect(text).toContain(
      '<Condition>Bucket POST must be of the enclosure-type multipart/form-data</Condition>',
    );
    expect(await storedObject(local.stack, verifiedKey)).toBeNull();
  });
});

describe('downloads from the private bucket', () => {
  it('refuses a request that carries no signature, as S3 does for a private bucket', async () => {
    const upload = await presignedUpload();
    expect((await post(upload, PDF)).status).toBe(204);
    const bucketUrl = upload.url.replace(/\/$/, '');
    const unsigned = await fetch(`${bucketUrl}/${key(upload)}`);
    const text = await unsigned.text();
    expect(unsigned.status).toBe(403);
    expect(text).toContain('<Code>AccessDenied</Code>');
  });

  it('refuses a presigned link once it has expired, and serves it before', async () => {
    const upload = await presignedUpload();
    expect((await post(upload, PDF)).status).toBe(204);
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
    const command = new GetObjectCommand({
      Bucket: local.stack.resources.env.BUCKET_ATTACHMENTS!,
      Key: key(upload),
    });
    const fresh = await getSignedUrl(local.stack.clients.s3, command, { expiresIn: 300 });
    expect(Buffer.from(await (await fetch(fresh)).arrayBuffer())).toEqual(PDF);
    const stale = await getSignedUrl(local.stack.clients.s3, command, {
      expiresIn: 1,
      signingDate: new Date(Date.now() - 60_000),
    });
    const expired = await fetch(stale);
    const text = await expired.text();
    expect(expired.status).toBe(403);
    expect(text).toContain('<Message>Request has expired</Message>');
  });
});
