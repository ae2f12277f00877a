// npm run bench:events — outbound events from transitions to a local receiver: N dossiers resolved at once (each
// commit writes its outbox entry (in its ledger entry) and hands it to the events queue, as the functions do), the consumer fans out and
// POSTs each signed CloudEvent. Events per second and the added latency (commit → receiver), next to a bare HTTP
// POST loop of the same bodies to the same receiver in the same run.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { appendEvent, type HistoryEvent } from '../shared/domain/dossier/history.js';
import { initialState, type Status } from '../shared/domain/dossier/status-machine.js';
import type { DossierRecord } from '../shared/dossier/model.js';
import { dynamoDossierRepository } from '../shared/dossier/repository.js';
import { dynamoSubscriptionStore } from '../shared/events/store.js';
import { handingOffEvents } from '../shared/events/hand-off.js';
import { sqsPipeline } from '../shared/dossier/pipeline.js';
import { resourceEnv } from '../shared/resource-env.js';
import { startLocalStack } from '../local/runner.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/emulators.js';
import { machine, median, percentile, writeSection } from './report.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 500);
const AGENCY = '000.01.00.H56';

const loadAtStart = loadavg()[0]!.toFixed(1);
const arrivals = new Map<string, number>();
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const at = performance.now();
    // The bare loop's bodies are only answered; the events' arrivals are kept by dossier code.
    if (!request.headers['x-bare']) {
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { subject: string };
      arrivals.set(event.subject, at);
    }
    response.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

const stack = await startLocalStack({ inMemory: true, ports: { api: 0, dynamodb: 0, s3: 0, sqs: 0 } });
const raw = new DynamoDBClient({
  region: LOCAL_REGION,
  credentials: LOCAL_CREDENTIALS,
  endpoint: stack.endpoints.dynamodb,
  requestHandler: { httpAgent: { keepAlive: true, maxSockets: 256 } },
});
const documents = DynamoDBDocumentClient.from(raw);
const env = stack.resources.env;
const sqs = new SQSClient({
  region: LOCAL_REGION,
  credentials: LOCAL_CREDENTIALS,
  endpoint: stack.endpoints.sqs,
});
const dossiers = handingOffEvents(
  dynamoDossierRepository(documents, env.TABLE_DOSSIERS!, () => env.TABLE_STATISTICS!),
  sqsPipeline(sqs, (queue) => env[resourceEnv.queueUrl(queue)]!).toEvents,
);
const subscriptions = dynamoSubscriptionStore(documents, env.TABLE_SUBSCRIPTIONS!, () => env.TABLE_CATALOG!);
const secret = `whsec_${Buffer.from(randomUUID()).toString('base64')}`;
const subscriptionId = randomUUID();
const now = Date.now();
await subscriptions.create(
  {
    id: subscriptionId,
    url: receiverUrl,
    eventTypes: ['vn.gov.motcua.dossier.resolve'],
    description: 'bench',
    createdAt: new Date(now).toISOString(),
    secret,
  },
  {
    id: randomUUID(),
    at: new Date(now).toISOString(),
    actor: { subject: 'bench' },
    action: 'subscription.create',
    target: { kind: 'subscription', code: subscriptionId },
    before: null,
    after: null,
  },
);

const codeOf = (i: number) => `${AGENCY}-261201-${String(i + 1).padStart(4, '0')}`;

