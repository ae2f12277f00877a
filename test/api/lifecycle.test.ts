// Whole life cycles over HTTP: a fully online birth registration from creation to the applicant's rating, with a
// verified history and what the applicant was told at each step.
import { describe, expect, it } from 'vitest';
import { call, useLocalStack } from '../support/local-stack.js';
import { eventually, outboxOf, PDF, quickApp, sha256 } from '../support/dossiers.js';
import { actNow, BIRTH, officerToken, processingBirth, verifiedResult } from '../support/workspace.js';

const local = useLocalStack({ app: quickApp });

describe('life cycles', () => {
  it('carries a fully online birth registration from submission to release online and a rating', async () => {
    const dossier = await processingBirth(local.stack);
    const specialist = await officerToken(local.stack, BIRTH.agency, ['process']);
    const leader = await officerToken(local.stack, BIRTH.agency, ['approve'], 'Trần Thị Lan');
    const counter = await officerToken(local.stack, BIRTH.agency, ['receive']);

    const result = Buffer.from(PDF.toString('latin1').replace('%PDF-1.4', '%PDF-1.7'), 'latin1');
    const resultId = await verifiedResult(local.stack, specialist, dossier.id, result);
    expect(
      (await actNow(local.stack, specialist, dossier.id, 'resolve', { resultIds: [resultId] })).status,
    ).toBe(403);
    const resolved = await actNow(local.stack, leader, dossier.id, 'resolve', { resultIds: [resultId] });
    expect(resolved.body).toMatchObject({ status: 'resolved' });
    const released = await actNow(local.stack, counter, dossier.id, 'release', { method: 'online' });
    expect(released.body).toMatchObject({ status: 'released', nationalStatus: { code: 10 } });

    const results = await call<{ items: { id: string; sha256: string; downloadUrl: string }[] }>(
      local.stack,
      `/dossiers/${dossier.id}/results`,
      { token: dossier.citizen },
    );
    expect(results.body.items).toMatchObject([{ id: resultId, sha256: sha256(result) }]);
    const downloaded = await fetch(results.body.items[0]!.downloadUrl);
    expect(Buffer.from(await downloaded.arrayBuffer())).toEqual(result);

    const rated = await call(local.stack, `/dossiers/${dossier.id}/rating`, {
      method: 'POST',
      token: dossier.citizen,
      json: { score: 5, comment: 'Nhanh, đúng hẹn' },
    });
    expect(rated.status).toBe(201);

    const sheet = await call<{
      chainVerified: boolean;
      events: { action: string; stepDueAt?: string | null }[];
    }>(local.stack, `/dossiers/${dossier.id}/history`, { token: dossier.citizen });
    expect(sheet.body.chainVerified).toBe(true);
    expect(sheet.body.events.find((e) => e.action === 'start-processing')?.stepDueAt).toMatch(/^\d{4}-/);
    expect(sheet.body.events.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'created',
        'submit',
        'accept',
        'start-processing',
        'resolve',
        'release',
        'rate',
      ]),
    );
    const told = await eventually(async () => {
      const events = outboxOf(local.stack, dossier.code).map((m) => m.event);
      return events.includes('released') ? events : undefined;
    });
    expect(told).toEqual(expect.arrayContaining(['received', 'result-ready', 'released']));
  });
});
