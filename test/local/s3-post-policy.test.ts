import { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { describe, expect, it } from 'vitest';
import {
  conditionText,
  largestAllowedSize,
  postPolicySignature,
  s3ErrorXml,
  verifyPostUpload,
  type PostUpload,
  type SigningAccount,
} from '../../local/s3-post-policy.js';

const account: SigningAccount = {
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
  region: 'ap-southeast-1',
};
const BUCKET = 'attachments';
const KEY = 'uploads/d-1/a-1';
const MAX = 5 * 1024 * 1024;
const signedAt = new Date('2026-03-02T08:00:00Z');
const now = new Date('2026-03-02T09:00:00Z');

/** A form as the product presigns it: the SDK's own createPresignedPost, with the clock fixed. */
async function presigned(
  conditions: unknown[] = [
    ['content-length-range', 1, MAX],
    ['eq', '$Content-Type', 'application/pdf'],
  ],
  fields: Record<string, string> = { 'Content-Type': 'application/pdf' },
  key = KEY,
): Promise<Record<string, string>> {
  const client = new S3Client({
    region: account.region,
    credentials: account,
    endpoint: 'http://127.0.0.1:4569',
    forcePathStyle: true,
  });
  const realNow = Date.now;
  Date.now = () => signedAt.getTime();
  try {
    const post = await createPresignedPost(client, {
      Bucket: BUCKET,
      Key: key,
      Conditions: conditions as never,
      Fields: fields,
      Expires: 86_400,
    });
    return post.fields;
  } finally {
    Date.now = realNow;
    client.destroy();
  }
}

function uploadOf(fields: Record<string, string>, size = 1000, fileName = 'to-khai.pdf'): PostUpload {
  return { bucket: BUCKET, fields: Object.entries(fields), file: { size, fileName } };
}

const refusalOf = (upload: PostUpload, at = now) => {
  const verdict = verifyPostUpload(upload, account, at);
  return verdict.accepted ? null : verdict.refusal;
};

/** Replaces the policy's conditions and signs it again, as a holder of the key pair could. */
function resigned(
  fields: Record<string, string>,
  conditions: unknown[],
  expiration = '2026-03-03T08:00:00Z',
) {
  const policy = Buffer.from(JSON.stringify({ expiration, conditions })).toString('base64');
  const [, shortDate, region] = fields['X-Amz-Credential']!.split('/');
  return {
    ...fields,
    Policy: policy,
    'X-Amz-Signature': postPolicySignature(account.secretAccessKey, shortDate!, region!, policy),
  };
}

describe('the POST policy signature', () => {
  it('is the one the AWS SDK computes for the same policy', async () => {
    const fields = await presigned();
    expect(postPolicySignature(account.secretAccessKey, '20260302', account.region, fields.Policy!)).toBe(
      fields['X-Amz-Signature'],
    );
  });

  it('matches the worked example of the S3 documentation', () => {
    // sigv4-post-example: the signing key of the example secret for 20151229/us-east-1 over its base64 policy.
    const policy =
      'eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0KICAiY29uZGl0aW9ucyI6IFsNCiAgICB7ImJ1Y2tldCI6ICJzaWd2NGV4YW1wbGVidWNrZXQifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci91c2VyMS8iXSwNCiAgICB7ImFjbCI6ICJwdWJsaWMtcmVhZCJ9LA0KICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAiaHR0cDovL3NpZ3Y0ZXhhbXBsZWJ1Y2tldC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRDb250ZW50LVR5cGUiLCAiaW1hZ2UvIl0sDQogICAgeyJ4LWFtei1tZXRhLXV1aWQiOiAiMTQzNjUxMjM2NTEyNzQifSwNCiAgICB7IngtYW16LXNlcnZlci1zaWRlLWVuY3J5cHRpb24iOiAiQUVTMjU2In0sDQogICAgWyJzdGFydHMtd2l0aCIsICIkeC1hbXotbWV0YS10YWciLCAiIl0sDQoNCiAgICB7IngtYW16LWNyZWRlbnRpYWwiOiAiQUtJQUlPU0ZPRE5ON0VYQU1QTEUvMjAxNTEyMjkvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LA0KICAgIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwNCiAgICB7IngtYW16LWRhdGUiOiAiMjAxNTEyMjlUMDAwMDAwWiIgfQ0KICBdDQp9';
    expect(
      postPolicySignature('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '20151229', 'us-east-1', policy),
    ).toBe('8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e');
  });
});

describe('verifying a POST Object upload', () => {
  it('accepts the form as presigned, with a file inside the size range', async () => {
    const verdict = verifyPostUpload(uploadOf(await presigned()), account, now);
    expect(verdict).toMatchObject({ accepted: true, key: KEY });
  });

  it('accepts the smallest and the largest size the range allows', async () => {
    const fields = await presigned();
    expect(refusalOf(uploadOf(fields, 1))).toBeNull();
    expect(refusalOf(uploadOf(fields, MAX))).toBeNull();
  });

  it('refuses a file larger than the content-length-range with EntityTooLarge and both sizes', async () => {
    expect(refusalOf(uploadOf(await presigned(), 6 * 1024 * 1024))).toEqual({
      status: 400,
      code: 'EntityTooLarge',
      message: 'Your proposed upload exceeds the maximum allowed size',
      detail: { ProposedSize: 6291456, MaxSizeAllowed: MAX },
    });
  });

  it('refuses an empty file with EntityTooSmall', async () => {
    expect(refusalOf(uploadOf(await presigned(), 0))).toEqual({
      status: 400,
      code: 'EntityTooSmall',
      message: 'Your proposed upload is smaller than the minimum allowed size',
      detail: { ProposedSize: 0, MinSizeAllowed: 1 },
    });
  });

  it('refuses a changed Content-Type, naming the condition it fails', async () => {
    const fields = { ...(await presigned()), 'Content-Type': 'text/html' };
    expect(refusalOf(uploadOf(fields))).toEqual({
      status: 403,
      code: 'AccessDenied',
      message:
        'Invalid according to Policy: Policy Condition failed: ["eq", "$Content-Type", "application/pdf"]',
    });
  });

  it('refuses a key moved out of the signed one, naming the exact-match condition as S3 does', async () => {
    const fields = { ...(await presigned()), key: 'dossiers/d-1/a-1/0000' };
    expect(refusalOf(uploadOf(fields))).toMatchObject({
      status: 403,
      code: 'AccessDenied',
      message: `Invalid according to Policy: Policy Condition failed: ["eq", "$key", "${KEY}"]`,
    });
  });

  it('refuses a zeroed signature with SignatureDoesNotMatch and what S3 says it signed', async () => {
    const fields: Record<string, string> = { ...(await presigned()), 'X-Amz-Signature': '0'.repeat(64) };
    const refusal = refusalOf(uploadOf(fields));
    expect(refusal).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(refusal?.detail).toMatchObject({
      AWSAccessKeyId: 'S3RVER',
      StringToSign: fields.Policy,
      SignatureProvided: '0'.repeat(64),
    });
    expect(String(refusal?.detail?.StringToSignBytes).startsWith('65 79 4a')).toBe(true);
  });

  it('refuses a policy changed without being signed again', async () => {
    const fields = await presigned();
    const loosened = Buffer.from(
      Buffer.from(fields.Policy!, 'base64')
        .toString()
        .replace(String(MAX), String(MAX * 10)),
    ).toString('base64');
    expect(refusalOf(uploadOf({ ...fields, Policy: loosened }))?.code).toBe('SignatureDoesNotMatch');
  });

  it('refuses a policy signed with another secret', async () => {
    const fields = await presigned();
    const forged = postPolicySignature('not-the-secret', '20260302', account.region, fields.Policy!);
    expect(refusalOf(uploadOf({ ...fields, 'X-Amz-Signature': forged }))?.code).toBe('SignatureDoesNotMatch');
  });

  it('refuses an unknown access key and a credential for another region', async () => {
    const fields = await presigned();
    const credential = fields['X-Amz-Credential']!;
    expect(
      refusalOf(uploadOf({ ...fields, 'X-Amz-Credential': credential.replace('S3RVER', 'AKIAOTHER') })),
    ).toMatchObject({ status: 403, code: 'InvalidAccessKeyId', detail: { AWSAccessKeyId: 'AKIAOTHER' } });
    expect(
      refusalOf(uploadOf({ ...fields, 'X-Amz-Credential': credential.replace(account.region, 'us-east-1') })),
    ).toMatchObject({ status: 400, detail: { Region: account.region } });
  });

  it('refuses an expired policy', async () => {
    expect(refusalOf(uploadOf(await presigned()), new Date('2026-03-03T08:00:01Z'))).toEqual({
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Policy expired.',
    });
  });

  it('refuses a field that no condition covers, and lets the exempt ones through', async () => {
    const fields = await presigned();
    expect(refusalOf(uploadOf({ ...fields, 'x-amz-meta-owner': 'someone' }))).toEqual({
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Extra input fields: x-amz-meta-owner',
    });
    expect(refusalOf(uploadOf({ ...fields, 'x-ignore-note': 'anything' }))).toBeNull();
  });

  it('refuses a form without key, policy or one of the SigV4 fields', async () => {
    const { key: _key, ...withoutKey } = await presigned();
    expect(refusalOf(uploadOf(withoutKey))).toMatchObject({
      status: 400,
      code: 'InvalidArgument',
      detail: { ArgumentName: 'key' },
    });
    const { Policy: _policy, ...withoutPolicy } = await presigned();
    expect(refusalOf(uploadOf(withoutPolicy))).toMatchObject({ status: 403, code: 'AccessDenied' });
    const { 'X-Amz-Date': _date, ...withoutDate } = await presigned();
    expect(refusalOf(uploadOf(withoutDate))).toMatchObject({
      status: 400,
      code: 'InvalidArgument',
      detail: { ArgumentName: 'X-Amz-Date' },
    });
  });

  it('refuses a form without a file', async () => {
    const upload = { ...uploadOf(await presigned()), file: null };
    expect(refusalOf(upload)).toMatchObject({
      status: 400,
      code: 'InvalidArgument',
      detail: { ArgumentName: 'file' },
    });
  });

  it('refuses a field sent twice, so that what is checked is what is stored', async () => {
    const upload = uploadOf(await presigned());
    const twice = { ...upload, fields: [...upload.fields, ['Key', 'dossiers/x'] as const] };
    expect(refusalOf(twice)).toMatchObject({ status: 400, code: 'InvalidArgument' });
  });

  it('compares the bucket condition with the bucket of the URL', async () => {
    expect(refusalOf({ ...uploadOf(await presigned()), bucket: 'other' })?.message).toBe(
      `Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", "${BUCKET}"]`,
    );
  });

  it('reads field names without regard to case', async () => {
    const fields = Object.fromEntries(
      Object.entries(await presigned()).map(([name, value]) => [name.toLowerCase(), value]),
    );
    expect(refusalOf(uploadOf(fields))).toBeNull();
  });

  describe('starts-with', () => {
    const startsWith = async (prefix: string, key: string) => {
      const base = await presigned([], {}, KEY);
      const conditions = [
        { bucket: BUCKET },
        ['starts-with', '$key', prefix],
        { 'X-Amz-Algorithm': base['X-Amz-Algorithm'] },
        { 'X-Amz-Credential': base['X-Amz-Credential'] },
        { 'X-Amz-Date': base['X-Amz-Date'] },
      ];
      return refusalOf(uploadOf({ ...resigned(base, conditions), key }));
    };

    it('accepts a key under the prefix and refuses one outside it', async () => {
      expect(await startsWith('uploads/', 'uploads/d-1/x')).toBeNull();
      expect((await startsWith('uploads/', 'dossiers/d-1/x'))?.message).toBe(
        'Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "uploads/"]',
      );
    });

    it('accepts anything with an empty prefix', async () => {
      expect(await startsWith('', 'anything/at/all')).toBeNull();
    });

    it('expands ${filename} in the key before checking it', async () => {
      const base = await presigned([], {}, 'uploads/${filename}');
      const upload = uploadOf(base, 10, 'scan.pdf');
      const verdict = verifyPostUpload(upload, account, now);
      expect(verdict).toMatchObject({ accepted: true, key: 'uploads/scan.pdf' });
    });

    it('checks every type of a Content-Type list', async () => {
      const base = await presigned([], {}, KEY);
      const conditions = [
        { bucket: BUCKET },
        { key: KEY },
        ['starts-with', '$Content-Type', 'image/'],
        { 'X-Amz-Algorithm': base['X-Amz-Algorithm'] },
        { 'X-Amz-Credential': base['X-Amz-Credential'] },
        { 'X-Amz-Date': base['X-Amz-Date'] },
      ];
      const signed = resigned(base, conditions);
      expect(refusalOf(uploadOf({ ...signed, 'Content-Type': 'image/png, image/jpeg' }))).toBeNull();
      expect(refusalOf(uploadOf({ ...signed, 'Content-Type': 'image/png, text/html' }))?.code).toBe(
        'AccessDenied',
      );
    });

    it('is refused on a field that only matches exactly', async () => {
      const base = await presigned([], {}, KEY);
      const conditions = [
        ['starts-with', '$bucket', ''],
        { key: KEY },
        { 'X-Amz-Algorithm': base['X-Amz-Algorithm'] },
        { 'X-Amz-Credential': base['X-Amz-Credential'] },
        { 'X-Amz-Date': base['X-Amz-Date'] },
      ];
      expect(refusalOf(uploadOf(resigned(base, conditions)))?.message).toBe(
        'Invalid according to Policy: Policy Condition failed: ["starts-with", "$bucket", ""]',
      );
    });
  });

  it('refuses a simple condition with two properties as an invalid policy', async () => {
    const base = await presigned();
    const refusal = refusalOf(uploadOf(resigned(base, [{ bucket: BUCKET, key: KEY }])));
    expect(refusal).toMatchObject({ status: 400, code: 'InvalidPolicyDocument' });
  });

  it('refuses a policy without expiration as an invalid policy', async () => {
    const base = await presigned();
    const policy = Buffer.from(JSON.stringify({ conditions: [] })).toString('base64');
    const fields = {
      ...base,
      Policy: policy,
      'X-Amz-Signature': postPolicySignature(account.secretAccessKey, '20260302', account.region, policy),
    };
    expect(refusalOf(uploadOf(fields))).toMatchObject({
      status: 400,
      code: 'InvalidPolicyDocument',
      message: 'Invalid Policy: Policy missing expiration.',
    });
  });
});

describe('helpers', () => {
  it('names an exact-match condition in its eq form and keeps numbers as numbers', () => {
    expect(conditionText({ key: 'uploads/a' })).toBe('["eq", "$key", "uploads/a"]');
    expect(conditionText(['content-length-range', 1, 5])).toBe('["content-length-range", 1, 5]');
  });

  it('reads the largest allowed size from the policy, before the file arrives', async () => {
    expect(largestAllowedSize(Object.entries(await presigned()))).toBe(MAX);
    expect(largestAllowedSize([['policy', 'not base64 json']])).toBe(5 * 1024 ** 3);
  });

  it('writes S3 error XML with the refusal elements between Message and RequestId', () => {
    expect(
      s3ErrorXml(
        {
          status: 400,
          code: 'EntityTooLarge',
          message: 'a < b',
          detail: { ProposedSize: 6, MaxSizeAllowed: 5 },
        },
        'REQ',
        'HOST',
      ),
    ).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>EntityTooLarge</Code><Message>a &lt; b</Message>' +
        '<ProposedSize>6</ProposedSize><MaxSizeAllowed>5</MaxSizeAllowed><RequestId>REQ</RequestId>' +
        '<HostId>HOST</HostId></Error>',
    );
  });
});
