// A delivery webhook secret that is not a Standard Webhooks secret refuses every report: nothing unsigned is recorded.
import { describe, expect, it } from 'vitest';
import { call, problemOf, useLocalStack } from '../support/local-stack.js';
import { quickApp } from '../support/dossiers.js';

// Not base64: the Standard Webhooks library cannot even be built on it (each test file runs in its own process).
process.env.DELIVERY_WEBHOOK_SECRET = 'my-webhook-passphrase!';
const local = useLocalStack({ app: quickApp });

describe('a malformed delivery webhook secret', () => {
  it('refuses a forged report with 401 instead of taking it as signed', async () => {
    const answer = await call(local.stack, '/webhooks/delivery', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_forged',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': 'v1,AAAA',
      },
      body: JSON.stringify({
        trackingId: `${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}:received-3:zalo`,
        status: 'delivered',
      }),
    });
    expect(problemOf(answer)).toMatchObject({ status: 401, fields: ['header.webhook-signature'] });
  });
});
