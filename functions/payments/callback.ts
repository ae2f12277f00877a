// POST /webhooks/payment — MaXacThuc checked (constant time) before anything is read or written: before the body's
// size and schema too, as every webhook here checks its signature first, so an unsigned body learns nothing.
import { CALLBACK_FIELDS, outcomeOf, signedBy } from '../../shared/adapters/payment-platform.js';
import { httpHandler, type HttpMiddleware } from '../../shared/http/handler.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { rawBody, requireJson } from '../webhooks/signatures.js';
import { paymentCallbackRoute } from './callback.route.js';
import { platformSettings, settlementDeps } from './dependencies.js';
import { settlePayment } from './settlement.js';

const deps = settlementDeps();

/** The body's fields as the platform signed them (a missing or non-text field signs as empty). */
function signedFields(body: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return {};
  }
  if (!parsed || typeof parsed !== 'object') return {};
  return Object.fromEntries(
    Object.entries(parsed).map(([name, value]) => [name, typeof value === 'string' ? value : '']),
  );
}

const verifyMac: HttpMiddleware = {
  before: async ({ event }) => {
    requireJson(event);
    const { secret } = await platformSettings();
    const fields = signedFields(rawBody(event));
    if (!signedBy(CALLBACK_FIELDS, fields, secret, fields.MaXacThuc ?? '')) {
      throw new HttpProblem(
        'unauthorized',
        { vi: 'Mã xác thực của bản tin không đúng', en: 'The message authentication code is wrong' },
        [
          {
            field: 'body.MaXacThuc',
            message: { vi: 'Mã xác thực không khớp', en: 'MaXacThuc does not match' },
          },
        ],
      );
    }
  },
};

export const handler = httpHandler(
  paymentCallbackRoute,
  async ({ body }) => {
    const platform = await platformSettings();
    if (body.MaDoiTac !== platform.partnerCode) {
      throw new HttpProblem(
        'unprocessable-content',
        { vi: 'Bản tin không dành cho đơn vị này', en: 'The message is not for this partner' },
        [{ field: 'body.MaDoiTac', message: { vi: 'Mã đối tác khác', en: 'Another partner code' } }],
      );
    }
    return { json: await settlePayment(deps, outcomeOf(body)) };
  },
  { middlewares: [verifyMac] },
);
