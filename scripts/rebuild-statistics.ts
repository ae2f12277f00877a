// Operator command: recompute the on-time counters from the event history and print every difference from the
// live counters; exits 1 when any differs.
//   npm run stats:rebuild -- [--from yyyy-mm-dd] [--to yyyy-mm-dd]
// Tables come from TABLE_DOSSIERS, TABLE_STATISTICS and TABLE_CATALOG, else the local stack's (npm start).
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { app } from '../infra/app-definition.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/emulators.js';
import { localName } from '../local/provision.js';
import { dynamoCatalogRepository } from '../shared/catalog/repository.js';
import { isValidLocalDate } from '../shared/domain/calendar/local-date.js';
import { localDay } from '../shared/domain/dossier/on-time.js';
import { resourceEnv } from '../shared/resource-env.js';
import { differences, liveCounters, rebuiltCounters } from '../shared/dossier/statistics-rebuild.js';

const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
for (const [name, value] of Object.entries(values))
  if (value !== undefined && !isValidLocalDate(value)) {
    console.error(`--${name} must be a date written yyyy-mm-dd, not ${value}`);
    process.exit(2);
  }

const table = (name: string) => process.env[resourceEnv.table(name)] ?? localName(app.service, 'table', name);
const local = !process.env[resourceEnv.table('dossiers')];
const client = DynamoDBDocumentClient.from(
  local
    ? new DynamoDBClient({
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
        endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB ?? 'http://127.0.0.1:8000',
      })
    : new DynamoDBClient({}),
);
const tables = { dossiers: table('dossiers'), statistics: table('statistics') };
const units = (await dynamoCatalogRepository(client, table('catalog')).listAgencies()).map((a) => a.code);
const rebuilt = await rebuiltCounters(client, tables.dossiers, units);
const days = [...rebuilt.keys()].filter((key) => key.startsWith('D')).map((key) => key.slice(1, 11));
const to = values.to ?? localDay(Date.now());
const from = values.from ?? days.sort()[0] ?? to;
const found = differences(rebuilt, await liveCounters(client, tables, from, to), from, to);
for (const d of found)
  console.log(`${d.period} ${d.agency} ${d.procedure} ${d.counter}: rebuilt ${d.rebuilt}, live ${d.live}`);
console.log(
  found.length === 0
    ? `The live counters from ${from} to ${to} equal those rebuilt from the history of ${units.length} units.`
    : `${found.length} counter(s) differ from ${from} to ${to}.`,
);
process.exit(found.length === 0 ? 0 : 1);
