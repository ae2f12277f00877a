// Catalog storage in DynamoDB: agencies and procedures read by key or index, never by Scan.
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  type BatchGetCommandOutput,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../aws/query-all.js';
import { foldVietnamese } from './fold.js';
import type { Agency, Catalog, Procedure } from './model.js';

export const CATALOG_INDEX_BY_AGENCY = 'byAgency';
const AGENCY_PK = 'AGENCY';
const PROCEDURE_PK = 'PROCEDURE';

export interface ProcedureQuery {
  /** Folded search terms, every one of which must occur. */
  terms: string[];
  agency?: string;
  onlineService?: 'toan-trinh' | 'mot-phan';
  legacyLevel?: 2 | 3 | 4;
  /** Code of the last procedure already returned. */
  after?: string;
  limit: number;
}

export interface CatalogRepository {
  listAgencies(): Promise<Agency[]>;
  getAgencies(codes: string[]): Promise<Map<string, Agency>>;
  getProcedure(code: string): Promise<Procedure | null>;
  /** Up to `limit` matches in code order, and whether more follow. */
  queryProcedures(query: ProcedureQuery): Promise<{ items: Procedure[]; more: boolean }>;
  ping(): Promise<void>;
}

export function procedureItem(procedure: Procedure) {
  return {
    pk: PROCEDURE_PK,
    sk: procedure.code,
    procedureAgency: procedure.agencyCode,
    onlineService: procedure.serviceLevel.onlineService,
    legacyLevel: procedure.serviceLevel.legacyLevel,
    searchText: foldVietnamese(`${procedure.code} ${procedure.name} ${procedure.field} ${procedure.result}`),
    procedure,
  };
}

export function agencyItem(agency: Agency) {
  return { pk: AGENCY_PK, sk: agency.code, agency };
}

export function catalogItems(catalog: Catalog) {
  return [...catalog.agencies.map(agencyItem), ...catalog.procedures.map(procedureItem)];
}

export function dynamoCatalogRepository(
  client: DynamoDBDocumentClient,
  tableName: string,
): CatalogRepository {
  return {
    async listAgencies() {
      const items = await queryAll(client, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': AGENCY_PK },
      });
      return items.map((item) => item.agency as Agency);
    },

    async getAgencies(codes) {
      const unique = [...new Set(codes)];
      const found = new Map<string, Agency>();
      for (let i = 0; i < unique.length; i += 100) {
        let keys: Record<string, unknown>[] | undefined = unique
          .slice(i, i + 100)
          .map((code) => ({ pk: AGENCY_PK, sk: code }));
        while (keys && keys.length > 0) {
          const result: BatchGetCommandOutput = await client.send(
            new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }),
          );
          for (const item of result.Responses?.[tableName] ?? [])
            found.set(item.sk as string, item.agency as Agency);
          keys = result.UnprocessedKeys?.[tableName]?.Keys;
        }
      }
      return found;
    },

    async getProcedure(code) {
      const result = await client.send(
        new GetCommand({ TableName: tableName, Key: { pk: PROCEDURE_PK, sk: code } }),
      );
      return (result.Item?.procedure as Procedure | undefined) ?? null;
    },

    async queryProcedures(query) {
      const filters: string[] = [];
      const values: Record<string, unknown> = {};
      query.terms.forEach((term, i) => {
        filters.push(`contains(searchText, :t${i})`);
        values[`:t${i}`] = term;
      });
      if (query.onlineService) {
        filters.push('onlineService = :online');
        values[':online'] = query.onlineService;
      }
      if (query.legacyLevel) {
        filters.push('legacyLevel = :legacy');
        values[':legacy'] = query.legacyLevel;
      }
      const base: QueryCommandInput = query.agency
        ? {
            TableName: tableName,
            IndexName: CATALOG_INDEX_BY_AGENCY,
            KeyConditionExpression: 'procedureAgency = :agency',
            ExpressionAttributeValues: { ...values, ':agency': query.agency },
          }
        : {
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ...values, ':pk': PROCEDURE_PK },
          };
      if (filters.length > 0) base.FilterExpression = filters.join(' AND ');
      let startKey: Record<string, unknown> | undefined = query.after
        ? query.agency
          ? { pk: PROCEDURE_PK, sk: query.after, procedureAgency: query.agency }
          : { pk: PROCEDURE_PK, sk: query.after }
        : undefined;
      const items: Procedure[] = [];
      // Read until one match beyond the page is seen, so `more` is exact and the cursor never skips one.
      do {
        const page = await client.send(
          new QueryCommand({ ...base, ExclusiveStartKey: startKey, Limit: Math.max(query.limit + 1, 25) }),
        );
        items.push(...(page.Items ?? []).map((item) => item.procedure as Procedure));
        startKey = page.LastEvaluatedKey;
      } while (startKey && items.length <= query.limit);
      return { items: items.slice(0, query.limit), more: items.length > query.limit };
    },

    async ping() {
      await client.send(new GetCommand({ TableName: tableName, Key: { pk: 'META', sk: 'catalog' } }));
    },
  };
}
