// Forms issued to the applicant, as a client fetches them: the API's 303 (recorded for the contract check), then the
// stored PDF at the presigned link. A form still being issued answers 503 with Retry-After; this waits it out.
import { createHash } from 'node:crypto';
import type { LocalStack } from '../../local/runner.js';
import { call } from './local-stack.js';
import { eventually } from './dossiers.js';

export interface IssuedForm {
  location: string;
  pdf: Buffer;
  sha256: string;
  contentType: string | null;
  contentDisposition: string | null;
}

/** The form at `path` (`/dossiers/{id}/receipt.pdf` or `/dossiers/{id}/forms/{formId}`) once it is issued. */
export async function issuedForm(stack: LocalStack, token: string, path: string): Promise<IssuedForm> {
  const answer = await eventually(async () => {
    const response = await call(stack, path, { token, redirect: 'manual' });
    if (response.status === 503) return undefined;
    if (response.status !== 303) throw new Error(`GET ${path} → ${response.status}`);
    return response;
  });
  const location = answer.headers.get('location')!;
  const stored = await fetch(location);
  if (stored.status !== 200) throw new Error(`GET ${location} → ${stored.status}`);
  const pdf = Buffer.from(await stored.arrayBuffer());
  return {
    location,
    pdf,
    sha256: createHash('sha256').update(pdf).digest('hex'),
    contentType: stored.headers.get('content-type'),
    contentDisposition: stored.headers.get('content-disposition'),
  };
}
