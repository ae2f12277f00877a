// The answers every form route shares (getReceipt, getForm), apart from their contracts so each handler bundles only
// its own.
import * as z from 'zod/mini';
import { cacheControl, problem, RETRY_AFTER } from '../../shared/http/openapi-schemas.js';
import type { RouteResponse } from '../../shared/http/route.js';

/** 303 to a presigned GET of the stored PDF: the function never touches the bytes, S3 serves them. */
export const seeStoredForm = (description: string): RouteResponse => ({
  status: 303,
  description: `${description}. \`Location\` is a presigned GET of the stored PDF, valid for five minutes; S3 answers it with \`application/pdf\` and \`Content-Disposition: inline\`.`,
  headers: {
    ...cacheControl('private, no-store'),
    location: {
      description: 'Short-lived presigned URL of the stored form',
      required: true,
      schema: z.url(),
    },
  },
});

export const formBeingIssued = problem(
  503,
  'The form is being issued (it is rendered once, right after its event): `Retry-After` says when to ask again',
  RETRY_AFTER,
);
