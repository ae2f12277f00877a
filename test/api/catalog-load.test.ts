// Loading the bundled catalog again (npm run catalog:load, or a local restart) over a catalog operators changed:
// what the table lacks is created, what an earlier load wrote follows the file, what an operator changed is kept.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../shared/catalog/model.js';
import { loadCatalog, parseCatalog } from '../../shared/catalog/load.js';
import { routingDaysSumMessage } from '../../shared/http/field-messages.js';
import { call, useLocalStack } from '../support/local-stack.js';
import { eventually, quickApp, tokenFor } from '../support/dossiers.js';

const local = useLocalStack({ app: quickApp });

const bundled = () => parseCatalog(JSON.parse(readFileSync('data/catalog.json', 'utf8')));
const load = (catalog: Catalog) =>
  loadCatalog(
    DynamoDBDocumentClient.from(local.stack.clients.dynamodb),
    local.stack.resources.env.TABLE_CATALOG!,
    catalog,
    new Date().toISOString(),
  );

interface AdminAgency {
  code: string;
  name: string;
  active: boolean;
}
let admin: string;
const agencies = async () =>
  (await call<{ items: AdminAgency[] }>(local.stack, '/admin/agencies', { token: admin })).body.items;
const procedure = (code: string) =>
  call<{ name: string; version: number }>(local.stack, `/procedures/${code}`);

beforeAll(async () => {
  admin = await tokenFor(local.stack, `admin-${randomUUID()}`, 'admin');
});

describe('loading the bundled catalog again', () => {
  it('keeps every agency and procedure an operator created or changed, and changes nothing when loaded twice', async () => {
    const renamed = await call(local.stack, '/admin/agencies/000.00.03.H56', {
      method: 'PUT',
      token: admin,
      json: { name: 'Sở Nội vụ (sau sắp xếp)', level: 'department', parent: '000.00.00.H56' },
    });
    expect(renamed.status).toBe(200);
    const before = bundled().procedures.find((p) => p.code === '1.000656')!;
    const changed = await call(local.stack, '/admin/procedures/1.000656', {
      method: 'PUT',
      token: admin,
      json: { ...before, name: `${before.name} (theo quyết định mới)` },
    });
    expect(changed.status).toBe(200);
    const created = await call(local.stack, '/admin/agencies/000.03.00.H56', {
      method: 'PUT',
      token: admin,
      json: { name: 'Ủy ban nhân dân xã Mới Lập', level: 'commune', parent: '000.00.00.H56' },
    });
    expect(created.status).toBe(201);

    const result = await load(bundled());
    expect(result.kept).toEqual(expect.arrayContaining(['agency 000.00.03.H56', 'procedure 1.000656']));
    expect(result.created).toEqual([]);
    expect(result.updated).toEqual([]);
    const listed = await agencies();
    expect(listed.find((a) => a.code === '000.00.03.H56')?.name).toBe('Sở Nội vụ (sau sắp xếp)');
    expect(listed.some((a) => a.code === '000.03.00.H56')).toBe(true);
    expect((await procedure('1.000656')).body).toMatchObject({
      name: `${before.name} (theo quyết định mới)`,
      version: 2,
    });
    // Loaded once more: the same.
    const again = await load(bundled());
    expect(again.created.length + again.updated.length).toBe(0);
  });

  it('creates what the table lacks, brings what it loaded itself up to date by a new version, and keeps the rest', async () => {
    const file = bundled();
    const withNews: Catalog = {
      agencies: [
        ...file.agencies,
        {
          code: '000.04.00.H56',
          name: 'Ủy ban nhân dân xã Trong Tệp',
          level: 'commune',
          parentCode: '000.00.00.H56',
        },
      ],
      procedures: file.procedures.map((p) =>
        p.code === '2.000635' ? { ...p, name: `${p.name} (sửa trong tệp)` } : p,
      ),
    };
    const versionBefore = (await procedure('2.000635')).body.version;
    const result = await load(withNews);
    expect(result.created).toEqual(['agency 000.04.00.H56']);
    expect(result.updated).toEqual(['procedure 2.000635']);
    // The public route reads through the catalog cache: the new version shows within seconds.
    await eventually(async () => (await procedure('2.000635')).body.version === versionBefore + 1);
    expect((await procedure('2.000635')).body.name).toContain('(sửa trong tệp)');
    expect((await agencies()).find((a) => a.code === '000.04.00.H56')).toMatchObject({ active: true });
    const again = await load(withNews);
    expect(again.created.length + again.updated.length).toBe(0);
  });

  it('refuses, writing nothing, a file whose procedure names an agency an operator closed', async () => {
    const closed = await call(local.stack, '/admin/agencies/000.00.03.H56', {
      method: 'DELETE',
      token: admin,
    });
    expect(closed.status).toBe(200);
    const file = bundled();
    const template = file.procedures.find((p) => p.code === '2.000635')!;
    const naming: Catalog = {
      ...file,
      procedures: [
        ...file.procedures,
        {
          ...template,
          code: '2.999999',
          agencyCode: '000.00.03.H56',
          receivingUnit: '000.00.03.H56',
          routingSteps: template.routingSteps.map((s) => ({ ...s, agencyCode: '000.00.03.H56' })),
        },
      ],
    };
    await expect(load(naming)).rejects.toThrow(
      /2\.999999\.agencyCode: 000\.00\.03\.H56 is not an active agency/,
    );
    expect((await procedure('2.999999')).status).toBe(404);
  });
});

describe('one validation for the file and the admin routes', () => {
  it('refuses what the route refuses, in the words the route answers with', async () => {
    const file = bundled();
    const template = file.procedures.find((p) => p.code === '2.000635')!;
    const bad = { ...template, processingDays: template.processingDays + 1 };
    expect(() => parseCatalog({ ...file, procedures: [bad] })).toThrow(routingDaysSumMessage.en);
    const answered = await call<{ errors: { field: string; message: string }[] }>(
      local.stack,
      `/admin/procedures/${bad.code}`,
      { method: 'PUT', token: admin, json: bad, language: 'en' },
    );
    expect(answered.status).toBe(400);
    expect(answered.body.errors).toContainEqual({
      field: 'body.routingSteps',
      message: routingDaysSumMessage.en,
    });
    // A parent the file does not have is refused as the route refuses it.
    const orphan = {
      ...file,
      agencies: [
        ...file.agencies,
        { ...file.agencies[1]!, code: '000.05.00.H56', parentCode: '000.99.99.H56' },
      ],
    };
    expect(() => parseCatalog(orphan)).toThrow(/agencies\.9\.parentCode/);
    // An agency's fields have the route's limits: a hotline of 31 characters is refused by both.
    const [first, ...others] = file.agencies;
    const long = { ...first!, hotline: '1'.repeat(31) };
    expect(() => parseCatalog({ ...file, agencies: [long, ...others] })).toThrow(/agencies\.0\.hotline/);
    const put = await call<{ errors: { field: string }[] }>(local.stack, `/admin/agencies/${long.code}`, {
      method: 'PUT',
      token: admin,
      json: { name: long.name, level: long.level, hotline: long.hotline },
    });
    expect(put.status).toBe(400);
    expect(put.body.errors.map((error) => error.field)).toEqual(['body.hotline']);
  });
});
