// The portal client's committed types are those of today's OpenAPI document.
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { CLIENT_SCHEMA_PATH, clientSchemaSource } from '../../scripts/client-schema.js';

it('has the types of the current OpenAPI document', async () => {
  const committed = await readFile(CLIENT_SCHEMA_PATH, 'utf8');
  const current = await clientSchemaSource();
  expect(
    committed === current,
    'client/src/schema.d.ts is stale: run `npm run client:generate` and commit it',
  ).toBe(true);
});
