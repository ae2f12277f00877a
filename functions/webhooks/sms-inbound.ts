// POST /webhooks/sms/inbound — the SMS gateway's MO webhook; the signature is checked before anything is read.
import { httpHandler } from '../../shared/http/handler.js';
import { lookupSecret } from '../../shared/dossier/lookup.js';
import { phoneKey } from '../../shared/domain/dossier/lookup.js';
import { answerInquiry } from './inquiry.js';
import { inquiryDeps, publicOutcome } from './inquiry-deps.js';
import { standardWebhookSignature } from './standard-webhook-signature.js';
import { receiveSmsRoute } from './sms-inbound.route.js';

const deps = inquiryDeps();

export const handler = httpHandler(
  receiveSmsRoute,
  async ({ body }) => {
    const outcome = await answerInquiry(deps, {
      channel: 'sms',
      messageId: body.messageId,
      replyTo: body.from,
      // The number the message came from: the gateway vouches for it, as possession of the phone.
      senderPhoneKey: phoneKey(await lookupSecret(), body.from),
      text: body.text,
    });
    return { json: { outcome: publicOutcome(outcome) } };
  },
  { middlewares: [standardWebhookSignature('SMS_INBOUND_WEBHOOK_SECRET')] },
);
