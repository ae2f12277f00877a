import { describe, expect, it } from 'vitest';
import { call, problemOf, useLocalStack } from '../support/local-stack.js';
import { createDossier, quickApp, readyDossier, tokenFor, type DossierBody } from '../support/dossiers.js';

// Small limits for this stack (each test file runs in a process of its own).
process.env.CITIZEN_DRAFTS_PER_DAY = '3';
process.env.CITIZEN_SUBMISSIONS_PER_HOUR = '2';
const local = useLocalStack({ app: quickApp });

describe('per-citizen limits', () => {
  it('refuses a fourth open draft of the day with 429 and Retry-After; submitting one gives its place back', async () => {
    const token = await tokenFor(local.stack);
    const ids = [];
    for (let i = 0; i < 2; i += 1) ids.push((await createDossier(local.stack, token)).body.id);
    ids.push(await readyDossier(local.stack, token));
    const refused = await createDossier(local.stack, token);
    expect(problemOf(refused)).toMatchObject({ status: 429, contentType: 'application/problem+json' });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);

    const submitted = await call(local.stack, `/dossiers/${ids[2]}/submit`, { method: 'POST', token });
    expect(submitted.status).toBe(200);
    expect((await createDossier(local.stack, token)).status).toBe(201);
    // Another citizen is not held back by this one.
    expect((await createDossier(local.stack, await tokenFor(local.stack))).status).toBe(201);
  });

  it('lets five drafts raced at once open only three', async () => {
    const token = await tokenFor(local.stack);
    const answers = await Promise.all(Array.from({ length: 5 }, () => createDossier(local.stack, token)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 201, 429, 429]);
  });

  it('refuses a third submission within the hour with 429 and Retry-After, keeping the draft and burning no code', async () => {
    const token = await tokenFor(local.stack);
    const codes: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const id = await readyDossier(local.stack, token);
      const submitted = await call<DossierBody>(local.stack, `/dossiers/${id}/submit`, {
        method: 'POST',
        token,
      });
      expect(submitted.status).toBe(200);
      codes.push(submitted.body.code!);
    }
    const third = await readyDossier(local.stack, token);
    const refused = await call(local.stack, `/dossiers/${third}/submit`, {
      method: 'POST',
      token,
      language: 'en',
    });
    expect(problemOf(refused)).toMatchObject({ status: 429 });
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
    const draft = await call<DossierBody>(local.stack, `/dossiers/${third}`, { token });
    expect(draft.body).toMatchObject({ status: 'draft', code: null });

    // The next submission of the unit, by someone else, takes the very next code.
    const other = await tokenFor(local.stack);
    const next = await call<DossierBody>(
      local.stack,
      `/dossiers/${await readyDossier(local.stack, other)}/submit`,
      {
        method: 'POST',
        token: other,
      },
    );
    expect(Number(next.body.code!.slice(-4))).toBe(Number(codes[1]!.slice(-4)) + 1);
  });
});
