// The citizen's main flow through the portal client (client/), as a portal frontend calls the API: typed by the
// OpenAPI document, with the token and language set once. Its answers go to the contract check like `call`'s.
import { describe, expect, it } from 'vitest';
import { errorText, isGatewayMessage, isProblem, uploadFile } from '../../client/src/index.js';
import { portalClient, useLocalStack } from '../support/local-stack.js';
import { attachFile, newDossier, PDF, pdfFile, quickApp, tokenFor } from '../support/dossiers.js';

const local = useLocalStack({ app: quickApp });

async function citizen(language?: 'vi' | 'en') {
  const token = await tokenFor(local.stack);
  return portalClient(local.stack, { token, ...(language ? { language } : {}) });
}

/** The fields a problem names; an error body is a problem or API Gateway's message, told apart by `isProblem`. */
const fieldsOf = (error: unknown) => (isProblem(error) ? (error.errors ?? []).map((e) => e.field) : []);

describe("the citizen's main flow through the portal client", () => {
  it('creates a dossier, uploads both documents, submits it, reads it back and finds it among theirs', async () => {
    const api = await citizen();
    const draft = await newDossier(api);
    expect(draft).toMatchObject({ status: 'draft', code: null, attachments: [] });

    for (const documentType of ['to-khai-khai-sinh', 'giay-chung-sinh']) {
      const completed = await attachFile(api, draft.id, documentType, pdfFile());
      expect(completed.data).toMatchObject({ status: 'verified', size: PDF.length });
    }

    const submitted = await api.POST('/dossiers/{id}/submit', { params: { path: { id: draft.id } } });
    expect(submitted.data).toMatchObject({ status: 'submitted', nationalStatus: { code: 1 } });
    expect(submitted.data!.code).toMatch(/^000\.01\.00\.H56-\d{6}-\d{4}$/);

    const read = await api.GET('/dossiers/{id}', { params: { path: { id: draft.id } } });
    expect(read.data).toMatchObject({ id: draft.id, code: submitted.data!.code });
    const handedIn = read.data!.attachments.map((a) => [a.documentType, a.handedIn]);
    expect(handedIn.sort()).toEqual([
      ['giay-chung-sinh', true],
      ['to-khai-khai-sinh', true],
    ]);

    const mine = await api.GET('/me/dossiers');
    expect(mine.data!.items.map((d) => d.id)).toEqual([draft.id]);
  });

  it('lists my dossiers newest first, page by page with the cursor, and only mine', async () => {
    const api = await citizen();
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push((await newDossier(api)).id);
    await newDossier(await citizen());

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await api.GET('/me/dossiers', { params: { query: { pageSize: 2, cursor } } });
      seen.push(...page.data!.items.map((d) => d.id));
      cursor = page.data!.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(ids.reverse());
    expect(pages).toBe(2);
  });
});

describe('errors through the portal client', () => {
  it('gives a problem in the chosen language, naming the missing document', async () => {
    const api = await citizen('en');
    const draft = await newDossier(api);
    await attachFile(api, draft.id, 'to-khai-khai-sinh', pdfFile());
    const submitted = await api.POST('/dossiers/{id}/submit', { params: { path: { id: draft.id } } });
    expect(submitted.response.status).toBe(422);
    expect(submitted.response.headers.get('content-language')).toBe('en');
    expect(fieldsOf(submitted.error)).toEqual(['documents.giay-chung-sinh']);
  });

  it('has the upload form refuse a file whose size is not the declared one, and completing it find nothing', async () => {
    const api = await citizen();
    const draft = await newDossier(api);
    const requested = await api.POST('/dossiers/{id}/attachments', {
      params: { path: { id: draft.id } },
      body: {
        documentType: 'to-khai-khai-sinh',
        fileName: 'to-khai.pdf',
        size: PDF.length + 10,
        contentType: 'application/pdf',
      },
    });
    const { attachmentId, upload } = requested.data!;
    const uploaded = await uploadFile(upload, pdfFile(), { fileName: 'to-khai.pdf' });
    expect(uploaded.status).toBe(400);
    const completed = await api.POST('/dossiers/{id}/attachments/{attachmentId}/complete', {
      params: { path: { id: draft.id, attachmentId } },
    });
    expect(completed.response.status).toBe(409);
  });

  it("hides someone else's dossier (404), and tells API Gateway's own 401 and 403 by their message", async () => {
    const draft = await newDossier(await citizen());
    const path = { params: { path: { id: draft.id } } };

    const stranger = await (await citizen()).GET('/dossiers/{id}', path);
    expect(stranger.response.status).toBe(404);

    const anonymous = await portalClient(local.stack).GET('/dossiers/{id}', path);
    expect(anonymous.response.status).toBe(401);
    expect(isGatewayMessage(anonymous.error)).toBe(true);
    expect(errorText(anonymous.error)).toBe('Unauthorized');

    const officer = portalClient(local.stack, { token: await tokenFor(local.stack, 'officer-1', 'officer') });
    const forbidden = await officer.GET('/dossiers/{id}', path);
    expect(forbidden.response.status).toBe(403);
    expect(errorText(forbidden.error)).toBe('Forbidden');
  });
});
