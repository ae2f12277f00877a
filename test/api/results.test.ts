// Result documents over HTTP: an officer processing a dossier uploads them, the server verifies and keeps them, and
// the resolve action hands the verified ones over with their hashes in the history.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, problemOf, useLocalStack } from '../support/local-stack.js';
import {
  eventually,
  postUpload,
  quickApp,
  readyDossier,
  sha256,
  storedObject,
  tokenFor,
  EXE,
  PDF,
  type DossierBody,
} from '../support/dossiers.js';
import { signaturesChecked } from '../support/workspace.js';

const local = useLocalStack({ app: quickApp });
/** Birth registration (1.001193): its receiving unit is also its only step, and intake accepts it unasked. */
const AGENCY = '000.01.00.H56';

interface ResultBody {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  status: string;
}
interface StaffBody {
  status: string;
  results: { id: string; sha256: string | null }[];
  history: { action: string; documentHashes: string[] }[];
}

/** A submitted birth registration, once intake accepted it and routing put it at its only step. */
async function processingDossier() {
  const citizen = await tokenFor(local.stack);
  const id = await readyDossier(local.stack, citizen);
  const submitted = await call(local.stack, `/dossiers/${id}/submit`, { method: 'POST', token: citizen });
  expect(submitted.status).toBe(200);
  await eventually(async () => {
    const dossier = await call<DossierBody>(local.stack, `/dossiers/${id}`, { token: citizen });
    return dossier.body.status === 'processing';
  });
  return id;
}

const officer = (agency = AGENCY) => tokenFor(local.stack, `officer-${randomUUID()}`, 'officer', agency);

async function officerWith(duties: string[]) {
  const minted = await call<{ token: string }>(local.stack, '/dev/tokens', {
    method: 'POST',
    json: { role: 'officer', subject: `officer-${randomUUID()}`, agency: AGENCY, duties },
  });
  return minted.body.token;
}

const requestResult = (token: string, id: string, body: Record<string, unknown> = {}, language?: string) =>
  call<{ resultId: string; upload: { url: string; fields: Record<string, string> }; expiresAt: string }>(
    local.stack,
    `/agency/dossiers/${id}/results`,
    {
      method: 'POST',
      token,
      json: { fileName: 'giay-khai-sinh.pdf', size: PDF.length, contentType: 'application/pdf', ...body },
      ...(language ? { language } : {}),
    },
  );

const completeResult = (token: string, id: string, resultId: string, language?: string) =>
  call<ResultBody>(local.stack, `/agency/dossiers/${id}/results/${resultId}/complete`, {
    method: 'POST',
    token,
    ...(language ? { language } : {}),
  });

/** Asks for a presigned POST, uploads the bytes, and asks the API to verify them. */
async function addResult(token: string, id: string, bytes: Buffer, language?: string) {
  const requested = await requestResult(token, id, { size: bytes.length }, language);
  expect(requested.status).toBe(201);
  await postUpload(requested.body.upload, bytes);
  return {
    resultId: requested.body.resultId,
    completed: await completeResult(token, id, requested.body.resultId, language),
  };
}

describe('result documents', () => {
  it('verifies a PDF result, keeps exactly its bytes under their SHA-256, and answers the same again', async () => {
    const [id, token] = await Promise.all([processingDossier(), officer()]);
    const requested = await requestResult(token, id);
    expect(requested.status).toBe(201);
    expect(requested.body.upload.fields.key).toBe(`uploads/${id}/results/${requested.body.resultId}`);
    await postUpload(requested.body.upload, PDF);

    const completed = await completeResult(token, id, requested.body.resultId);
    expect(completed.status).toBe(200);
    expect(completed.body).toEqual({
      id: requested.body.resultId,
      fileName: 'giay-khai-sinh.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
      sha256: sha256(PDF),
      status: 'verified',
      // A PDF's signatures are checked by the signatures consumer, which may already have done so.
      signatures: expect.stringMatching(/^(pending|checked)$/),
    });
    const key = `dossiers/${id}/results/${requested.body.resultId}/${sha256(PDF)}`;
    expect(await storedObject(local.stack, key)).toEqual(PDF);

    const again = await completeResult(token, id, requested.body.resultId);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...completed.body, signatures: expect.any(String) });
  });

  it('refuses a file whose content is not the type declared, in plain words, and removes the result', async () => {
    const [id, token] = await Promise.all([processingDossier(), officer()]);
    const { resultId, completed } = await addResult(token, id, EXE, 'en');
    expect(completed.status).toBe(422);
    expect(problemOf(completed).fields).toEqual(['file']);
    expect(JSON.stringify(completed.body)).toContain('a program that can run');
    expect((await completeResult(token, id, resultId)).status).toBe(404);
  });

  it('refuses a content type or a size a result cannot have, naming the field', async () => {
    const [id, token] = await Promise.all([processingDossier(), officer()]);
    const wrongType = await requestResult(token, id, { contentType: 'application/zip' });
    expect(wrongType.status).toBe(422);
    expect(problemOf(wrongType).fields).toEqual(['body.contentType']);
    const tooLarge = await requestResult(token, id, { size: 20 * 1024 * 1024 + 1 });
    expect(tooLarge.status).toBe(422);
    expect(problemOf(tooLarge).fields).toEqual(['body.size']);
  });

  it('answers 404 to an officer of another agency, as if the dossier did not exist', async () => {
    const [id, own, other] = await Promise.all([processingDossier(), officer(), officer('000.00.02.H56')]);
    expect((await requestResult(other, id)).status).toBe(404);
    const requested = await requestResult(own, id);
    expect((await completeResult(other, id, requested.body.resultId)).status).toBe(404);
  });

  it('refuses an officer who neither processes nor approves (403)', async () => {
    const [id, counter] = await Promise.all([processingDossier(), officerWith(['receive'])]);
    const refused = await requestResult(counter, id);
    expect(refused.status).toBe(403);
    expect(problemOf(refused).contentType).toBe('application/problem+json');
    expect((await requestResult(await officerWith(['approve']), id)).status).toBe(201);
  });

  it('resolves the dossier with a verified result, whose SHA-256 the history event carries', async () => {
    const [id, token] = await Promise.all([processingDossier(), officer()]);
    const { resultId, completed } = await addResult(token, id, PDF);
    expect(completed.status).toBe(200);
    // Resolve answers 503 until the result's signatures are checked (this PDF has none: `unsigned`).
    expect((await signaturesChecked(local.stack, token, id, resultId)).verdict).toBe('unsigned');

    const viewed = await call<StaffBody>(local.stack, `/agency/dossiers/${id}`, { token });
    expect(viewed.body.results).toEqual([expect.objectContaining({ id: resultId, sha256: sha256(PDF) })]);
    const resolved = await call<StaffBody>(local.stack, `/agency/dossiers/${id}/resolve`, {
      method: 'POST',
      token,
      json: { resultIds: [resultId] },
      headers: { 'if-match': viewed.headers.get('etag')! },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.status).toBe('resolved');
    expect(resolved.body.history.at(-1)).toMatchObject({
      action: 'resolve',
      documentHashes: [sha256(PDF)],
    });

    // What was handed over stays so: no result can be added once the dossier is resolved.
    expect((await requestResult(token, id)).status).toBe(409);
  });

  it('holds at most 20 results, even when requests race for the last places', async () => {
    const [id, token] = await Promise.all([processingDossier(), officer()]);
    const answers = await Promise.all(Array.from({ length: 22 }, () => requestResult(token, id)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(20);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(2);
  }, 60_000);
});
