// Builders for workspace tests: officers with duties, a dossier at its step, the staff view's ETag, actions,
// result documents and a resolved dossier, all over HTTP against the local stack.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { LocalStack } from '../../local/runner.js';
import type { DossierRecord } from '../../shared/dossier/model.js';
import { VersionConflictError } from '../../shared/dossier/repository.js';
import { call } from './local-stack.js';
import {
  application,
  attach,
  createDossier,
  dossierRepositoryOf,
  eventually,
  PDF,
  postUpload,
  tokenFor,
  type DossierBody,
} from './dossiers.js';

/** Birth registration (1.001193): received and processed at the commune, accepted by intake unasked. */
export const BIRTH = {
  procedure: '1.001193',
  agency: '000.01.00.H56',
  documents: ['to-khai-khai-sinh', 'giay-chung-sinh'],
};

export async function officerToken(
  stack: LocalStack,
  agency: string,
  duties?: string[],
  name = 'Lê Văn Tâm',
  title?: string,
) {
  const minted = await call<{ token: string }>(stack, '/dev/tokens', {
    method: 'POST',
    json: {
      role: 'officer',
      subject: `officer-${randomUUID()}`,
      agency,
      name,
      ...(title ? { title } : {}),
      ...(duties ? { duties } : {}),
    },
  });
  return minted.body.token;
}

/** A submitted dossier of a procedure with the given documents, and its applicant's token. */
export async function submittedDossier(stack: LocalStack, procedureCode: string, documents: string[]) {
  const citizen = await tokenFor(stack);
  const created = await createDossier(stack, citizen, application({ procedureCode }));
  for (const type of documents) await attach(stack, citizen, created.body.id, type, PDF);
  const answer = await call<DossierBody>(stack, `/dossiers/${created.body.id}/submit`, {
    method: 'POST',
    token: citizen,
  });
  expect(answer.status).toBe(200);
  return { citizen, id: created.body.id, code: answer.body.code! };
}

async function statusOf(stack: LocalStack, citizen: string, id: string) {
  return (await call<DossierBody>(stack, `/dossiers/${id}`, { token: citizen })).body.status;
}

/** A birth registration at its one step. */
export async function processingBirth(stack: LocalStack) {
  const dossier = await submittedDossier(stack, BIRTH.procedure, BIRTH.documents);
  await eventually(async () => (await statusOf(stack, dossier.citizen, dossier.id)) === 'processing');
  return dossier;
}

export async function staffEtag(stack: LocalStack, token: string, id: string) {
  const answer = await call(stack, `/agency/dossiers/${id}`, { token });
  expect(answer.status).toBe(200);
  return answer.headers.get('etag')!;
}

/** An action on the version the officer sees now. */
export async function actNow(stack: LocalStack, token: string, id: string, action: string, json: unknown) {
  return call<Record<string, unknown>>(stack, `/agency/dossiers/${id}/${action}`, {
    method: 'POST',
    token,
    json,
    headers: { 'if-match': await staffEtag(stack, token, id) },
  });
}

/** A verified result document uploaded by an officer of the dossier's agency. */
export async function verifiedResult(stack: LocalStack, token: string, id: string, bytes = PDF) {
  const requested = await call<{ resultId: string; upload: { url: string; fields: Record<string, string> } }>(
    stack,
    `/agency/dossiers/${id}/results`,
    {
      method: 'POST',
      token,
      json: { fileName: 'ket-qua.pdf', size: bytes.length, contentType: 'application/pdf' },
    },
  );
  expect(requested.status).toBe(201);
  await postUpload(requested.body.upload, bytes);
  const completed = await call(stack, `/agency/dossiers/${id}/results/${requested.body.resultId}/complete`, {
    method: 'POST',
    token,
  });
  expect(completed.status).toBe(200);
  await signaturesChecked(stack, token, id, requested.body.resultId);
  return requested.body.resultId;
}

/** A PDF result's signature check, once the signatures consumer has recorded it (resolve answers 503 before). */
export async function signaturesChecked(stack: LocalStack, token: string, id: string, resultId: string) {
  return eventually(async () => {
    const view = await call<{ results: { id: string; signatureCheck: SignatureCheckBody | null }[] }>(
      stack,
      `/agency/dossiers/${id}`,
      { token },
    );
    return view.body.results.find((r) => r.id === resultId)?.signatureCheck ?? undefined;
  });
}

export interface SignatureCheckBody {
  verdict: string;
  checkedAt: string;
  signatures: {
    verdict: string;
    signer: { commonName: string | null } | null;
    coversWholeDocument: boolean;
  }[];
}

/** A birth registration resolved with one verified result, and the officer who resolved it. */
export async function resolvedBirth(stack: LocalStack) {
  const dossier = await processingBirth(stack);
  const officer = await officerToken(stack, BIRTH.agency);
  const resultId = await verifiedResult(stack, officer, dossier.id);
  const resolved = await actNow(stack, officer, dossier.id, 'resolve', { resultIds: [resultId] });
  expect(resolved.status).toBe(200);
  return { ...dossier, officer, resultId };
}

/** Rewrites a stored dossier as a test needs it, retrying when a background write (a notification) got there first. */
export async function rewriteDossier(
  stack: LocalStack,
  id: string,
  change: (dossier: DossierRecord) => DossierRecord,
): Promise<void> {
  const repository = dossierRepositoryOf(stack);
  for (let attempt = 1; ; attempt += 1) {
    const current = (await repository.get(id))!;
    try {
      await repository.commit({ ...change(current), version: current.version + 1 }, current.version, []);
      return;
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= 10) throw error;
    }
  }
}
