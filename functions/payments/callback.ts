// POST /webhooks/payment — MaXacThuc checked (constant time) before anything is read or written.
import { callbackSigned, outcomeOf } from '../../shared/adapters/payment-platform.js';
import { httpHandler } from '../../shared/http/handler.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { paymentCallbackRoute } from './callback.route.js';
import { paymentDeps, platformSettings } from './dependencies.js';
import { settlePayment } from './settlement.js';

const deps = paymentDeps();

export const handler = httpHandler(paymentCallbackRoute, async ({ body }) => {
  const platform = await platformSettings();
  if (!callbackSigned(body, platform.secret)) {
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
  if (body.MaDoiTac !== platform.partnerCode) {
    throw new HttpProblem(
      'unprocessable-content',
      { vi: 'Bản tin không dành cho đơn vị này', en: 'The message is not for this partner' },
      [{ field: 'body.MaDoiTac', message: { vi: 'Mã đối tác khác', en: 'Another partner code' } }],
    );
  }
  return { json: await settlePayment(deps, outcomeOf(body)) };
});
