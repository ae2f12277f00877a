// The staff access log read back for the administration: each agency's entries from its partition, in time order, and
// the codes of the dossiers they name (BatchGet of the roots); never a Scan. The entries are written by recordAccess.
import {
  BatchGetCommand,
  QueryCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { AccessEntry } from './repository.js';
import { accessLogPk, dossierRootKey } from './repository.js';

/** An entry with what makes it unique: the random suffix of its key (two reads in one millisecond are two entries). */
export interface LoggedAccess {
  entry: AccessEntry;
  unique: string;
  /** Its sort value (time and dossier): entries with the same one may come in any order. */
  sortValue: string;
}

export interface AccessLogReader {
  /** One page of an agency's entries whose sort value is from `from` to `to` (prefixes, inclusive), in order. */
  page(
    agency: string,
    range: { from: string; to: string },
    limit: number,
    start?: Record<string, unknown>,
  ): Promise<{ items: LoggedAccess[]; next?: Record<string, unknown> }>;
  /** The codes of these dossiers (those without one yet, or not found, are left out). */
  codes(dossierIds: string[]): Promise<Map<string, string>>;
}

const ROOT_PREFIX = dossierRootKey('').pk;
const idOf = (pk: string) => pk.slice(ROOT_PREFIX.length);

export function dynamoAccessLogReader(client: DynamoDBDocumentClient, tableName: string): AccessLogReader {
  return {
    async page(agency, { from, to }, limit, start) {
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          // The sort key starts with the sort value: a range of sort values is a range of keys.
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': accessLogPk(agency), ':from': from, ':to': `${to}\uffff` },
          ExclusiveStartKey: start,
          Limit: limit,
        }),
      );
      return {
        items: (result.Items ?? []).map((item) => ({
          entry: item.access as AccessEntry,
          unique: String(item.sk).slice(-36),
          sortValue: item.accessAt as string,
        })),
        ...(result.LastEvaluatedKey ? { next: result.LastEvaluatedKey } : {}),
      };
    },

    async codes(dossierIds) {
      const codes = new Map<string, string>();
      const unique = [...new Set(dossierIds)];
      for (let i = 0; i < unique.length; i += 100) {
        let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map(dossierRootKey);
        for (let attempt = 0; keys && keys.length > 0; attempt += 1) {
          if (attempt > 0)
            await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** Math.min(attempt, 6)));
          const result: BatchGetCommandOutput = await client.send(
            new BatchGetCommand({
              RequestItems: {
                [tableName]: {
                  Keys: keys,
                  ProjectionExpression: '#pk, #code',
                  ExpressionAttributeNames: { '#pk': 'pk', '#code': 'code' },
                },
              },
            }),
          );
          for (const item of result.Responses?.[tableName] ?? [])
            if (typeof item.code === 'string') codes.set(idOf(item.pk as string), item.code);
          keys = result.UnprocessedKeys?.[tableName]?.Keys;
        }
      }
      return codes;
    },
  };
}
