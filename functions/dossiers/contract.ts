// Schemas the dossier routes share (and reception reuses); each route has its module beside its handler.
import * as z from 'zod/mini';
import { noQuery } from '../../shared/http/route.js';

export const CITIZEN = { roles: ['citizen'] } as const;
const dossierId = z.uuid();

/** The request of a route acting on one dossier: its id in the path, no query. */
export const byDossierId = { path: z.object({ id: dossierId }), query: noQuery };
export const byAttachmentId = { path: z.object({ id: dossierId, attachmentId: z.uuid() }), query: noQuery };

export const dossierViewSchema = z.object({
  id: z.string(),
  code: z.nullable(z.string()),
  procedure: z.object({ code: z.string(), name: z.string() }),
  status: z.string(),
  nationalStatus: z.nullable(z.object({ code: z.number(), label: z.string() })),
  applicant: z.object({
    fullName: z.string(),
    citizenId: z.string(),
    phone: z.string(),
    email: z.optional(z.string()),
  }),
  channels: z.array(z.string()),
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
  attachments: z.array(
    z.object({
      id: z.string(),
      documentType: z.string(),
      fileName: z.string(),
      status: z.string(),
      size: z.nullable(z.number()),
      sha256: z.nullable(z.string()),
      handedIn: z.boolean(),
    }),
  ),
});
