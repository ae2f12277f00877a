// Schemas the agency workspace routes share: the staff view of a dossier, its ETag, and the staff role.
import * as z from 'zod/mini';
import { ACTION_TYPES, STATUSES } from '../../shared/domain/dossier/status-machine.js';
import { CHANNELS } from '../../shared/dossier/model.js';
import type { ResponseHeader } from '../../shared/http/route.js';

export const STAFF = { roles: ['officer'] } as const;

export const ETAG: Record<string, ResponseHeader> = {
  etag: {
    description: 'The dossier version this view shows; send it back as `If-Match` to act on the dossier',
    required: true,
    schema: z.string().check(z.regex(/^"v[0-9]+"$/)),
  },
};

const stepSchema = z.object({
  id: z.string(),
  name: z.string(),
  agency: z.string(),
  startedAt: z.string(),
  dueAt: z.string(),
});

const documentSchema = z.object({
  id: z.string(),
  documentType: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  status: z.enum(['pending', 'verified']),
  size: z.nullable(z.number()),
  sha256: z.nullable(z.string()),
  /** A short-lived link to the verified file (null while pending); issuing it is recorded in the access log. */
  downloadUrl: z.nullable(z.string()),
});

const signatureVerdict = z.enum(['valid', 'untrusted', 'expired', 'modified', 'malformed']);
const signaturesSchema = z.array(
  z.object({
    verdict: signatureVerdict,
    /** As the signer's certificate names them (subject CN and O). */
    signer: z.nullable(
      z.object({ commonName: z.nullable(z.string()), organization: z.nullable(z.string()) }),
    ),
    signedAt: z.nullable(z.string()),
    /** False when bytes were added to the file after this signature (a later signature, or a change). */
    coversWholeDocument: z.boolean(),
  }),
);
const documentVerdict = z.enum(['valid', 'untrusted', 'expired', 'modified', 'malformed', 'unsigned']);

/** A result with what the signature check found in it: null while it is being checked, and for an image. */
const resultSchema = z.extend(documentSchema, {
  signatureCheck: z.nullable(
    z.object({ verdict: documentVerdict, checkedAt: z.string(), signatures: signaturesSchema }),
  ),
});

export const staffViewSchema = z.object({
  id: z.string(),
  code: z.nullable(z.string()),
  procedure: z.object({ code: z.string(), name: z.string() }),
  status: z.enum(STATUSES),
  nationalStatus: z.nullable(z.object({ code: z.int(), label: z.string() })),
  receivingUnit: z.string(),
  step: z.nullable(stepSchema),
  /** The due date the applicant was given (moved by extensions). */
  dueAt: z.nullable(z.string()),
  /** The due date the on-time statistics judge by (never moved by extensions). */
  statutoryDueAt: z.nullable(z.string()),
  overdue: z.boolean(),
  workingDaysLeft: z.nullable(z.int()),
  /** In full: staff need it to process; every read is recorded. */
  applicant: z.object({
    fullName: z.string(),
    citizenId: z.string(),
    phone: z.string(),
    email: z.optional(z.string()),
    address: z.string(),
  }),
  form: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  channels: z.array(z.enum(CHANNELS)),
  submittedAt: z.nullable(z.string()),
  acceptedAt: z.nullable(z.string()),
  resolvedAt: z.nullable(z.string()),
  releasedAt: z.nullable(z.string()),
  supplementRequest: z.nullable(z.object({ checklist: z.array(z.unknown()), requestedAt: z.string() })),
  fee: z.nullable(z.unknown()),
  documents: z.array(documentSchema),
  results: z.array(resultSchema),
  /** A dossier filed on the National Public Service Portal: its MaHoSo there. */
  nationalCode: z.optional(z.string()),
  /**
   * Its documents as the portal sent them: each fetched and checked as an upload, `verified` (the attachment among
   * `documents`) or `failed` with the reason (never dropped), `pending` while being fetched, `replaced` when an update
   * of the portal's superseded it before reception (its attachment is no longer handed in).
   */
  nationalDocuments: z.optional(
    z.array(
      z.object({
        index: z.int(),
        documentType: z.string(),
        fileName: z.string(),
        status: z.enum(['pending', 'verified', 'failed', 'replaced']),
        attachmentId: z.nullable(z.string()),
        reason: z.nullable(z.object({ vi: z.string(), en: z.string() })),
        settledAt: z.nullable(z.string()),
      }),
    ),
  ),
  history: z.array(
    z.object({
      id: z.string(),
      seq: z.int(),
      at: z.string(),
      action: z.string(),
      from: z.string(),
      to: z.string(),
      actor: z.object({
        id: z.string(),
        role: z.string(),
        agency: z.optional(z.string()),
        name: z.optional(z.string()),
        title: z.optional(z.string()),
      }),
      note: z.nullable(z.string()),
      documentHashes: z.array(z.string()),
      /** On a `resolve`: each result handed over with its signatures' verdict, signer and time. */
      signatures: z.optional(
        z.array(
          z.object({
            resultId: z.string(),
            fileName: z.string(),
            sha256: z.string(),
            verdict: z.enum([
              'valid',
              'untrusted',
              'expired',
              'modified',
              'malformed',
              'unsigned',
              'not-pdf',
            ]),
            signatures: signaturesSchema,
          }),
        ),
      ),
      prevHash: z.string(),
      hash: z.string(),
    }),
  ),
  /** What this caller may do now, by status, duties and where the dossier is. */
  allowedActions: z.array(z.enum(ACTION_TYPES)),
});
