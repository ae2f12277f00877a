// Operator command: load data/catalog.json (or another file) into a deployed stage's catalog table: what the table
// lacks is created, what an earlier load wrote follows the file, what an operator changed is kept (see load.ts).
//   npm run catalog:load -- --table <TableName-catalog output of the stack> [--file data/catalog.json]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { catalogSummary, loadCatalog, parseCatalog } from '../shared/catalog/load.js';

const { values } = parseArgs({
  options: { table: { type: 'string' }, file: { type: 'string', default: 'data/catalog.json' } },
});
if (!values.table) {
  console.error('Usage: npm run catalog:load -- --table <catalog table name> [--file data/catalog.json]');
  process.exit(2);
}
const catalog = parseCatalog(JSON.parse(readFileSync(values.file!, 'utf8')));
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const result = await loadCatalog(client, values.table, catalog, new Date().toISOString());
console.log(`${values.table}: ${catalogSummary(result)}`);
for (const name of result.kept) console.log(`  kept as an operator made it: ${name}`);
