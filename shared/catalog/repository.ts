// Catalog storage in DynamoDB: agencies and procedures read by key or index, never by Scan.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type BatchGetCommandOutput,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../aws/query-all.js';
import { foldVietnamese } from './fold.js';
import type { YearSchedule } from '../domain/calendar/calendar.js';
import type { Agency, Catalog, Procedure, StoredProcedure } from './model.js';

export const CATALOG_INDEX_BY_AGENCY = 'byAgency';
const AGENCY_PK = 'AGENCY';
const PROCEDURE_PK = 'PROCEDURE';
const AUDIT_PK = 'AUDIT';
const CALENDAR_PK = 'CALENDAR';
const REORGANISATION_PK = 'REORGANISATION';

/** A re-organisation job: units merged into one, run page by page through a queue, resumable from its position. */
export interface ReorganisationJob {
  id: string;
  from: string[];
  into: string;
  effectiveAt: string | null;
  status: 'running' | 'done' | 'failed';
  /** Open dossiers now on the new unit, and dossiers of the old units left as they were (closed ones). */
  moved: number;
  left: number;
  proceduresChanged: number;
  /** How many pages were done: the next message names the page it does, so a repeated one is ignored. */
  page: number;
  /** Which step the job is at (see reorganisation.ts) and where in that step's index it goes on. */
  phase: number;
  cursor: { sortValue: string; id: string } | null;
  failure?: string;
  createdAt: string;
  updatedAt: string;
  actor: { subject: string; name?: string };
}
/** The partition of one procedure's versions: each is written once and never changes. */
const versionsPk = (code: string) => `PROCEDURE#${code}`;
const versionSk = (version: number) => `v#${String(version).padStart(6, '0')}`;

/** One administrative change: who made it, when, to what, and the record before and after it. */
export interface AuditEntry {
  id: string;
  at: string;
  actor: { subject: string; name?: string };
  action: string;
  target: { kind: 'agency' | 'procedure' | 'calendar' | 'subscription'; code: string };
  before: unknown;
  after: unknown;
}

/** An agency as the admin routes keep it: its revision guards each change. */
export interface AgencyRecord {
  agency: Agency;
  revision: number;
}

/** A procedure as the admin routes keep it, withdrawn ones included. */
export interface ProcedureRecord {
  procedure: Procedure;
  version: number;
  withdrawnAt?: string;
}

/** Another change was written first: the caller reads again and decides again. */
export class CatalogConflictError extends Error {
  override name = 'CatalogConflictError';
}

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
  /** The current version of a procedure in the catalog; null when there is none or it was withdrawn. */
  getProcedure(code: string): Promise<StoredProcedure | null>;
  /** One version of a procedure, as it was written (versions never change, withdrawn procedures keep theirs). */
  getProcedureVersion(code: string, version: number): Promise<StoredProcedure | null>;
  /** Up to `limit` matches in code order, and whether more follow. */
  queryProcedures(query: ProcedureQuery): Promise<{ items: StoredProcedure[]; more: boolean }>;
  ping(): Promise<void>;
  /** The yearly schedules operators stored (each in place of the bundled one of its year). */
  listSchedules(): Promise<YearSchedule[]>;
}

export function procedureItem(procedure: Procedure, version = 1) {
  return {
    pk: PROCEDURE_PK,
    sk: procedure.code,
    procedureAgency: procedure.agencyCode,
    onlineService: procedure.serviceLevel.onlineService,
    legacyLevel: procedure.serviceLevel.legacyLevel,
    searchText: foldVietnamese(`${procedure.code} ${procedure.name} ${procedure.field} ${procedure.result}`),
    procedure,
    version,
  };
}

export function procedureVersionItem(procedure: Procedure, version: number) {
  return { pk: versionsPk(procedure.code), sk: versionSk(version), procedure, version };
}

/**
 * A withdrawn procedure keeps its current item (the next change continues its versions) without the attributes
 * search and the agency index read, so it is neither found nor submittable.
 */
function withdrawnItem(record: ProcedureRecord, withdrawnAt: string) {
  return {
    pk: PROCEDURE_PK,
    sk: record.procedure.code,
    procedure: record.procedure,
    version: record.version,
    withdrawnAt,
  };
}

export function agencyItem(agency: Agency, revision = 1) {
  return { pk: AGENCY_PK, sk: agency.code, agency, revision };
}

export function catalogItems(catalog: Catalog, versions: Map<string, number> = new Map()) {
  return [
    ...catalog.agencies.map((agency) => agencyItem(agency)),
    ...catalog.procedures.flatMap((procedure) => {
      const version = versions.get(procedure.code) ?? 1;
      return [procedureItem(procedure, version), procedureVersionItem(procedure, version)];
    }),
  ];
}

export const auditItem = (entry: AuditEntry) => ({ pk: AUDIT_PK, sk: `${entry.at}#${entry.id}`, ...entry });

const stored = (item: Record<string, unknown> | undefined): StoredProcedure | null =>
  item ? { ...(item.procedure as Procedure), version: (item.version as number | undefined) ?? 1 } : null;

