// Route contract of receiveZaloEvent: the Zalo Official Account's webhook (user messages, shared information),
// signed with the OA secret key; `TRACUU <code>` is answered in the OA's chat.
import * as z from 'zod/mini';
import { problem } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';

const userId = z.string().check(z.regex(/^[0-9A-Za-z_-]{1,64}$/));

/** The fields of Zalo's events this API reads; Zalo adds others, which are not checked. */
export const zaloEventSchema = z.object({
  app_id: z.string(),
  event_name: z.string().check(z.maxLength(64)),
  timestamp: z.string().check(z.regex(/^[0-9]+$/)),
  sender: z.optional(z.object({ id: userId })),
  /** `user_send_text`. */
  message: z.optional(
    z.object({
      msg_id: z.string().check(z.minLength(1), z.maxLength(100)),
      text: z.optional(z.string().check(z.maxLength(2000))),
    }),
  ),
  /** `user_submit_info`: what the user chose to share with the OA, the phone number among it. */
  info: z.optional(z.object({ phone: z.optional(z.string().check(z.maxLength(20))) })),
});

export const receiveZaloEventRoute = defineRoute({
  operationId: 'receiveZaloEvent',
  method: 'POST',
  path: '/webhooks/zalo',
  summary:
    "The Zalo Official Account's webhook: `TRACUU <code>` is answered in the chat; a shared phone number links the user",
  tags: ['webhooks'],
  auth: 'public',
  request: {
    body: zaloEventSchema,
    query: noQuery,
    headers: z.object({ 'x-zevent-signature': z.string().check(z.minLength(1)) }),
    maxBodyBytes: 16 * 1024,
  },
  responses: [
    {
      status: 200,
      description:
        'Taken (Zalo wants a 200 within two seconds): `linked` (the user shared a phone number), `ignored`, `duplicate` (this `msg_id` was taken already: nothing sent again), `throttled` or `answered`',
      schema: z.strictObject({
        outcome: z.enum(['linked', 'ignored', 'duplicate', 'throttled', 'answered']),
      }),
    },
    problem(401, 'The MAC in `X-ZEvent-Signature` is missing or wrong'),
  ],
});
