// npm run bench:inbox — an agency's inbox with 10,000 open dossiers: one client's p50/p99 per list (default,
// overdue, due before a date, one procedure) next to DynamoDB Local's raw Query for the same page on the same index,
// and requests per second with 50 clients next to 50 raw queriers, in the same run.
import { randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { initialState } from '../shared/domain/dossier/status-machine.js';
import type { DossierRecord } from '../shared/dossier/model.js';
import { dynamoDossierRepository } from '../shared/dossier/repository.js';
import { startLocalStack } from '../local/runner.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/emulators.js';
import { machine, median, percentile, writeSection } from './report.js';

const OPEN = Number(process.env.BENCH_OPEN ?? 10_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const CLIENTS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const AGENCY = '000.00.02.H56';
const PROCEDURES = ['2.000488', '1.002804', '1.004194'];
const DAY = 86_400_000;

const stack = await startLocalStack({ inMemory: true, ports: { api: 0, dynamodb: 0, s3: 0, sqs: 0 } });
const TableName = stack.resources.env.TABLE_DOSSIERS!;
const raw = new DynamoDBClient({
  region: LOCAL_REGION,
  credentials: LOCAL_CREDENTIALS,
  endpoint: stack.endpoints.dynamodb,
});
const dossiers = dynamoDossierRepository(DynamoDBDocumentClient.from(raw), TableName);
const now = Date.now();

/** An open dossier at the agency's step, due somewhere in the 30 days before or after now. */
function openDossier(i: number): DossierRecord {
  const dueAt = now + ((i * 7919) % (60 * DAY)) - 30 * DAY;
  const acceptedAt = new Date(dueAt - 10 * DAY).toISOString();
  return {
    id: randomUUID(),
    code: `${AGENCY}-261201-${String(i % 9999).padStart(4, '0')}`,
    procedureCode: PROCEDURES[i % PROCEDURES.length]!,
    procedureName: 'Cấp Phiếu lý lịch tư pháp',
    receivingUnit: '000.00.01.H56',
    applicantId: `bench-${i}`,
    applicant: {
      fullName: 'Nguyễn Thị Bình',
      citizenId: '079203001234',
      phone: '0912345678',
      address: '12 Lê Lợi',
    },
    form: {},
    channels: ['sms'],
    language: 'vi',
    state: { ...initialState, status: 'processing', dueAt, steps: [{ stepId: 'tra-cuu', agency: AGENCY }] },
    status: 'processing',
    createdAt: acceptedAt,
    updatedAt: acceptedAt,
    submittedAt: acceptedAt,
    acceptedAt,
    version: 1,
    historyLength: 0,
    lastHash: '',
    pendingStage: null,
    handedIn: [],
    step: {
      id: 'tra-cuu',
      name: 'Tra cứu',
      agency: AGENCY,
      startedAt: acceptedAt,
      dueAt: new Date(dueAt).toISOString(),
    },
    agencies: ['000.00.01.H56', AGENCY],
  };
}

console.log(`Seeding ${OPEN} open dossiers at ${AGENCY}…`);
for (let i = 0; i < OPEN; i += 50)
  await Promise.all(Array.from({ length: 50 }, (_, j) => dossiers.create(openDossier(i + j), [])));

const officer = (
  (await (
    await fetch(`${stack.url}/dev/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'officer', subject: 'bench-officer', agency: AGENCY }),
    })
  ).json()) as { token: string }
).token;

const nowIso = new Date(now).toISOString();
const dueBefore = new Date(now + 7 * DAY).toISOString().slice(0, 10);
const dueBeforeIso = new Date(Date.parse(`${dueBefore}T00:00:00+07:00`)).toISOString();
const LISTS = [
  {
    name: 'default (by due date)',
    query: '',
    index: 'byAgencyDue',
    pk: ['inboxAgency', AGENCY],
    before: undefined,
  },
  {
    name: 'overdue',
    query: '&overdue=true',
    index: 'byAgencyDue',
    pk: ['inboxAgency', AGENCY],
    before: nowIso,
  },
  {
    name: `due before ${dueBefore}`,
    query: `&dueBefore=${dueBefore}`,
    index: 'byAgencyDue',
    pk: ['inboxAgency', AGENCY],
    before: dueBeforeIso,
  },
  {
    name: 'one procedure',
    query: `&procedure=${PROCEDURES[0]}`,
    index: 'byAgencyProcedure',
    pk: ['inboxProcedure', `${AGENCY}#${PROCEDURES[0]}`],
    before: undefined,
  },
] as const;

const viaApi = async (query: string) => {
  const response = await fetch(`${stack.url}/agency/dossiers?pageSize=20${query}`, {
    headers: { authorization: `Bearer ${officer}` },
  });
  if (response.status !== 200) throw new Error(`inbox → ${response.status}: ${await response.text()}`);
  const page = (await response.json()) as { items: unknown[] };
  if (page.items.length !== 20) throw new Error(`short page: ${page.items.length}`);
};
const viaRaw = async (list: (typeof LISTS)[number]) => {
  await raw.send(
    new QueryCommand({
      TableName,
      IndexName: list.index,
      KeyConditionExpression: `#p = :p${list.before ? ' AND #s < :b' : ''}`,
      ExpressionAttributeNames: { '#p': list.pk[0], ...(list.before ? { '#s': 'inboxDue' } : {}) },
      ExpressionAttributeValues: {
        ':p': { S: list.pk[1] },
        ...(list.before ? { ':b': { S: list.before } } : {}),
      },
      Limit: 21,
    }),
  );
};

async function timed(run: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < 20; i += 1) await run();
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return samples;
}

async function throughput(run: () => Promise<void>): Promise<number> {
  let done = 0;
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < until) {
        await run();
        done += 1;
      }
    }),
  );
  return done / SECONDS;
}