/** The writes of the admin routes: each change and its audit entry in one transaction, guarded by what was read. */
export interface CatalogAdminStore {
  listAgencyRecords(): Promise<AgencyRecord[]>;
  getAgencyRecord(code: string): Promise<AgencyRecord | null>;
  /**
   * Writes the agency if its revision is still `expected` (null: it must not exist yet) and its `parent`, when given,
   * is still at the revision read (whose revision moves on with it: closing the parent meanwhile cannot succeed too).
   */
  putAgency(
    agency: Agency,
    expected: number | null,
    audit: AuditEntry,
    parent?: AgencyRecord,
  ): Promise<AgencyRecord>;
  getProcedureRecord(code: string): Promise<ProcedureRecord | null>;
  /**
   * Writes version `expected + 1` (1 for a new procedure) as the current one, if `expected` is still current and
   * each agency in `uses` is still at the revision read; their revisions move on with it, so an agency closed
   * meanwhile, or closing on what it read before this write, fails one of the two (the loser reads again).
   */
  putProcedure(
    procedure: Procedure,
    expected: number | null,
    audit: AuditEntry,
    uses?: AgencyRecord[],
  ): Promise<ProcedureRecord>;
  withdrawProcedure(record: ProcedureRecord, at: string, audit: AuditEntry): Promise<ProcedureRecord>;
  getSchedule(year: number): Promise<{ schedule: YearSchedule; revision: number } | null>;
  /** One page of the current procedures (withdrawn ones included), in code order after `after`. */
  procedurePage(
    after: string | null,
    limit: number,
  ): Promise<{ items: ProcedureRecord[]; last: string | null }>;
  getJob(id: string): Promise<ReorganisationJob | null>;
  /** Stores a new job with its audit entry; false when a job with its id exists already. */
  createJob(job: ReorganisationJob, audit: AuditEntry): Promise<boolean>;
  /** Writes the job if it is still at page `expectedPage`; false when another run got there first. */
  saveJob(job: ReorganisationJob, expectedPage: number): Promise<boolean>;
  /** Writes a year's schedule if its revision is still `expected` (null: none was stored for that year). */
  putSchedule(
    schedule: YearSchedule,
    expected: number | null,
    audit: AuditEntry,
  ): Promise<{ schedule: YearSchedule; revision: number }>;
  /** Audit entries from `from` to `to` (ISO instants, inclusive) in time order, after the sort key `after`. */
  queryAudit(query: {
    from: string;
    to: string;
    after?: string;
    limit: number;
  }): Promise<{ items: AuditEntry[]; last?: string; more: boolean }>;
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
      return result.Item?.withdrawnAt ? null : stored(result.Item);
    },

    async getProcedureVersion(code, version) {
      const result = await client.send(
        new GetCommand({ TableName: tableName, Key: { pk: versionsPk(code), sk: versionSk(version) } }),
      );
      return stored(result.Item);
    },

    async queryProcedures(query) {
      // Withdrawn procedures stay in the partition (their versions continue) but are never found.
      const filters: string[] = ['attribute_not_exists(withdrawnAt)'];
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
      base.FilterExpression = filters.join(' AND ');
      let startKey: Record<string, unknown> | undefined = query.after
        ? query.agency
          ? { pk: PROCEDURE_PK, sk: query.after, procedureAgency: query.agency }
          : { pk: PROCEDURE_PK, sk: query.after }
        : undefined;
      const items: StoredProcedure[] = [];
      // Read until one match beyond the page is seen, so `more` is exact and the cursor never skips one.
      do {
        const page = await client.send(
          new QueryCommand({ ...base, ExclusiveStartKey: startKey, Limit: Math.max(query.limit + 1, 25) }),
        );
        items.push(...(page.Items ?? []).map((item) => stored(item)!));
        startKey = page.LastEvaluatedKey;
      } while (startKey && items.length <= query.limit);
      return { items: items.slice(0, query.limit), more: items.length > query.limit };
    },

    async ping() {
      await client.send(new GetCommand({ TableName: tableName, Key: { pk: 'META', sk: 'catalog' } }));
    },

    async listSchedules() {
      const items = await queryAll(client, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': CALENDAR_PK },
      });
      return items.map((item) => item.schedule as YearSchedule);
    },
  };
}

