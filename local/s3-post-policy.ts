// What S3 checks on a browser upload (POST Object with a SigV4-signed policy), as pure functions over the parsed
// form: s3rver checks none of it, so the local front (s3-post-front.ts) asks these before s3rver sees the upload.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** An S3 refusal: the status, the `<Code>` and `<Message>` of its XML body and the elements S3 adds after them. */
export interface S3Refusal {
  status: number;
  code: string;
  message: string;
  detail?: Record<string, string | number>;
}

/** A POST Object request as S3 reads it: the bucket of the URL, the form fields before the file, the file. */
export interface PostUpload {
  bucket: string;
  /** Name and value of every field before the file, as sent (S3 ignores the fields after it). */
  fields: readonly (readonly [string, string])[];
  file: { size: number; fileName: string | undefined } | null;
}

/** The key pair and region S3 signs with locally. */
export interface SigningAccount {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export type PostVerdict =
  | { accepted: true; key: string; fields: ReadonlyMap<string, string> }
  | { accepted: false; refusal: S3Refusal };

/** S3 takes at most 5 GiB in one POST. */
export const MAX_POST_OBJECT_BYTES = 5 * 1024 ** 3;

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** The fields no condition needs to cover (S3's list). */
const EXEMPT = (name: string) =>
  name === 'x-amz-signature' || name === 'file' || name === 'policy' || name.startsWith('x-ignore-');
/** The fields a `starts-with` condition may name; the others (bucket, success_action_status, x-amz-*) match exactly. */
const STARTS_WITH_ALLOWED = new Set([
  'key',
  'acl',
  'cache-control',
  'content-type',
  'content-disposition',
  'content-encoding',
  'expires',
  'success_action_redirect',
  'redirect',
]);

const refuse = (refusal: S3Refusal): PostVerdict => ({ accepted: false, refusal });
const accessDenied = (message: string): PostVerdict => refuse({ status: 403, code: 'AccessDenied', message });
const invalidPolicy = (message: string): PostVerdict =>
  refuse({ status: 400, code: 'InvalidPolicyDocument', message: `Invalid Policy: ${message}` });
const missingField = (name: string): PostVerdict =>
  refuse({
    status: 400,
    code: 'InvalidArgument',
    message: `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`,
    detail: { ArgumentName: name, ArgumentValue: '' },
  });

/** The SigV4 signature of a POST policy: HMAC-SHA256 of the base64 policy under the scope's signing key. */
export function postPolicySignature(
  secretAccessKey: string,
  shortDate: string,
  region: string,
  policyBase64: string,
): string {
  const hmac = (key: string | Buffer, data: string) =>
    createHmac('sha256', key).update(data, 'utf8').digest();
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${secretAccessKey}`, shortDate), region), 's3'),
    'aws4_request',
  );
  return createHmac('sha256', signingKey).update(policyBase64, 'utf8').digest('hex');
}

/** How S3 names a condition in "Policy Condition failed: […]": an exact-match object reads as its `eq` form. */
export function conditionText(condition: unknown): string {
  const parts =
    condition && typeof condition === 'object' && !Array.isArray(condition)
      ? Object.entries(condition).flatMap(([name, value]) => ['eq', `$${name}`, value])
      : Array.isArray(condition)
        ? condition
        : [condition];
  return `[${parts.map((part) => JSON.stringify(part)).join(', ')}]`;
}

/** The upper bound the policy puts on the file, read before it arrives (so a too-large file need not be kept). */
export function largestAllowedSize(fields: readonly (readonly [string, string])[]): number {
  const policy = fields.find(([name]) => name.toLowerCase() === 'policy')?.[1];
  let largest = MAX_POST_OBJECT_BYTES;
  try {
    const document = JSON.parse(Buffer.from(policy ?? '', 'base64').toString('utf8')) as {
      conditions?: unknown[];
    };
    for (const condition of document.conditions ?? []) {
      if (Array.isArray(condition) && condition[0] === 'content-length-range') {
        const max = Number(condition[2]);
        if (Number.isSafeInteger(max)) largest = Math.min(largest, Math.max(max, 0));
      }
    }
  } catch {
    // not a policy: verification refuses it; nothing of the file is needed
  }
  return largest;
}

function integerOf(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isSafeInteger(number) ? number : undefined;
}

type ConditionOutcome = { covers?: string; passed: boolean } | { range: [number, number] } | PostVerdict;

/** One condition against the form (names lower-cased); a content-length-range is only read here, checked last. */
function evaluate(condition: unknown, form: ReadonlyMap<string, string>, bucket: string): ConditionOutcome {
  const valueOf = (name: string) => (name === 'bucket' ? bucket : (form.get(name) ?? ''));
  if (condition && typeof condition === 'object' && !Array.isArray(condition)) {
    const entries = Object.entries(condition);
    if (entries.length !== 1)
      return invalidPolicy(
        'Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.',
      );
    const [name, expected] = entries[0]!;
    const field = name.toLowerCase();
    return { covers: field, passed: typeof expected === 'string' && valueOf(field) === expected };
  }
  if (!Array.isArray(condition) || condition.length !== 3) return { passed: false };
  const [operator, subject, operand] = condition as [unknown, unknown, unknown];
  if (operator === 'content-length-range') {
    const min = integerOf(subject);
    const max = integerOf(operand);
    return min === undefined || max === undefined ? { passed: false } : { range: [min, max] };
  }
  if (typeof subject !== 'string' || !subject.startsWith('$') || typeof operand !== 'string')
    return { passed: false };
  const field = subject.slice(1).toLowerCase();
  const value = valueOf(field);
  if (operator === 'eq') return { covers: field, passed: value === operand };
  if (operator === 'starts-with') {
    if (!STARTS_WITH_ALLOWED.has(field) && !field.startsWith('x-amz-meta-'))
      return { covers: field, passed: false };
    // A Content-Type may list several types; each of them must match.
    const values = field === 'content-type' ? value.split(',').map((v) => v.trim()) : [value];
    return { covers: field, passed: values.every((v) => v.startsWith(operand)) };
  }
  return { passed: false };
}

/**
 * S3's verdict on a POST Object upload: required fields, the SigV4 credential and signature over the policy, the
 * policy's expiration, each condition, the fields no condition covers, then the file's size (known last, as on S3).
 * A field sent twice is refused outright: S3 does not say which value it keeps, so none is stored unchecked.
 */
export function verifyPostUpload(upload: PostUpload, account: SigningAccount, now: Date): PostVerdict {
  const form = new Map<string, string>();
  for (const [name, value] of upload.fields) {
    const field = name.toLowerCase();
    if (form.has(field))
      return refuse({
        status: 400,
        code: 'InvalidArgument',
        message: `POST requires exactly one value for each form field: '${name}' appears more than once.`,
        detail: { ArgumentName: name, ArgumentValue: value },
      });
    form.set(field, value);
  }
  const rawKey = form.get('key');
  if (!rawKey) return missingField('key');
  const key = rawKey.replaceAll('${filename}', upload.file?.fileName ?? '');
  form.set('key', key);

  const policy = form.get('policy');
  if (policy === undefined) return accessDenied('Access Denied');
  for (const [field, name] of [
    ['x-amz-algorithm', 'X-Amz-Algorithm'],
    ['x-amz-credential', 'X-Amz-Credential'],
    ['x-amz-date', 'X-Amz-Date'],
    ['x-amz-signature', 'X-Amz-Signature'],
  ] as const) {
    if (!form.has(field)) return missingField(name);
  }
  if (form.get('x-amz-algorithm') !== ALGORITHM)
    return refuse({
      status: 400,
      code: 'InvalidArgument',
      message: `Unsupported X-Amz-Algorithm: only ${ALGORITHM} is supported.`,
      detail: { ArgumentName: 'X-Amz-Algorithm', ArgumentValue: form.get('x-amz-algorithm')! },
    });
  const scope = form.get('x-amz-credential')!.split('/');
  const [accessKeyId, shortDate, region, service, terminator] = scope;
  if (scope.length !== 5 || !/^\d{8}$/.test(shortDate!) || service !== 's3' || terminator !== 'aws4_request')
    return refuse({
      status: 400,
      code: 'AuthorizationQueryParametersError',
      message:
        'Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    });
  if (accessKeyId !== account.accessKeyId)
    return refuse({
      status: 403,
      code: 'InvalidAccessKeyId',
      message: 'The AWS Access Key Id you provided does not exist in our records.',
      detail: { AWSAccessKeyId: accessKeyId! },
    });
  if (region !== account.region)
    return refuse({
      status: 400,
      code: 'AuthorizationQueryParametersError',
      message: `Error parsing the X-Amz-Credential parameter; the region '${region}' is wrong; expecting '${account.region}'`,
      detail: { Region: account.region },
    });
  const provided = form.get('x-amz-signature')!;
  const expected = postPolicySignature(account.secretAccessKey, shortDate!, region, policy);
  if (
    provided.length !== expected.length ||
    !timingSafeEqual(Buffer.from(provided.toLowerCase()), Buffer.from(expected))
  )
    return refuse({
      status: 403,
      code: 'SignatureDoesNotMatch',
      message:
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      detail: {
        AWSAccessKeyId: accessKeyId!,
        StringToSign: policy,
        SignatureProvided: provided,
        StringToSignBytes: [...Buffer.from(policy, 'utf8')]
          .map((byte) => byte.toString(16).padStart(2, '0'))
          .join(' '),
      },
    });

  let document: { expiration?: unknown; conditions?: unknown };
  try {
    document = JSON.parse(Buffer.from(policy, 'base64').toString('utf8')) as typeof document;
    if (!document || typeof document !== 'object' || Array.isArray(document))
      throw new Error('not an object');
  } catch {
    return invalidPolicy('Invalid JSON.');
  }
  if (document.expiration === undefined) return invalidPolicy('Policy missing expiration.');
  const expiration =
    typeof document.expiration === 'string' &&
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(document.expiration)
      ? Date.parse(document.expiration)
      : NaN;
  if (Number.isNaN(expiration))
    return invalidPolicy(`Invalid 'expiration' value: '${String(document.expiration)}'`);
  if (now.getTime() > expiration) return accessDenied('Invalid according to Policy: Policy expired.');
  if (!Array.isArray(document.conditions)) return invalidPolicy('Policy missing conditions.');

  const covered = new Set<string>();
  const ranges: [number, number][] = [];
  for (const condition of document.conditions) {
    const outcome = evaluate(condition, form, upload.bucket);
    if ('accepted' in outcome) return outcome;
    if ('range' in outcome) {
      ranges.push(outcome.range);
      continue;
    }
    if (outcome.covers) covered.add(outcome.covers);
    if (!outcome.passed)
      return accessDenied(
        `Invalid according to Policy: Policy Condition failed: ${conditionText(condition)}`,
      );
  }
  const extra = upload.fields
    .map(([name]) => name)
    .filter((name) => !EXEMPT(name.toLowerCase()) && !covered.has(name.toLowerCase()));
  if (extra.length > 0)
    return accessDenied(`Invalid according to Policy: Extra input fields: ${extra.join(', ')}`);

  if (!upload.file)
    return refuse({
      status: 400,
      code: 'InvalidArgument',
      message: 'POST requires exactly one file upload per request.',
      detail: { ArgumentName: 'file', ArgumentValue: 0 },
    });
  const size = upload.file.size;
  for (const [min, max] of ranges) {
    if (size < min)
      return refuse({
        status: 400,
        code: 'EntityTooSmall',
        message: 'Your proposed upload is smaller than the minimum allowed size',
        detail: { ProposedSize: size, MinSizeAllowed: min },
      });
    if (size > max)
      return refuse({
        status: 400,
        code: 'EntityTooLarge',
        message: 'Your proposed upload exceeds the maximum allowed size',
        detail: { ProposedSize: size, MaxSizeAllowed: max },
      });
  }
  if (size > MAX_POST_OBJECT_BYTES)
    return refuse({
      status: 400,
      code: 'EntityTooLarge',
      message: 'Your proposed upload exceeds the maximum allowed size',
      detail: { ProposedSize: size, MaxSizeAllowed: MAX_POST_OBJECT_BYTES },
    });
  return { accepted: true, key, fields: form };
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

/** S3's error body: `<Error>` with Code, Message, the refusal's own elements, RequestId and HostId. */
export function s3ErrorXml(refusal: S3Refusal, requestId: string, hostId: string): string {
  const elements = {
    Code: refusal.code,
    Message: refusal.message,
    ...refusal.detail,
    RequestId: requestId,
    HostId: hostId,
  };
  const body = Object.entries(elements)
    .map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${body}</Error>`;
}
