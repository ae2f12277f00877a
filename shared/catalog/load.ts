// Loads a catalog file into the catalog table: validates it whole, writes every item, removes what the file no longer has.
import { isDeepStrictEqual } from 'node:util';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describeIssue } from '../http/messages.js';
import { catalogSchema, type Catalog } from './model.js';
import { queryAll } from '../aws/query-all.js';
import { catalogItems } from './repository.js';

export function parseCatalog(json: unknown): Catalog {
  const result = catalogSchema.safeParse(json);
  if (!result.success) {
    // The same words the admin routes answer with (one validation for the file and the routes).
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${describeIssue(issue).en}`);
    throw new Error(`The catalog file is invalid:\n${lines.join('\n')}`);
  }
  return result.data;
}

export async function loadCatalog(
  client: DynamoDBDocumentClient,
  tableName: string,
  catalog: Catalog,
  loadedAt: string,
) {
  const current = await queryAll(client, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': 'PROCEDURE' },
  });
  // A procedure the file changes (or brings back) gets a new version; one it leaves as it is keeps its own.
  const versions = new Map<string, number>();
  for (const procedure of catalog.procedures) {
    const item = current.find((i) => i.sk === procedure.code);
    const version = (item?.version as number | undefined) ?? 0;
    const same = item && !item.withdrawnAt && isDeepStrictEqual(item.procedure, procedure);
    versions.set(procedure.code, same ? version : version + 1);
  }
  const items: Record<string, unknown>[] = [
    ...catalogItems(catalog, versions),
    { pk: 'META', sk: 'catalog', loadedAt },
  ];
  const wanted = new Set(items.map((item) => `${item.pk}|${item.sk}`));
  const stale: Record<string, unknown>[] = [];
  for (const pk of ['AGENCY', 'PROCEDURE']) {
    const keys = await queryAll(client, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ProjectionExpression: 'pk, sk',
    });
    // A procedure's versions are never removed: dossiers submitted under them keep reading them.
    for (const key of keys) if (!wanted.has(`${key.pk}|${key.sk}`)) stale.push({ pk: key.pk, sk: key.sk });
  }
  const requests = [
    ...items.map((Item) => ({ PutRequest: { Item } })),
    ...stale.map((Key) => ({ DeleteRequest: { Key } })),
  ];
  for (let i = 0; i < requests.length; i += 25) {
    let batch: typeof requests | undefined = requests.slice(i, i + 25);
    for (let attempt = 0; batch && batch.length > 0; attempt += 1) {
      if (attempt > 8) throw new Error('DynamoDB kept returning unprocessed items');
      if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: batch } }));
      batch = result.UnprocessedItems?.[tableName] as typeof requests | undefined;
    }
  }
  return { agencies: catalog.agencies.length, procedures: catalog.procedures.length, removed: stale.length };
}
