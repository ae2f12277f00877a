// Schemas the dossier routes share (and reception reuses); each route has its module beside its handler.
import * as z from 'zod/mini';
import { STATUSES } from '../../shared/domain/dossier/status-machine.js';
import { CHANNELS } from '../../shared/dossier/model.js';
import { noQuery } from '../../shared/http/route.js';

export const CITIZEN = { roles: ['citizen'] } as const;
const dossierId = z.uuid();

/** The request of a route acting on one dossier: its id in the path, no query. */
export const byDossierId = { path: z.object({ id: dossierId }), query: noQuery };
export const byAttachmentId = { path: z.object({ id: dossierId, attachmentId: z.uuid() }), query: noQuery };

/** The Idempotency-Key of POST /dossiers: 8–128 of A-Z a-z 0-9 _ . : - (the idempotency middleware checks it). */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

const attachmentFields = {
  id: z.string(),
  documentType: z.string(),
  fileName: z.string(),
  /** `pending` until the server has read the upload back and verified it. */
  status: z.enum(['pending', 'verified']),
  size: z.nullable(z.number()),
  sha256: z.nullable(z.string()),
  handedIn: z.boolean(),
};

/** One attachment as POST …/complete answers it, with the content type it was verified as. */
export const attachmentViewSchema = z.object({ ...attachmentFields, contentType: z.string() });

export const dossierViewSchema = z.object({
  id: z.string(),
  code: z.nullable(z.string()),
  procedure: z.object({ code: z.string(), name: z.string() }),
  status: z.enum(STATUSES),
  /** The National Public Service Portal's status (1–10); null for a draft, which is never synced. */
  nationalStatus: z.nullable(
    z.object({ code: z.int().check(z.minimum(1), z.maximum(10)), label: z.string() }),
  ),
  applicant: z.object({
    fullName: z.string(),
    citizenId: z.string(),
    phone: z.string(),
    email: z.optional(z.string()),
  }),
  channels: z.array(z.enum(CHANNELS)).register(z.globalRegistry, { uniqueItems: true }),
  createdAt: z.string(),
  submittedAt: z.nullable(z.string()),
  acceptedAt: z.nullable(z.string()),
  dueAt: z.nullable(z.string()),
  supplementRequest: z.nullable(
    z.object({
      checklist: z.array(z.object({ documentType: z.optional(z.string()), description: z.string() })),
      requestedAt: z.string(),
    }),
  ),
  attachments: z.array(z.object(attachmentFields)),
});
