// POST /webhooks/zalo — the Zalo Official Account's events; the MAC is checked before anything is read.
import { phoneKey } from '../../shared/domain/dossier/lookup.js';
import { lookupSecret } from '../../shared/dossier/lookup.js';
import { httpHandler } from '../../shared/http/handler.js';
import { answerInquiry } from './inquiry.js';
import { inquiryDeps, publicOutcome } from './inquiry-deps.js';
import { zaloSignature } from './signatures.js';
import { receiveZaloEventRoute } from './zalo.route.js';

const deps = inquiryDeps();

export const handler = httpHandler(
  receiveZaloEventRoute,
  async ({ body }) => {
    const user = body.sender?.id;
    if (!user) return { json: { outcome: 'ignored' } };
    // The user shared their phone number with the OA: Zalo vouches that it is theirs, so the user is who
    // notifications reach by that number (ZNS addresses applicants by phone).
    if (body.event_name === 'user_submit_info' && body.info?.phone) {
      await deps.lookups.linkZaloUser(user, phoneKey(await lookupSecret(), body.info.phone), deps.now());
      return { json: { outcome: 'linked' } };
    }
    if (body.event_name !== 'user_send_text' || !body.message?.text) return { json: { outcome: 'ignored' } };
    const outcome = await answerInquiry(deps, {
      channel: 'zalo',
      messageId: body.message.msg_id,
      replyTo: user,
      senderPhoneKey: await deps.lookups.zaloUserPhoneKey(user),
      text: body.message.text,
    });
    return { json: { outcome: publicOutcome(outcome) } };
  },
  { middlewares: [zaloSignature()] },
);
