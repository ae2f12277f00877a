// npm run bench:lookup — the public lookup (GET /lookup/{code}?verifier=) over 1,000 resolved dossiers: one client's
// p50/p99 and requests per second with 50 clients, next to DynamoDB Local's raw reads of the same items (the code
// index, the code's attempt counter, the dossier with its history) in the same run.
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { appendEvent, type HistoryEvent } from '../shared/domain/dossier/history.js';
import { initialState, type Status } from '../shared/domain/dossier/status-machine.js';
import type { DossierRecord } from '../shared/dossier/model.js';
import { codeKey, dynamoDossierRepository } from '../shared/dossier/repository.js';
import { startLocalStack } from '../local/runner.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/emulators.js';
import { machine, median, percentile, writeSection } from './report.js';

const DOSSIERS = Number(process.env.BENCH_DOSSIERS ?? 1000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const CLIENTS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const AGENCY = '000.01.00.H56';
const PHONE = '0912345678';

/** The machine's load when the run starts: on a shared machine latency follows from it more than from the code. */
const loadAtStart = loadavg()[0]!.toFixed(1);
const stack = await startLocalStack({ inMemory: true, ports: { api: 0, dynamodb: 0, s3: 0, sqs: 0 } });
const TableName = stack.resources.env.TABLE_DOSSIERS!;
const raw = new DynamoDBClient({
  region: LOCAL_REGION,
  credentials: LOCAL_CREDENTIALS,
  endpoint: stack.endpoints.dynamodb,
  // 50 clients with two reads in flight each: more sockets than the SDK's default 50, so raw reads never queue.
  requestHandler: { httpAgent: { keepAlive: true, maxSockets: 256 } },
});
const documents = DynamoDBDocumentClient.from(raw);
const dossiers = dynamoDossierRepository(documents, TableName);
const now = Date.now();
const codeOf = (i: number) => `${AGENCY}-261201-${String(i + 1).padStart(4, '0')}`;

/** A resolved birth registration with the six events of its life cycle. */
function resolvedDossier(i: number): { dossier: DossierRecord; events: HistoryEvent[] } {
  const id = randomUUID();
  const at = now - 86_400_000;
  const system = { id: 'system', role: 'system' as const };
  const steps: [string, Status, Status, string?][] = [
    ['created', 'draft', 'draft'],
    ['submit', 'draft', 'submitted'],
    ['intake-checked', 'submitted', 'submitted'],
    ['accept', 'submitted', 'accepted', `due=${new Date(at + 86_400_000).toISOString()}`],
    ['start-processing', 'accepted', 'processing', `step=tiep-nhan agency=${AGENCY}`],
    ['resolve', 'processing', 'resolved'],
  ];
  const events: HistoryEvent[] = [];
  steps.forEach(([action, from, to, note], n) =>
    events.push(
      appendEvent(events, id, {
        action: action as HistoryEvent['action'],
        actor: system,
        at: at + n * 60_000,
        from,
        to,
        ...(note ? { note } : {}),
      }),
    ),
  );
  const iso = new Date(at).toISOString();
  const dossier: DossierRecord = {
    id,
    code: codeOf(i),
    procedureCode: '1.001193',
    procedureName: 'Đăng ký khai sinh',
    receivingUnit: AGENCY,
    applicantId: `bench-${i}`,
    applicant: { fullName: 'Nguyễn Thị Bình', citizenId: '079203001234', phone: PHONE, address: '12 Lê Lợi' },
    form: {},
    channels: ['sms'],
    language: 'vi',
    state: { ...initialState, status: 'resolved', dueAt: at + 86_400_000 },
    status: 'resolved',
    createdAt: iso,
    updatedAt: iso,
    submittedAt: iso,
    acceptedAt: iso,
    resolvedAt: iso,
    version: 1,
    historyLength: events.length,
    lastHash: events.at(-1)!.hash,
    pendingStage: null,
    handedIn: [],
    step: { id: 'tiep-nhan', name: 'Tiếp nhận', agency: AGENCY, startedAt: iso, dueAt: iso },
    agencies: [AGENCY],
  };
  return { dossier, events };
}

console.log(`Seeding ${DOSSIERS} resolved dossiers…`);
const seeded: { id: string; code: string }[] = [];
for (let i = 0; i < DOSSIERS; i += 50)
  await Promise.all(
    Array.from({ length: Math.min(50, DOSSIERS - i) }, async (_, j) => {
      const { dossier, events } = resolvedDossier(i + j);
      await dossiers.create(dossier, events);
      // What the submission's transaction writes beside the code counter: the code's item.
      await documents.send(
        new PutCommand({ TableName, Item: { ...codeKey(dossier.code!), dossierId: dossier.id } }),
      );
      seeded.push({ id: dossier.id, code: dossier.code! });
    }),
  );

let next = 0;
const pick = () => seeded[(next = (next + 7919) % seeded.length)]!;

const viaApi = async () => {
  const { code } = pick();
  const response = await fetch(`${stack.url}/lookup/${code}?verifier=${PHONE.slice(-4)}`);
  if (response.status !== 200) throw new Error(`lookup → ${response.status}: ${await response.text()}`);
  const view = (await response.json()) as { code: string; timeline: unknown[] };
  if (view.code !== code || view.timeline.length !== 4) throw new Error(`unexpected answer for ${code}`);
};
/** The same items read directly: the index and the counter together, then the dossier with its history. */
const viaRaw = async () => {
  const { id, code } = pick();
  const [found] = await Promise.all([
    raw.send(
      new GetItemCommand({
        TableName,
        Key: { pk: { S: `CODE#${code}` }, sk: { S: '#' } },
        ConsistentRead: true,
      }),
    ),
    raw.send(
      new GetItemCommand({
        TableName,
        Key: { pk: { S: `ATTEMPTS#code#${code}` }, sk: { S: '#' } },
        ConsistentRead: true,
      }),
    ),
  ]);
  if (found.Item?.dossierId?.S !== id) throw new Error(`code item miss for ${code}`);
  // The dossier's root and parts, which sort first in its partition, and its history, after the memberships and
  // documents: one Query, as the function reads them.
  await raw.send(
    new QueryCommand({
      TableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :root AND :last',
      ExpressionAttributeValues: {
        ':pk': { S: `DOSSIER#${id}` },
        ':root': { S: '#' },
        ':last': { S: 'EVENT#~' },
      },
      ConsistentRead: true,
    }),
  );
};

async function timed(run: () => Promise<void>, count = SAMPLES): Promise<number[]> {
  for (let i = 0; i < 30; i += 1) await run();
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
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

// Alternated, so that neither side has the machine to itself for its whole series.
const api: number[] = [];
const direct: number[] = [];
for (let round = 0; round < 3; round += 1) {
  api.push(...(await timed(viaApi)));
  direct.push(...(await timed(viaRaw)));
}
// A wrong verifier and a code nobody has must not be told apart by time: each series once over distinct codes, so
// no code comes near its lockout (the right-verifier series above and below stay unaffected).
let wrongNext = 0;
const wrongVerifier = async () => {
  const { code } = seeded[(wrongNext += 1) % seeded.length]!;
  const response = await fetch(`${stack.url}/lookup/${code}?verifier=0000`);
  if (response.status !== 404) throw new Error(`wrong verifier → ${response.status}`);
  await response.text();
};
let unknownNext = 0;
const wrongCode = async () => {
  const code = `000.00.09.H56-200101-${String((unknownNext += 1) % 9999 || 1).padStart(4, '0')}`;
  const response = await fetch(`${stack.url}/lookup/${code}?verifier=${PHONE.slice(-4)}`);
  if (response.status !== 404) throw new Error(`wrong code → ${response.status}`);
  await response.text();
};
const wrongVerifierTimes: number[] = [];
const wrongCodeTimes: number[] = [];
for (let round = 0; round < 2; round += 1) {
  wrongVerifierTimes.push(...(await timed(wrongVerifier, 100)));
  wrongCodeTimes.push(...(await timed(wrongCode, 100)));
}
const apiRate = await throughput(viaApi);
const rawRate = await throughput(viaRaw);
await stack.stop();

const difference = median(api) - median(direct);
const share = (apiRate / rawRate) * 100;
const body = `## Public lookup (\`npm run bench:lookup\`)

${machine()}, ${cpus().length} CPUs, load average ${loadAtStart} at the start. ${DOSSIERS} resolved dossiers (six history events each); \`GET /lookup/{code}?verifier=<last 4
digits>\` without a token, each answer checked (its code, four timeline entries), next to DynamoDB Local's raw reads of
the same items as the function makes them: the code's item and its attempt counter together (GetItem each), then the
dossier's root with its applicant and papers items and its history (one Query over its partition up to the events). ${SAMPLES * 3} samples each, in three alternating series after
30 warm-up requests each.

| | p50 | p99 |
| --- | --- | --- |
| API, one client | ${median(api).toFixed(1)} ms | ${percentile(api, 99).toFixed(1)} ms |
| raw reads, one client | ${median(direct).toFixed(1)} ms | ${percentile(direct, 99).toFixed(1)} ms |
| wrong verifier (404), one client | ${median(wrongVerifierTimes).toFixed(1)} ms | ${percentile(wrongVerifierTimes, 99).toFixed(1)} ms |
| code nobody has (404), one client | ${median(wrongCodeTimes).toFixed(1)} ms | ${percentile(wrongCodeTimes, 99).toFixed(1)} ms |

Both 404s do the same reads and write (the code's counter); their p50s differ by
${Math.abs(median(wrongVerifierTimes) - median(wrongCodeTimes)).toFixed(1)} ms (${wrongVerifierTimes.length} samples each, over distinct codes).

One client: API p50 − raw p50 = ${difference.toFixed(1)} ms (target ≤ 3 ms: ${difference <= 3 ? 'met' : 'missed'}).
With ${CLIENTS} clients for ${SECONDS} s: API ${apiRate.toFixed(0)} requests/s, raw reads ${rawRate.toFixed(0)} lookups/s:
${share.toFixed(0)}% of raw (target ≥ 50%: ${share >= 50 ? 'met' : 'missed'}).
`;
writeSection('lookup', body);
console.log(body);
