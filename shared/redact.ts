// Personal data (Decree 13/2023) never reaches a log line: known fields are masked and ID/phone patterns scrubbed.

const PERSONAL_KEYS = new Set([
  'citizenid',
  'idnumber',
  'cccd',
  'phone',
  'phonenumber',
  'address',
  'email',
  'fullname',
  'dateofbirth',
  'authorization',
  'cookie',
]);

/**
 * 12-digit citizen IDs, Vietnamese mobile numbers (0xxxxxxxxx, +84xxxxxxxxx) and e-mail addresses inside free text,
 * also as people write them: digit groups apart by one space, dot or hyphen (0912 345 678, 079.203.001.234).
 */
const PERSONAL_PATTERNS: [RegExp, string][] = [
  [/(?<!\d)\d{3}(?:[ .-]?\d{3}){3}(?!\d)/g, '[citizen-id]'],
  [/(?<![\d+])(?:\+?84|0)[ .-]?[35789](?:[ .-]?\d){8}(?!\d)/g, '[phone]'],
  [/[\w.+-]+@[\w-]+\.[\w.-]+/g, '[email]'],
];

/**
 * Identifiers Lambda, SQS and API Gateway generate, which the logger adds: never personal data, though a 12-digit
 * AWS account in an ARN, or a UUID's last group, can look like a citizen ID.
 */
const SYSTEM_KEYS = new Set([
  'function_arn',
  'function_request_id',
  'xray_trace_id',
  'correlation_id',
  'messageId',
  'eventSourceARN',
]);

export const REDACTED = '[redacted]';

export function scrubText(text: string): string {
  return PERSONAL_PATTERNS.reduce((out, [pattern, label]) => out.replace(pattern, label), text);
}

/** A JSON.stringify replacer: masks personal fields by name, scrubs patterns out of strings. */
export function redactPersonalData(key: string, value: unknown): unknown {
  if (
    key &&
    PERSONAL_KEYS.has(key.toLowerCase().replace(/[-_]/g, '')) &&
    value !== undefined &&
    value !== null
  ) {
    return REDACTED;
  }
  return typeof value === 'string' && !SYSTEM_KEYS.has(key) ? scrubText(value) : value;
}

/** Shows only the last `visible` characters: 079203001234 → *********234. */
export function maskTail(value: string, visible: number): string {
  return `${'*'.repeat(Math.max(0, value.length - visible))}${value.slice(-visible)}`;
}

/** a.nguyen@example.vn → a*******@example.vn */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  return at <= 1 ? `*${email.slice(Math.max(at, 0))}` : `${email[0]}${'*'.repeat(at - 1)}${email.slice(at)}`;
}
