// Loads a catalog file into the catalog table: validates it whole, writes every item, removes what the file no longer has.
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
  const items: Record<string, unknown>[] = [
    ...catalogItems(catalog),
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
