// Recomputes the on-time counters from the dossiers' event histories and compares them with the live ones. Dossiers
// are found by the index of submitted dossiers per receiving unit, their histories by key: nothing scans.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../aws/query-all.js';
import {
  addCounts,
  COUNTER_NAMES,
  historyCounterChanges,
  zeroCounts,
  type CounterName,
  type Counts,
} from '../domain/dossier/on-time.js';
import {
  dayPeriod,
  DOSSIER_INDEX_BY_RECEIVER_SUBMITTED,
  dynamoStatistics,
  inParallel,
  monthPeriod,
  periodsOf,
  type CounterRow,
} from './statistics.js';
import { dynamoDossierRepository } from './repository.js';

export interface CounterDifference {
  /** `D2026-12-01` or `M2026-12`. */
  period: string;
  agency: string;
  procedure: string;
  counter: CounterName;
  rebuilt: number;
  live: number;
}

type Totals = Map<string, Counts>;

const keyOf = (period: string, agency: string, procedure: string) => `${period}|${agency}|${procedure}`;

function add(totals: Totals, key: string, deltas: Partial<Counts>) {
  const counts = totals.get(key) ?? zeroCounts();
  addCounts(counts, deltas);
  totals.set(key, counts);
}

/** Counters per day and per month, replayed from every history event of the units' dossiers. */
export async function rebuiltCounters(
  client: DynamoDBDocumentClient,
  dossiersTable: string,
  units: readonly string[],
): Promise<Totals> {
  const totals: Totals = new Map();
  for (const unit of units) {
    const submitted = await queryAll(client, {
      TableName: dossiersTable,
      IndexName: DOSSIER_INDEX_BY_RECEIVER_SUBMITTED,
      KeyConditionExpression: 'submittedUnit = :u',
      ExpressionAttributeValues: { ':u': unit },
    });
    // The index holds keys only: each dossier is read whole (root, parts and history) in one Query of its partition.
    const dossiers = dynamoDossierRepository(client, dossiersTable, () => {
      throw new Error('A rebuild writes no dossier');
    });
    await inParallel(
      submitted.map((item) => async () => {
        const record = await dossiers.getForStaff(String(item.pk).slice('DOSSIER#'.length));
        if (!record) return;
        const { dossier, history: events } = record;
        // Replayed against the dossier as it is now (its procedure never changes, nor does the original due date once
        // resolved, nor a rating once given), each event under the unit that received the dossier then: a merge
        // moves a dossier's later counters to the new unit and leaves its earlier ones to the old.
        for (const change of historyCounterChanges(dossier, events)) {
          add(totals, keyOf(dayPeriod(change.day), change.agency, change.procedure), change.deltas);
          add(
            totals,
            keyOf(monthPeriod(change.day.slice(0, 7)), change.agency, change.procedure),
            change.deltas,
          );
        }
      }),
      16,
    );
  }
  return totals;
}

/** Every local day from `from` to `to`, both included. */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += 86_400_000)
    days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}

/** Months wholly within the range, with their first and last days. */
const wholeMonths = (from: string, to: string) =>
  periodsOf(from, to)
    .filter((period) => period.startsWith('M'))
    .map((period) => {
      const month = period.slice(1);
      const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
      return { period, first: `${month}-01`, last: `${month}-${String(last).padStart(2, '0')}` };
    });

/** The live counters of every day of the range and of every month wholly in it, shards summed. */
export async function liveCounters(
  client: DynamoDBDocumentClient,
  tables: { statistics: string; dossiers: string },
  from: string,
  to: string,
): Promise<Totals> {
  const statistics = dynamoStatistics(client, tables);
  const totals: Totals = new Map();
  const record = (period: string, row: CounterRow) =>
    add(totals, keyOf(period, row.agency, row.procedure), row.counts);
  const daily = await inParallel(
    daysOf(from, to).map((day) => async () => ({
      day,
      rows: await statistics.counters({ from: day, to: day }),
    })),
    8,
  );
  for (const { day, rows } of daily) for (const row of rows) record(dayPeriod(day), row);
  for (const month of wholeMonths(from, to))
    for (const row of await statistics.counters({ from: month.first, to: month.last }))
      record(month.period, row);
  return totals;
}

/** Every counter that differs, restricted to the periods of the range (days in it, and months wholly in it). */
export function differences(rebuilt: Totals, live: Totals, from: string, to: string): CounterDifference[] {
  const inRange = new Set([
    ...daysOf(from, to).map(dayPeriod),
    ...wholeMonths(from, to).map((m) => m.period),
  ]);
  const found: CounterDifference[] = [];
  for (const key of new Set([...rebuilt.keys(), ...live.keys()])) {
    const [period, agency, procedure] = key.split('|') as [string, string, string];
    if (!inRange.has(period)) continue;
    const a = rebuilt.get(key) ?? zeroCounts();
    const b = live.get(key) ?? zeroCounts();
    for (const counter of COUNTER_NAMES)
      if (a[counter] !== b[counter])
        found.push({ period, agency, procedure, counter, rebuilt: a[counter], live: b[counter] });
  }
  return found.sort((x, y) => x.period.localeCompare(y.period) || x.agency.localeCompare(y.agency));
}
