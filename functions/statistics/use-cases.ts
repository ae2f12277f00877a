// The published on-time statistics: stored counters summed over shards and periods, open dossiers counted now.
import type { CatalogRepository } from '../../shared/catalog/repository.js';
import {
  addCounts,
  figuresOf,
  localDay,
  zeroCounts,
  type Counts,
} from '../../shared/domain/dossier/on-time.js';
import { fromDayNumber, toDayNumber } from '../../shared/domain/calendar/local-date.js';
import type { OpenDossier, StatisticsPort } from '../../shared/dossier/statistics.js';
import { MAX_RANGE_DAYS, type GroupBy, type OnTimeQuery, type OnTimeReport } from './contract.js';

export interface StatisticsDeps {
  statistics: StatisticsPort;
  catalog: Pick<CatalogRepository, 'listAgencies' | 'getProcedure'>;
  now: () => number;
}

/** Missing ends of the period: up to today, from the first of January of the year it ends in (a year at most). */
export function periodOf(query: { from?: string; to?: string }, now: number): { from: string; to: string } {
  const today = localDay(now);
  if (query.from && query.to) return { from: query.from, to: query.to };
  if (query.from) {
    const yearOn = fromDayNumber(toDayNumber(query.from) + MAX_RANGE_DAYS - 1);
    const to = yearOn < today ? yearOn : today;
    return { from: query.from, to: to < query.from ? query.from : to };
  }
  const to = query.to ?? today;
  return { from: `${to.slice(0, 4)}-01-01`, to };
}

const monthName = (month: string) => `Tháng ${Number(month.slice(5, 7))}/${month.slice(0, 4)}`;

interface Group {
  counts: Counts;
  open: { inTime: number; overdue: number };
}

export async function onTimeStatistics(deps: StatisticsDeps, query: OnTimeQuery): Promise<OnTimeReport> {
  const now = deps.now();
  const { from, to } = periodOf(query, now);
  const filter = {
    from,
    to,
    ...(query.agency ? { agency: query.agency } : {}),
    ...(query.procedure ? { procedure: query.procedure } : {}),
  };
  const agencies = await deps.catalog.listAgencies();
  const units = query.agency ? [query.agency] : agencies.map((agency) => agency.code);
  const [rows, open] = await Promise.all([
    deps.statistics.counters(filter),
    Promise.all(
      units.map(async (agency) =>
        (await deps.statistics.openDossiers(agency)).map((dossier) => ({ agency, ...dossier })),
      ),
    ),
  ]);
  const groups = new Map<string, Group>();
  const groupOf = (key: string) => {
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { counts: zeroCounts(), open: { inTime: 0, overdue: 0 } }));
    return group;
  };
  const keyOf: Record<GroupBy, (row: { agency: string; procedure: string; month: string }) => string> = {
    agency: (row) => row.agency,
    procedure: (row) => row.procedure,
    month: (row) => row.month,
  };
  const total = zeroCounts();
  for (const row of rows) {
    addCounts(groupOf(keyOf[query.groupBy](row)).counts, row.counts);
    addCounts(total, row.counts);
  }
  const totalOpen = { inTime: 0, overdue: 0 };
  const counted = (dossier: OpenDossier & { agency: string }) => {
    const day = localDay(Date.parse(dossier.acceptedAt));
    return day >= from && day <= to && (!query.procedure || dossier.procedure === query.procedure);
  };
  for (const dossier of open.flat().filter(counted)) {
    const overdue = dossier.dueAt !== null && Date.parse(dossier.dueAt) < now;
    const key = keyOf[query.groupBy]({
      agency: dossier.agency,
      procedure: dossier.procedure,
      month: localDay(Date.parse(dossier.acceptedAt)).slice(0, 7),
    });
    const group = groupOf(key);
    group.open[overdue ? 'overdue' : 'inTime'] += 1;
    totalOpen[overdue ? 'overdue' : 'inTime'] += 1;
  }
  const agencyNames = new Map(agencies.map((agency) => [agency.code, agency.name]));
  const keys = [...groups.keys()].sort();
  const procedureNames = new Map(
    query.groupBy === 'procedure'
      ? await Promise.all(
          keys.map(async (code) => [code, (await deps.catalog.getProcedure(code))?.name ?? code] as const),
        )
      : [],
  );
  const nameOf: Record<GroupBy, (key: string) => string> = {
    agency: (key) => agencyNames.get(key) ?? key,
    procedure: (key) => procedureNames.get(key) ?? key,
    month: monthName,
  };
  return {
    from,
    to,
    groupBy: query.groupBy,
    asOf: new Date(now).toISOString(),
    total: figuresOf(total, totalOpen),
    groups: keys.map((key) => ({
      key,
      name: nameOf[query.groupBy](key),
      ...figuresOf(groups.get(key)!.counts, groups.get(key)!.open),
    })),
  };
}
