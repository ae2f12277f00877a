// Loads a catalog file (the bundled data/catalog.json, or another) into the catalog table without undoing an
// operator's work: an agency or procedure the table lacks is created (a procedure at version 1); one the loader wrote
// and nobody changed since follows the file (a procedure by a new version); one an operator created or changed
// through the admin routes is kept as it is. Nothing is removed: an operator withdraws or closes through the routes.
// Each write is conditional on what was read, with its audit entry, so an admin change made meanwhile wins.
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describeIssue } from '../http/messages.js';
import { catalogSchema, unusableAgencies, type Agency, type Catalog, type Procedure } from './model.js';
import { queryAll } from '../aws/query-all.js';
import { agencyItem, auditItem, procedureItem, procedureVersionItem, type AuditEntry } from './repository.js';

/** Marks an item the loader wrote: the next load may bring it up to date; an admin write drops the mark. */
const LOADED = 'catalog-file';

export function parseCatalog(json: unknown): Catalog {
  const result = catalogSchema.safeParse(json);
  if (!result.success) {
    // The same words the admin routes answer with (one validation for the file and the routes).
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${describeIssue(issue).en}`);
    throw new Error(`The catalog file is invalid:\n${lines.join('\n')}`);
  }
  return result.data;
}

export interface LoadResult {
  /** New in the table. */
  created: string[];
  /** Written by an earlier load, changed in the file, nobody's change since: brought up to date. */
  updated: string[];
  /** Created or changed by an operator (admin routes, re-organisation): left as the operator made them. */
  kept: string[];
  /** As the file has them already. */
  unchanged: string[];
}

interface Stored {
  item: Record<string, unknown>;
  loaded: boolean;
}

const agencyOf = (item: Record<string, unknown>) => item.agency as Agency;

export async function loadCatalog(
  client: DynamoDBDocumentClient,
  tableName: string,
  catalog: Catalog,
  loadedAt: string,
): Promise<LoadResult> {
  const read = async (pk: string) =>
    new Map(
      (
        await queryAll(client, {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ConsistentRead: true,
        })
      ).map((item): [string, Stored] => [item.sk as string, { item, loaded: item.loadedFrom === LOADED }]),
    );
  const [agencies, procedures] = await Promise.all([read('AGENCY'), read('PROCEDURE')]);
  const result: LoadResult = { created: [], updated: [], kept: [], unchanged: [] };
  const writes: { name: string; items: NonNullable<TransactWriteCommand['input']['TransactItems']> }[] = [];
  const audit = (
    action: string,
    kind: 'agency' | 'procedure',
    code: string,
    before: unknown,
    after: unknown,
  ) =>
    ({
      Put: {
        TableName: tableName,
        Item: auditItem({
          id: randomUUID(),
          at: loadedAt,
          actor: { subject: 'catalog-load', name: 'npm run catalog:load' },
          action,
          target: { kind, code },
          before: before ?? null,
          after: after ?? null,
        } satisfies AuditEntry),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }) as const;

  // The agencies as they will be: the table's where an operator's are kept, the file's elsewhere.
  const effective = new Map<string, Agency>();
  for (const [code, stored] of agencies) effective.set(code, agencyOf(stored.item));
  for (const agency of catalog.agencies) {
    const stored = agencies.get(agency.code);
    if (!stored || stored.loaded) effective.set(agency.code, agency);
  }

  for (const agency of catalog.agencies) {
    const stored = agencies.get(agency.code);
    const name = `agency ${agency.code}`;
    if (stored && !stored.loaded) result.kept.push(name);
    else if (stored && isDeepStrictEqual(agencyOf(stored.item), agency)) result.unchanged.push(name);
    else {
      const revision = stored ? (stored.item.revision as number) + 1 : 1;
      writes.push({
        name,
        items: [
          {
            Put: {
              TableName: tableName,
              Item: { ...agencyItem(agency, revision), loadedFrom: LOADED },
              ...(stored
                ? {
                    ConditionExpression: 'loadedFrom = :loaded AND revision = :revision',
                    ExpressionAttributeValues: { ':loaded': LOADED, ':revision': revision - 1 },
                  }
                : { ConditionExpression: 'attribute_not_exists(pk)' }),
            },
          },
          audit(
            stored ? 'agency.replace' : 'agency.create',
            'agency',
            agency.code,
            stored?.item.agency,
            agency,
          ),
        ],
      });
      (stored ? result.updated : result.created).push(name);
    }
  }

  const refused: string[] = [];
  for (const procedure of catalog.procedures) {
    const stored = procedures.get(procedure.code);
    const name = `procedure ${procedure.code}`;
    if (stored && !stored.loaded) {
      result.kept.push(name);
      continue;
    }
    if (stored && isDeepStrictEqual(stored.item.procedure, procedure)) {
      result.unchanged.push(name);
      continue;
    }
    // What the admin routes refuse, the loader refuses: a procedure naming an agency an operator closed.
    for (const { path, code } of unusableAgencies(procedure, effective))
      refused.push(`  procedures.${procedure.code}.${path.join('.')}: ${code} is not an active agency`);
    const version = stored ? ((stored.item.version as number | undefined) ?? 1) + 1 : 1;
    writes.push({ name, items: procedureWrites(tableName, procedure, version, stored) });
    writes
      .at(-1)!
      .items.push(
        audit(
          stored ? 'procedure.change' : 'procedure.create',
          'procedure',
          procedure.code,
          stored ? { version: version - 1, procedure: stored.item.procedure } : null,
          { version, procedure },
        ),
      );
    (stored ? result.updated : result.created).push(name);
  }
  if (refused.length > 0)
    throw new Error(`The catalog file names agencies the catalog has closed:\n${refused.join('\n')}`);

  for (const write of writes) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: write.items }));
    } catch (error) {
      if (
        !(error instanceof TransactionCanceledException) ||
        !error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')
      )
        throw error;
      // An operator's change (or another load) came first: it stays.
      for (const list of [result.created, result.updated]) {
        const at = list.indexOf(write.name);
        if (at >= 0) list.splice(at, 1);
      }
      result.kept.push(write.name);
    }
  }
  await client.send(
    new TransactWriteCommand({
      TransactItems: [{ Put: { TableName: tableName, Item: { pk: 'META', sk: 'catalog', loadedAt } } }],
    }),
  );
  return result;
}

/** A procedure's current item and its new version item: the version is written once, never over another. */
function procedureWrites(
  tableName: string,
  procedure: Procedure,
  version: number,
  stored: Stored | undefined,
) {
  return [
    {
      Put: {
        TableName: tableName,
        Item: { ...procedureItem(procedure, version), loadedFrom: LOADED },
        ...(stored
          ? {
              ConditionExpression: 'loadedFrom = :loaded AND version = :version',
              ExpressionAttributeValues: { ':loaded': LOADED, ':version': version - 1 },
            }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    },
    {
      Put: {
        TableName: tableName,
        Item: procedureVersionItem(procedure, version),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ] as NonNullable<TransactWriteCommand['input']['TransactItems']>;
}

export const catalogSummary = (result: LoadResult) =>
  `${result.created.length} created, ${result.updated.length} updated from the file, ${result.kept.length} kept as an operator made them, ${result.unchanged.length} unchanged`;
