// A fake national payment platform for the local stack: its payment page (from the INIT message in the query string,
// whose MaXacThuc it checks), the callback it posts to /webhooks/payment, and its QUERY answers. Kept in memory.
import type { IncomingMessage } from 'node:http';
import {
  callbackMessage,
  INIT_FIELDS,
  NOT_FINAL_CODE,
  platformTime,
  QUERY_FIELDS,
  signedBy,
  SUCCESS_CODE,
  type CallbackMessage,
} from '../shared/adapters/payment-platform.js';
import type { OutgoingResponse } from './gateway.js';

/** The local platform's shared secret and this stage's partner code (MaDoiTac). */
export const LOCAL_PAYMENT_PLATFORM = { secret: 'mot-cua-local-payment-secret', partnerCode: 'MOTCUA-LOCAL' };
export const PAYMENT_PAGE_PATH = '/dev/payment-platform/pay';
export const PAYMENT_QUERY_PATH = '/dev/payment-platform/query';

/** What a person does on the page: pay, fail, or pay while the callback is lost (the QUERY reconciliation finds it). */
const CHOICES = ['paid', 'failed', 'paid-callback-lost'] as const;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const html = (status: number, body: string): OutgoingResponse => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  body: Buffer.from(`<!doctype html><html lang="vi"><meta charset="utf-8"><title>Nền tảng thanh toán (local)</title>
<body style="font-family:sans-serif;max-width:32rem;margin:2rem auto">${body}</body></html>`),
});

const json = (status: number, body: unknown): OutgoingResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(JSON.stringify(body)),
});

export function fakePaymentPlatform(baseUrl: string, secret = LOCAL_PAYMENT_PLATFORM.secret) {
  /** Outcomes the platform knows, by reference (what a QUERY answers). */
  const outcomes = new Map<string, CallbackMessage>();
  let transactions = 0;

  const outcome = (init: Record<string, string>, choice: (typeof CHOICES)[number]) =>
    callbackMessage(
      {
        LoaiBanTin: 'PAYMENT',
        MaLoi: choice === 'failed' ? '12' : SUCCESS_CODE,
        MaDoiTac: init.MaDoiTac ?? '',
        MaThamChieu: init.MaThamChieu ?? '',
        SoTien: init.SoTien ?? '0',
        MaTienTe: init.MaTienTe ?? 'VND',
        MaGiaoDich: `LOCAL${Date.now()}${(transactions += 1)}`,
        ThoiGianGD: platformTime(Date.now()),
      },
      secret,
    );

  async function page(request: IncomingMessage): Promise<OutgoingResponse> {
    const init = Object.fromEntries(new URL(request.url ?? '/', baseUrl).searchParams);
    if (!signedBy(INIT_FIELDS, init, secret, init.MaXacThuc ?? '')) {
      return html(400, '<h1>Bản tin INIT không hợp lệ</h1><p>MaXacThuc không khớp.</p>');
    }
    const hidden = Object.entries(init)
      .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
      .join('');
    const buttons = CHOICES.map(
      (choice) => `<button name="choice" value="${choice}" style="margin:.25rem">${choice}</button>`,
    ).join('');
    return html(
      200,
      `<h1>Thanh toán lệ phí</h1><p>${escape(init.ThongTinGiaoDich ?? '')}</p>
<p><strong>${escape(Number(init.SoTien).toLocaleString('vi-VN'))} ${escape(init.MaTienTe ?? '')}</strong></p>
<p>Mã tham chiếu: <code>${escape(init.MaThamChieu ?? '')}</code></p>
<form method="post" action="${PAYMENT_PAGE_PATH}">${hidden}${buttons}</form>`,
    );
  }

  async function pay(body: Buffer): Promise<OutgoingResponse> {
    const form = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
    const choice = CHOICES.find((c) => c === form.choice);
    if (!choice || !signedBy(INIT_FIELDS, form, secret, form.MaXacThuc ?? '')) {
      return html(400, '<h1>Yêu cầu không hợp lệ</h1>');
    }
    const message = outcome(form, choice);
    outcomes.set(message.MaThamChieu, message);
    if (choice === 'paid-callback-lost') {
      return html(
        200,
        '<h1>Đã thanh toán</h1><p>Thông báo kết quả bị thất lạc: đối soát (QUERY) sẽ ghi nhận.</p>',
      );
    }
    const answer = await fetch(`${baseUrl}/webhooks/payment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
    });
    const text = await answer.text();
    return html(
      200,
      `<h1>${choice === 'paid' ? 'Đã thanh toán' : 'Thanh toán không thành công'}</h1>
<p>Hệ thống một cửa trả lời ${answer.status}:</p><pre>${escape(text)}</pre>`,
    );
  }

  async function query(body: Buffer): Promise<OutgoingResponse> {
    let message: Record<string, string> = {};
    try {
      message = JSON.parse(body.toString('utf8')) as Record<string, string>;
    } catch {
      return json(400, { MaLoi: '99' });
    }
    if (!signedBy(QUERY_FIELDS, message, secret, message.MaXacThuc ?? '')) return json(401, { MaLoi: '97' });
    const known = outcomes.get(message.MaThamChieu ?? '');
    if (known) return json(200, known);
    return json(
      200,
      callbackMessage(
        {
          LoaiBanTin: 'QUERY',
          MaLoi: NOT_FINAL_CODE,
          MaDoiTac: message.MaDoiTac ?? '',
          MaThamChieu: message.MaThamChieu ?? '',
          SoTien: '0',
          MaTienTe: 'VND',
          MaGiaoDich: '',
          ThoiGianGD: platformTime(Date.now()),
        },
        secret,
      ),
    );
  }

  return { page, pay, query };
}
