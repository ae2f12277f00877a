// The staff access log read back for the administration: each agency's entries from its partition, in time order, and
// the codes of the dossiers they name (BatchGet of the roots); never a Scan. The entries are written by recordAccess.
import {
  BatchGetCommand,
  QueryCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from '../aws/batch-get.js';
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
      const keys = [...new Set(dossierIds)].map(dossierRootKey);
      const roots = await batchGetAll(async (Keys: Record<string, unknown>[]) => {
        const result: BatchGetCommandOutput = await client.send(
          new BatchGetCommand({
            RequestItems: {
              [tableName]: {
                Keys,
                ProjectionExpression: '#pk, #code',
                ExpressionAttributeNames: { '#pk': 'pk', '#code': 'code' },
              },
            },
          }),
        );
        return {
          items: result.Responses?.[tableName] ?? [],
          unprocessed: result.UnprocessedKeys?.[tableName]?.Keys,
        };
      }, keys);
      for (const item of roots)
        if (typeof item.code === 'string') codes.set(idOf(item.pk as string), item.code);
      return codes;
    },
  };
}