/** A birth registration at its processing step, with the history that led there. */
function processingDossier(i: number): { dossier: DossierRecord; events: HistoryEvent[] } {
  const id = randomUUID();
  const at = now - 86_400_000;
  const system = { id: 'system', role: 'system' as const };
  const steps: [string, Status, Status][] = [
    ['created', 'draft', 'draft'],
    ['submit', 'draft', 'submitted'],
    ['accept', 'submitted', 'accepted'],
    ['start-processing', 'accepted', 'processing'],
  ];
  const events: HistoryEvent[] = [];
  steps.forEach(([action, from, to], n) =>
    events.push(
      appendEvent(events, id, {
        action: action as HistoryEvent['action'],
        actor: system,
        at: at + n * 60_000,
        from,
        to,
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
    applicant: { fullName: 'Nguyễn Thị Bình', citizenId: '079203001234', phone: '0912345678', address: 'x' },
    form: {},
    channels: ['sms'],
    language: 'vi',
    state: {
      ...initialState,
      status: 'processing',
      steps: [{ stepId: 'tiep-nhan', agency: AGENCY }],
      dueAt: at + 5 * 86_400_000,
    },
    status: 'processing',
    createdAt: iso,
    updatedAt: iso,
    submittedAt: iso,
    acceptedAt: iso,
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

console.log(`Seeding ${EVENTS} dossiers at their processing step…`);
const seeded: { dossier: DossierRecord; events: HistoryEvent[] }[] = [];
for (let i = 0; i < EVENTS; i += 50)
  await Promise.all(
    Array.from({ length: Math.min(50, EVENTS - i) }, async (_, j) => {
      const one = processingDossier(i + j);
      await dossiers.create(one.dossier, one.events);
      seeded.push(one);
    }),
  );

console.log('Resolving them (each commit writes its outbox entry and hands it off)…');
const committedAt = new Map<string, number>();
const commitStart = performance.now();
for (let i = 0; i < seeded.length; i += 50)
  await Promise.all(
    seeded.slice(i, i + 50).map(async ({ dossier, events }) => {
      const at = Date.now();
      const event = appendEvent(events, dossier.id, {
        action: 'resolve',
        actor: { id: 'officer', role: 'officer', agency: AGENCY },
        at,
        from: 'processing',
        to: 'resolved',
      });
      const resolved: DossierRecord = {
        ...dossier,
        status: 'resolved',
        state: { ...dossier.state, status: 'resolved' },
        updatedAt: new Date(at).toISOString(),
        resolvedAt: new Date(at).toISOString(),
        version: dossier.version + 1,
        historyLength: event.seq,
        lastHash: event.hash,
      };
      await dossiers.commit(resolved, dossier.version, [event]);
      committedAt.set(dossier.code!, performance.now());
    }),
  );
const commitSeconds = (performance.now() - commitStart) / 1000;

const deadline = Date.now() + 120_000;
while (arrivals.size < EVENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
if (arrivals.size < EVENTS) throw new Error(`only ${arrivals.size} of ${EVENTS} events arrived`);
const lastArrival = Math.max(...arrivals.values());
const fromCommit = [...arrivals].map(([code, at]) => at - committedAt.get(code)!);
const deliverySeconds = (lastArrival - commitStart) / 1000;

console.log('A bare POST loop of the same bodies to the same receiver…');
const body = JSON.stringify({ specversion: '1.0', subject: codeOf(0), data: { padding: 'x'.repeat(600) } });
const bare: number[] = [];
const bareStart = performance.now();
const CONCURRENCY = 10;
let sent = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (sent < EVENTS) {
      sent += 1;
      const start = performance.now();
      const response = await fetch(receiverUrl, { method: 'POST', headers: { 'x-bare': '1' }, body });
      await response.arrayBuffer();
      bare.push(performance.now() - start);
    }
  }),
);
const bareSeconds = (performance.now() - bareStart) / 1000;

await stack.stop();
receiver.close();

const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const report = `## Outbound events (\`npm run bench:events\`)

${machine()}; load average ${loadAtStart} at the start. ${EVENTS} dossiers resolved at once (50 commits in flight), one
subscription to \`vn.gov.motcua.dossier.resolve\`, a local node:http receiver answering 204.

| | events/s | p50 | p99 |
|---|---|---|---|
| commits (each with its outbox entry, handed off) | ${(EVENTS / commitSeconds).toFixed(0)} | | |
| commit → receiver: queue, fan-out, signing, POST (the consumer's batches of 10) | ${(EVENTS / deliverySeconds).toFixed(0)} | ${ms(median(fromCommit))} | ${ms(percentile(fromCommit, 99))} |
| bare POST loop to the same receiver (10 in flight) | ${(EVENTS / bareSeconds).toFixed(0)} | ${ms(median(bare))} | ${ms(percentile(bare, 99))} |

Events per second on the commit → receiver row count from the first commit to the last arrival. Locally every
function runs in the runner's one process, beside DynamoDB Local and the queue emulator on the same CPUs, so the
commit → receiver figures are those of the whole local stack, not of one consumer. An entry whose hand-off failed
waits for the sweeper (\`STUCK_AFTER_SECONDS\`, then every minute).
`;
writeSection('events', report);
console.log(report);
