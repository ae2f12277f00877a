// npm run bench:stats — a year of on-time counters for 50 agencies × 100 procedures: GET /stats/on-time for the year
// grouped by agency, next to DynamoDB Local's raw Queries reading the same items (the twelve months' roll-ups in
// every shard), in the same run.
import { loadavg } from 'node:os';
import { DynamoDBClient, QueryCommand, type QueryCommandOutput } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { COUNTER_NAMES } from '../shared/domain/dossier/on-time.js';
import {
  COUNTER_PROJECTION,
  inParallel,
  monthPeriod,
  STATISTICS_SHARDS,
} from '../shared/dossier/statistics.js';
import { startLocalStack } from '../local/runner.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/emulators.js';
import { machine, median, percentile, writeSection } from './report.js';

const AGENCIES = Number(process.env.BENCH_AGENCIES ?? 50);
const PROCEDURES = Number(process.env.BENCH_PROCEDURES ?? 100);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 10);
const YEAR = '2025';
/** The reads in flight at once, the same for the API's use case and the raw reader. */
const PARALLEL = 32;

const stack = await startLocalStack({ inMemory: true, ports: { api: 0, dynamodb: 0, s3: 0, sqs: 0 } });
const TableName = stack.resources.env.TABLE_STATISTICS!;
const raw = new DynamoDBClient({
  region: LOCAL_REGION,
  credentials: LOCAL_CREDENTIALS,
  endpoint: stack.endpoints.dynamodb,
});
const documents = DynamoDBDocumentClient.from(raw);

const agency = (a: number) => `000.${String(a).padStart(2, '0')}.99.H56`;
const procedure = (p: number) => `1.${String(100_000 + p).padStart(6, '0')}`;
const months = Array.from({ length: 12 }, (_, m) => `${YEAR}-${String(m + 1).padStart(2, '0')}`);

/** One month's roll-up of one (agency, procedure), in one shard, as counterUpdates writes it. */
function monthItem(a: number, p: number, month: string, i: number) {
  const shard = i % STATISTICS_SHARDS;
  const period = monthPeriod(month);
  const counts = Object.fromEntries(COUNTER_NAMES.map((name, n) => [name, ((i + n) % 7) + 1]));
  return {
    pk: `${period}#${shard}`,
    sk: `${agency(a)}#${procedure(p)}`,
    agency: agency(a),
    procedure: procedure(p),
    period,
    procedureKey: `${procedure(p)}#${period}#${shard}`,
    ...counts,
  };
}

const items = months.flatMap((month, m) =>
  Array.from({ length: AGENCIES * PROCEDURES }, (_, i) =>
    monthItem(Math.floor(i / PROCEDURES), i % PROCEDURES, month, i * 13 + m * 7),
  ),
);
console.log(`Seeding ${items.length} month counters (${AGENCIES} agencies × ${PROCEDURES} procedures × 12)…`);
const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, b) =>
  items.slice(b * 25, b * 25 + 25),
);
await inParallel(
  batches.map((batch) => async () => {
    let pending: Record<string, unknown>[] | undefined = batch.map((Item) => ({ PutRequest: { Item } }));
    while (pending && pending.length > 0) {
      const written = await documents.send(new BatchWriteCommand({ RequestItems: { [TableName]: pending } }));
      pending = written.UnprocessedItems?.[TableName] as Record<string, unknown>[] | undefined;
    }
  }),
  16,
);

const url = `${stack.url}/stats/on-time?from=${YEAR}-01-01&to=${YEAR}-12-31&groupBy=agency`;
const viaApi = async () => {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`stats → ${response.status}: ${await response.text()}`);
  const report = (await response.json()) as { groups: unknown[]; total: { received: number } };
  if (report.groups.length !== AGENCIES) throw new Error(`${report.groups.length} groups, not ${AGENCIES}`);
};
/** Every item the year's answer sums: each month's partition in each shard, page by page. */
const viaRaw = async () => {
  let read = 0;
  await inParallel(
    months.flatMap((month) =>
      Array.from({ length: STATISTICS_SHARDS }, (_, shard) => async () => {
        let start: QueryCommandOutput['LastEvaluatedKey'];
        do {
          const page: QueryCommandOutput = await raw.send(
            new QueryCommand({
              TableName,
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': { S: `${monthPeriod(month)}#${shard}` } },
              ProjectionExpression: COUNTER_PROJECTION,
              ExclusiveStartKey: start,
            }),
          );
          read += page.Count ?? 0;
          start = page.LastEvaluatedKey;
        } while (start);
      }),
    ),
    PARALLEL,
  );
  if (read !== items.length) throw new Error(`read ${read} items, not ${items.length}`);
};

async function timedOnce(run: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

for (let i = 0; i < 2; i += 1) {
  console.log(
    `warm-up: raw ${(await timedOnce(viaRaw)).toFixed(0)} ms, API ${(await timedOnce(viaApi)).toFixed(0)} ms`,
  );
}
// Alternated, so a slower moment of a shared machine falls on both.
const api: number[] = [];
const direct: number[] = [];
for (let i = 0; i < SAMPLES; i += 1) {
  api.push(await timedOnce(viaApi));
  direct.push(await timedOnce(viaRaw));
}
await stack.stop();

const ratio = median(api) / median(direct);
const [load] = loadavg();
const body = `## On-time statistics (\`npm run bench:stats\`)

${machine()}. A year (${YEAR}) of counters for ${AGENCIES} agencies × ${PROCEDURES} procedures: ${items.length} month
roll-ups spread over the ${STATISTICS_SHARDS} shards of each month (a whole month is read from its roll-up, so the year's
answer reads these and no day counter; day counters are written beside them by every transition but a year of them,
${AGENCIES * PROCEDURES * 365} items, is not seeded). \`GET /stats/on-time?from=${YEAR}-01-01&to=${YEAR}-12-31&groupBy=agency\` over
HTTP (Queries of the ${12 * STATISTICS_SHARDS} partitions, ${PARALLEL} at a time, shards and months summed per agency; open
dossiers counted by index for each catalog agency) next to raw DynamoDB Local Queries reading the same
${items.length} items and attributes (the same projection: key and counters) with the same parallelism (no sums), alternating, ${SAMPLES} samples each after
2 warm-up runs.

| read | p50 | p90 |
| --- | --- | --- |
| API, grouped by agency | ${median(api).toFixed(0)} ms | ${percentile(api, 90).toFixed(0)} ms |
| raw Queries of the same items | ${median(direct).toFixed(0)} ms | ${percentile(direct, 90).toFixed(0)} ms |

API p50 ÷ raw p50: ${ratio.toFixed(2)}× (target ≤ 1.5×). Load average at the end of the run: ${load!.toFixed(1)} (the machine is shared:
absolute times vary with it, the ratio much less, since the two reads alternate).
`;
writeSection('stats', body);
console.log(body);
