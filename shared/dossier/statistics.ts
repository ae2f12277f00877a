// On-time counters in DynamoDB: Update items that commit in a transition's own transaction, and the reads that
// sum them. Counters live in the statistics table, one partition per (day or month, shard); open dossiers are
// read from the dossiers table's index on the original due date. Reads by key or index only.
import { randomInt } from 'node:crypto';
import {
  BatchGetItemCommand,
  QueryCommand,
  type AttributeValue,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from '../aws/batch-get.js';
import { queryAll } from '../aws/query-all.js';
import { COUNTER_NAMES, zeroCounts, type CounterChange, type Counts } from '../domain/dossier/on-time.js';
import type { DossierRecord } from './model.js';

/**
 * Writes of a day spread over this many partitions (picked at random per commit), summed at query time: one
 * agency at 1,000 transitions a second stays well under a partition's write limit.
 */
export const STATISTICS_SHARDS = 8;
export const STATISTICS_INDEX_BY_PROCEDURE = 'byProcedure';
export const DOSSIER_INDEX_BY_RECEIVER_OPEN = 'byReceiverOpen';

/** A day counter (`D2026-12-01`) and its month's roll-up (`M2026-12`): a year is read from twelve months. */
export const dayPeriod = (day: string) => `D${day}`;
export const monthPeriod = (month: string) => `M${month}`;
const partitionOf = (period: string, shard: number) => `${period}#${shard}`;

/** The Update items of a commit's counter changes: the day's item and the month's, in one shard. */
export function counterUpdates(
  tableName: string,
  changes: readonly CounterChange[],
  shard = randomInt(STATISTICS_SHARDS),
) {
  return changes.flatMap((change) =>
    [dayPeriod(change.day), monthPeriod(change.day.slice(0, 7))].map((period) => {
      const names = COUNTER_NAMES.filter((name) => change.deltas[name]);
      return {
        Update: {
          TableName: tableName,
          Key: { pk: partitionOf(period, shard), sk: `${change.agency}#${change.procedure}` },
          UpdateExpression: `SET agency = :agency, #procedure = :procedure, period = :period, procedureKey = :pkey ADD ${names
            .map((name) => `#${name} :${name}`)
            .join(', ')}`,
          ExpressionAttributeNames: {
            '#procedure': 'procedure',
            ...Object.fromEntries(names.map((name) => [`#${name}`, name])),
          },
          ExpressionAttributeValues: {
            ':agency': change.agency,
            ':procedure': change.procedure,
            ':period': period,
            ':pkey': `${change.procedure}#${period}#${shard}`,
            ...Object.fromEntries(names.map((name) => [`:${name}`, change.deltas[name]])),
          },
        },
      };
    }),
  );
}

/** Statuses in which an accepted dossier is still open (a supplement asked at reception is not accepted yet). */
const OPEN = new Set(['accepted', 'processing', 'fee-requested', 'supplement-requested']);
/** Sorts after every date: a dossier whose clock is stopped (waiting for a supplement) is never overdue. */
const NO_DUE_DATE = '9999-12-31T23:59:59.999Z';

/** Index attributes of an open dossier: listed under its receiving unit by its original due date. */
export function openKeys(dossier: DossierRecord): Record<string, string> {
  if (!OPEN.has(dossier.status) || !dossier.acceptedAt) return {};
  if (dossier.status === 'supplement-requested' && dossier.state.resumeTo === 'submitted') return {};
  const due = dossier.statutoryDueAt ?? dossier.state.dueAt;
  // Listed under `submittedUnit` (the receiving unit, which submittedKeys writes) by the date alone, no id after it:
  // the root every transition rewrites stays under 1 KB.
  return {
    openDue: due === null || due === undefined ? NO_DUE_DATE : new Date(due).toISOString(),
  };
}
export const DOSSIER_INDEX_BY_RECEIVER_SUBMITTED = 'byReceiverSubmitted';

/** Every submitted dossier under its receiving unit: what a rebuild of the counters reads. */
export function submittedKeys(dossier: DossierRecord): Record<string, string> {
  if (!dossier.submittedAt) return {};
  // The index has no sort key: a rebuild reads every dossier of the unit, and the root stays under 1 KB.
  return { submittedUnit: dossier.receivingUnit };
}

export const OPEN_ATTRIBUTES = ['openDue', 'submittedUnit'] as const;

/** The days and months a range is read from: whole months by their roll-up, the rest day by day. */
export function periodsOf(from: string, to: string): string[] {
  const periods: string[] = [];
  let month = from.slice(0, 7);
  while (month <= to.slice(0, 7)) {
    const [year, m] = month.split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
    const first = `${month}-01`;
    const end = `${month}-${String(last).padStart(2, '0')}`;
    if (from <= first && end <= to) periods.push(monthPeriod(month));
    else {
      for (let d = 1; d <= last; d += 1) {
        const day = `${month}-${String(d).padStart(2, '0')}`;
        if (day >= from && day <= to) periods.push(dayPeriod(day));
      }
    }
    month = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
  }
  return periods;
}

/** The counters of one (agency, procedure) in one period and shard, as stored. */
export interface CounterRow {
  agency: string;
  procedure: string;
  /** yyyy-mm of the day or month counted. */
  month: string;
  counts: Counts;
}

