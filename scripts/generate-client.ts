// Developer command: regenerate the portal client's types after a route contract changed.
//   npm run client:generate   (writes client/src/schema.d.ts; `npm test` fails while it is stale)
import { writeFile } from 'node:fs/promises';
import { CLIENT_SCHEMA_PATH, clientSchemaSource } from './client-schema.js';

await writeFile(CLIENT_SCHEMA_PATH, await clientSchemaSource());
console.log(`Wrote ${CLIENT_SCHEMA_PATH}`);