export function dynamoCatalogAdminStore(
  client: DynamoDBDocumentClient,
  tableName: string,
): CatalogAdminStore {
  /** Writes in one transaction; a failed condition is another change that came first. */
  async function transact(
    items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>,
  ) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')
      )
        throw new CatalogConflictError('Changed meanwhile');
      throw error;
    }
  }
  const auditPut = (audit: AuditEntry) => ({
    Put: { TableName: tableName, Item: auditItem(audit), ConditionExpression: 'attribute_not_exists(pk)' },
  });
  const guard = (expected: number | null, attribute: string) =>
    expected === null
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : {
          ConditionExpression: `${attribute} = :expected`,
          ExpressionAttributeValues: { ':expected': expected },
        };
  /** An agency another record depends on, guarded at the revision read and moved on by one. */
  const revisionMove = ({ agency, revision }: AgencyRecord) => ({
    Update: {
      TableName: tableName,
      Key: { pk: AGENCY_PK, sk: agency.code },
      UpdateExpression: 'SET revision = :next',
      ConditionExpression: 'revision = :read',
      ExpressionAttributeValues: { ':read': revision, ':next': revision + 1 },
    },
  });
  const procedureRecord = (item: Record<string, unknown>): ProcedureRecord => ({
    procedure: item.procedure as Procedure,
    version: (item.version as number | undefined) ?? 1,
    ...(item.withdrawnAt ? { withdrawnAt: item.withdrawnAt as string } : {}),
  });

  return {
    async listAgencyRecords() {
      const items = await queryAll(client, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': AGENCY_PK },
        ConsistentRead: true,
      });
      return items.map((item) => ({
        agency: item.agency as Agency,
        revision: (item.revision as number) ?? 1,
      }));
    },

    async getAgencyRecord(code) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: { pk: AGENCY_PK, sk: code }, ConsistentRead: true }),
      );
      return Item ? { agency: Item.agency as Agency, revision: (Item.revision as number) ?? 1 } : null;
    },

    async putAgency(agency, expected, audit, parent) {
      const revision = (expected ?? 0) + 1;
      await transact([
        { Put: { TableName: tableName, Item: agencyItem(agency, revision), ...guard(expected, 'revision') } },
        ...(parent ? [revisionMove(parent)] : []),
        auditPut(audit),
      ]);
      return { agency, revision };
    },

    async getProcedureRecord(code) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: { pk: PROCEDURE_PK, sk: code }, ConsistentRead: true }),
      );
      return Item ? procedureRecord(Item) : null;
    },

    async putProcedure(procedure, expected, audit, uses = []) {
      const version = (expected ?? 0) + 1;
      await transact([
        ...uses.map(revisionMove),
        {
          Put: {
            TableName: tableName,
            Item: procedureItem(procedure, version),
            ...guard(expected, 'version'),
          },
        },
        {
          Put: {
            TableName: tableName,
            Item: procedureVersionItem(procedure, version),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        auditPut(audit),
      ]);
      return { procedure, version };
    },

    async withdrawProcedure(record, at, audit) {
      await transact([
        {
          Put: {
            TableName: tableName,
            Item: withdrawnItem(record, at),
            ConditionExpression: 'version = :expected AND attribute_not_exists(withdrawnAt)',
            ExpressionAttributeValues: { ':expected': record.version },
          },
        },
        auditPut(audit),
      ]);
      return { ...record, withdrawnAt: at };
    },

    async getSchedule(year) {
      const { Item } = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: { pk: CALENDAR_PK, sk: String(year) },
          ConsistentRead: true,
        }),
      );
      return Item ? { schedule: Item.schedule as YearSchedule, revision: Item.revision as number } : null;
    },

    async putSchedule(schedule, expected, audit) {
      const revision = (expected ?? 0) + 1;
      const item = { pk: CALENDAR_PK, sk: String(schedule.year), schedule, revision };
      await transact([
        { Put: { TableName: tableName, Item: item, ...guard(expected, 'revision') } },
        auditPut(audit),
      ]);
      return { schedule, revision };
    },

    async procedurePage(after, limit) {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': PROCEDURE_PK },
          ExclusiveStartKey: after ? { pk: PROCEDURE_PK, sk: after } : undefined,
          Limit: limit,
          ConsistentRead: true,
        }),
      );
      return {
        items: (page.Items ?? []).map(procedureRecord),
        last: page.LastEvaluatedKey ? (page.LastEvaluatedKey.sk as string) : null,
      };
    },

    async getJob(id) {
      const { Item } = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: { pk: REORGANISATION_PK, sk: id },
          ConsistentRead: true,
        }),
      );
      return Item ? (Item.job as ReorganisationJob) : null;
    },

    async createJob(job, audit) {
      try {
        await transact([
          {
            Put: {
              TableName: tableName,
              Item: { pk: REORGANISATION_PK, sk: job.id, job, page: job.page },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          auditPut(audit),
        ]);
        return true;
      } catch (error) {
        if (error instanceof CatalogConflictError) return false;
        throw error;
      }
    },

    async saveJob(job, expectedPage) {
      try {
        await transact([
          {
            Put: {
              TableName: tableName,
              Item: { pk: REORGANISATION_PK, sk: job.id, job, page: job.page },
              ConditionExpression: 'page = :expected',
              ExpressionAttributeValues: { ':expected': expectedPage },
            },
          },
        ]);
        return true;
      } catch (error) {
        if (error instanceof CatalogConflictError) return false;
        throw error;
      }
    },

    async queryAudit({ from, to, after, limit }) {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': AUDIT_PK, ':from': from, ':to': `${to}\uffff` },
          ExclusiveStartKey: after ? { pk: AUDIT_PK, sk: after } : undefined,
          Limit: limit,
        }),
      );
      const items = (page.Items ?? []).map(
        ({ pk: _pk, sk: _sk, ...entry }) => entry as unknown as AuditEntry,
      );
      const last = page.Items?.at(-1)?.sk as string | undefined;
      return { items, ...(last ? { last } : {}), more: page.LastEvaluatedKey !== undefined };
    },
  };
}