export interface OpenDossier {
  procedure: string;
  /** Local day the dossier was accepted. */
  acceptedAt: string;
  /** ISO time of the original due date, or null while its clock is stopped. */
  dueAt: string | null;
}

export interface CounterFilter {
  from: string;
  to: string;
  agency?: string;
  procedure?: string;
}

export interface StatisticsPort {
  /** Every stored counter row in the range (shards not yet summed), by key: a Query per period and shard. */
  counters(filter: CounterFilter): Promise<CounterRow[]>;
  /** The dossiers a unit received that are still open, by the index on their original due date. */
  openDossiers(agency: string): Promise<OpenDossier[]>;
}

/** Runs `tasks` with at most `limit` in flight. */
export async function inParallel<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** What a counter read asks for: the key naming the (agency, procedure) and the counters, nothing else. */
export const COUNTER_PROJECTION = ['sk', ...COUNTER_NAMES].join(', ');

type RawItem = Record<string, AttributeValue>;

/** A stored counter item as DynamoDB sends it, read without a general unmarshalling (a year is 10⁵ of them). */
function rowOf(item: RawItem, month: string): CounterRow {
  const key = item.sk?.S ?? '';
  const cut = key.lastIndexOf('#');
  const counts = zeroCounts();
  for (const name of COUNTER_NAMES) {
    const value = item[name]?.N;
    if (value !== undefined) counts[name] = Number(value);
  }
  return { agency: key.slice(0, cut), procedure: key.slice(cut + 1), month, counts };
}

/**
 * The Query reading one period's shard under a filter: by partition (and agency prefix), or by the procedure index.
 * That index holds keys only (a counter's update then leaves it alone): its Query answers the counters' keys, read
 * after it by BatchGetItem.
 */
export function counterQuery(
  tableName: string,
  period: string,
  shard: number,
  filter: CounterFilter,
): QueryCommandInput {
  const partition = partitionOf(period, shard);
  if (filter.procedure && !filter.agency) {
    return {
      TableName: tableName,
      IndexName: STATISTICS_INDEX_BY_PROCEDURE,
      KeyConditionExpression: 'procedureKey = :p',
      ExpressionAttributeValues: { ':p': { S: `${filter.procedure}#${period}#${shard}` } },
      ProjectionExpression: 'pk, sk',
    };
  }
  const sk = filter.agency
    ? filter.procedure
      ? { expression: ' AND sk = :sk', value: `${filter.agency}#${filter.procedure}` }
      : { expression: ' AND begins_with(sk, :sk)', value: `${filter.agency}#` }
    : null;
  return {
    TableName: tableName,
    KeyConditionExpression: `pk = :pk${sk?.expression ?? ''}`,
    ExpressionAttributeValues: { ':pk': { S: partition }, ...(sk ? { ':sk': { S: sk.value } } : {}) },
    ProjectionExpression: COUNTER_PROJECTION,
  };
}

/** The counters of the keys a procedure index Query answered, as DynamoDB sends them (eventually consistent). */
function counterItems(client: DynamoDBDocumentClient, tableName: string, keys: RawItem[]) {
  return batchGetAll(async (Keys: RawItem[]) => {
    const result = await client.send(
      new BatchGetItemCommand({
        RequestItems: { [tableName]: { Keys, ProjectionExpression: COUNTER_PROJECTION } },
      }),
    );
    return {
      items: result.Responses?.[tableName] ?? [],
      unprocessed: result.UnprocessedKeys?.[tableName]?.Keys,
    };
  }, keys);
}

export function dynamoStatistics(
  client: DynamoDBDocumentClient,
  tables: { statistics: string; dossiers: string },
): StatisticsPort {
  return {
    async counters(filter) {
      const tasks = periodsOf(filter.from, filter.to).flatMap((period) =>
        Array.from({ length: STATISTICS_SHARDS }, (_, shard) => async () => {
          const query = counterQuery(tables.statistics, period, shard, filter);
          const rows: RawItem[] = [];
          let start: QueryCommandOutput['LastEvaluatedKey'];
          do {
            // The low-level command through the document client: items come as DynamoDB sends them.
            const page: QueryCommandOutput = await client.send(
              new QueryCommand({ ...query, ExclusiveStartKey: start }),
            );
            rows.push(...(page.Items ?? []));
            start = page.LastEvaluatedKey;
          } while (start);
          const items = query.IndexName ? await counterItems(client, tables.statistics, rows) : rows;
          return items.map((item) => rowOf(item, period.slice(1, 8)));
        }),
      );
      return (await inParallel(tasks, 32)).flat();
    },

    async openDossiers(agency) {
      const items = await queryAll(client, {
        TableName: tables.dossiers,
        IndexName: DOSSIER_INDEX_BY_RECEIVER_OPEN,
        KeyConditionExpression: 'submittedUnit = :a',
        ExpressionAttributeValues: { ':a': agency },
        ProjectionExpression: 'procedureCode, acceptedAt, openDue',
      });
      return items.map((item) => {
        const due = String(item.openDue).split('#')[0]!;
        return {
          procedure: String(item.procedureCode),
          // The root stores times as epoch milliseconds (shared/dossier/repository.ts).
          acceptedAt:
            typeof item.acceptedAt === 'number'
              ? new Date(item.acceptedAt).toISOString()
              : String(item.acceptedAt),
          dueAt: due === NO_DUE_DATE ? null : due,
        };
      });
    },
  };
}
