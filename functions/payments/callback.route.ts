// Route contract of receivePaymentCallback: the national payment platform reports a payment's outcome (MaXacThuc).
import * as z from 'zod/mini';
import { problem, problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';

const field = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

export const paymentCallbackSchema = z.object({
  LoaiBanTin: field(20),
  MaLoi: z.string().check(z.regex(/^[0-9A-Za-z]{1,10}$/)),
  MaDoiTac: field(64),
  MaThamChieu: field(100),
  SoTien: z.string().check(z.regex(/^[0-9]{1,15}$/)),
  MaTienTe: z.string().check(z.regex(/^[A-Z]{3}$/)),
  MaGiaoDich: field(100),
  ThoiGianGD: z.string().check(z.regex(/^[0-9]{14}$/)),
  MaXacThuc: z.string().check(z.regex(/^[0-9A-Fa-f]{64}$/)),
});

export const PAYMENT_OUTCOMES = ['paid', 'failed', 'amount-mismatch', 'not-pending'] as const;

export const paymentCallbackRoute = defineRoute({
  operationId: 'receivePaymentCallback',
  method: 'POST',
  path: '/webhooks/payment',
  summary:
    "The national payment platform's callback (MaXacThuc = SHA-256 of the fields and the shared secret): recorded once per MaGiaoDich; a success moves the dossier back to processing",
  tags: ['webhooks'],
  auth: 'public',
  request: { body: paymentCallbackSchema, query: noQuery, maxBodyBytes: 4 * 1024 },
  responses: [
    {
      status: 200,
      description:
        'Recorded: paid (the dossier is processing again), failed, amount-mismatch (kept for reconciliation, the dossier does not move) or not-pending (the payment was settled already: kept for reconciliation); replayed when this MaGiaoDich was recorded before',
      schema: z.object({
        paymentId: z.string(),
        reference: z.string(),
        outcome: z.enum(PAYMENT_OUTCOMES),
        replayed: z.boolean(),
      }),
    },
    problem(401, 'MaXacThuc does not match the message'),
    ...problemResponses(404),
    problem(409, 'The dossier of this reference has no payment started under it (a callback before INIT)'),
    problem(422, 'The message is not for this partner (MaDoiTac)'),
    problem(503, 'Online payment is not configured, or the dossier kept changing: send it again'),
  ],
});
