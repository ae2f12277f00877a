// The national payment platform's messages (INIT, callback, QUERY), in one mapping module: the rest of the code speaks
// of payments, references, amounts and transactions.
//
// No public specification or integration code of the platform was found, so these shapes follow the domain reference
// and are assumptions, kept here alone:
// - MaXacThuc is the lowercase hex SHA-256 of the message's fields, in the order listed below, joined with `|`, with
//   the shared secret as the last `|`-joined part. It is compared case-insensitively and in constant time.
// - INIT travels as the query string of the platform's page; the callback and the QUERY answer are JSON bodies of
//   the callback's fields; QUERY is a JSON POST.
// - SoTien is a whole number of đồng, ThoiGianGD is `yyyyMMddHHmmss` in Vietnam's time (UTC+7).
// - MaLoi "00" is success; in a QUERY answer, "01" means the platform has no final outcome yet.
import { createHash, timingSafeEqual } from 'node:crypto';

export const INIT_FIELDS = [
  'LoaiBanTin',
  'PhienBan',
  'MaDoiTac',
  'MaThamChieu',
  'SoTien',
  'MaTienTe',
  'ThongTinGiaoDich',
  'ThoiGianGD',
  'NgonNgu',
] as const;
export const CALLBACK_FIELDS = [
  'LoaiBanTin',
  'MaLoi',
  'MaDoiTac',
  'MaThamChieu',
  'SoTien',
  'MaTienTe',
  'MaGiaoDich',
  'ThoiGianGD',
] as const;
export const QUERY_FIELDS = ['LoaiBanTin', 'PhienBan', 'MaDoiTac', 'MaThamChieu', 'ThoiGianGD'] as const;

export const PROTOCOL_VERSION = '2.0';
export const SUCCESS_CODE = '00';
export const NOT_FINAL_CODE = '01';

type Message<F extends readonly string[]> = Record<F[number], string>;
export type InitMessage = Message<typeof INIT_FIELDS> & { MaXacThuc: string };
export type CallbackMessage = Message<typeof CALLBACK_FIELDS> & { MaXacThuc: string };
export type QueryMessage = Message<typeof QUERY_FIELDS> & { MaXacThuc: string };

/** What the platform says happened to a payment, in the product's words. */
export interface PlatformOutcome {
  reference: string;
  partnerCode: string;
  amountVnd: number;
  currency: string;
  transactionId: string;
  /** "00" for success. */
  code: string;
  at: string;
}

const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

/** `yyyyMMddHHmmss` in Vietnam's time (UTC+7, no daylight saving). */
export function platformTime(at: number): string {
  return new Date(at + VIETNAM_OFFSET_MS).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export function signature(fields: readonly string[], message: Record<string, string>, secret: string) {
  return createHash('sha256')
    .update([...fields.map((f) => message[f] ?? ''), secret].join('|'), 'utf8')
    .digest('hex');
}

/** Constant-time comparison of a received MaXacThuc with the one recomputed from its fields. */
export function signedBy(
  fields: readonly string[],
  message: Record<string, string>,
  secret: string,
  given: string,
) {
  const expected = Buffer.from(signature(fields, message, secret), 'utf8');
  const received = Buffer.from(given.toLowerCase(), 'utf8');
  return expected.length === received.length && timingSafeEqual(expected, received);
}

export function initMessage(
  payment: { reference: string; amountVnd: number; description: string; language: 'vi' | 'en' },
  partnerCode: string,
  secret: string,
  now: number,
): InitMessage {
  const fields: Message<typeof INIT_FIELDS> = {
    LoaiBanTin: 'INIT',
    PhienBan: PROTOCOL_VERSION,
    MaDoiTac: partnerCode,
    MaThamChieu: payment.reference,
    SoTien: String(payment.amountVnd),
    MaTienTe: 'VND',
    ThongTinGiaoDich: payment.description,
    ThoiGianGD: platformTime(now),
    NgonNgu: payment.language === 'en' ? 'en' : 'vi',
  };
  return { ...fields, MaXacThuc: signature(INIT_FIELDS, fields, secret) };
}

/** The platform's payment page for an INIT message. */
export function pageUrl(base: string, init: InitMessage): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(init)) url.searchParams.set(name, value);
  return url.toString();
}

export function queryMessage(
  reference: string,
  partnerCode: string,
  secret: string,
  now: number,
): QueryMessage {
  const fields: Message<typeof QUERY_FIELDS> = {
    LoaiBanTin: 'QUERY',
    PhienBan: PROTOCOL_VERSION,
    MaDoiTac: partnerCode,
    MaThamChieu: reference,
    ThoiGianGD: platformTime(now),
  };
  return { ...fields, MaXacThuc: signature(QUERY_FIELDS, fields, secret) };
}

/** A callback (or a QUERY answer) as a signed message: what the platform sends, and what the local fake builds. */
export function callbackMessage(fields: Message<typeof CALLBACK_FIELDS>, secret: string): CallbackMessage {
  return { ...fields, MaXacThuc: signature(CALLBACK_FIELDS, fields, secret) };
}

export const callbackSigned = (message: CallbackMessage, secret: string) =>
  signedBy(CALLBACK_FIELDS, message, secret, message.MaXacThuc);

export function outcomeOf(message: CallbackMessage): PlatformOutcome {
  return {
    reference: message.MaThamChieu,
    partnerCode: message.MaDoiTac,
    amountVnd: Number(message.SoTien),
    currency: message.MaTienTe,
    transactionId: message.MaGiaoDich,
    code: message.MaLoi,
    at: message.ThoiGianGD,
  };
}