const loadBefore = loadavg()[0]!;
const rows: string[] = [];
for (const list of LISTS) {
  const api = await timed(() => viaApi(list.query));
  const direct = await timed(() => viaRaw(list));
  rows.push(
    `| ${list.name} | ${median(api).toFixed(1)} / ${percentile(api, 99).toFixed(1)} ms | ${median(direct).toFixed(1)} / ${percentile(direct, 99).toFixed(1)} ms | ${(median(api) - median(direct)).toFixed(1)} ms |`,
  );
}
const apiRate = await throughput(() => viaApi(''));
const rawRate = await throughput(() => viaRaw(LISTS[0]));
await stack.stop();

const body = `## Agency inbox (\`npm run bench:inbox\`)

${machine()}. ${OPEN} open dossiers at one agency (due dates spread over 30 days before and after now, three
procedures), pages of 20 over HTTP with an officer's token, next to DynamoDB Local's Query for the same page on the
same index (Limit 21, as the API reads one more to know whether more follow), in the same run; ${SAMPLES} samples each
after 20 warm-up requests. Every API page was checked to be full (20 items).

| list | API p50 / p99 | raw Query p50 / p99 | API p50 − raw p50 (target ≤ 5 ms) |
| --- | --- | --- | --- |
${rows.join('\n')}

With ${CLIENTS} clients for ${SECONDS} s: API ${apiRate.toFixed(0)} requests/s, raw Query ${rawRate.toFixed(0)} queries/s:
${((apiRate / rawRate) * 100).toFixed(0)}% of raw (target ≥ 50%).

The inbox indexes project the listed fields and the applicant's name only (\`INBOX_PROJECTION\`, README: Dossier
storage): a page is one Query of the index, with no read of the dossiers after it. Machine load while measuring: load
average ${loadBefore.toFixed(1)} before and ${loadavg()[0]!.toFixed(1)} after, on ${availableParallelism()} CPUs shared with other work;
both sides of each comparison ran on it at the same time, but the margins move by a few milliseconds between runs.
`;
writeSection('inbox', body);
console.log(body);
