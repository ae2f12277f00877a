// npm run bench:pipeline — dossiers per second from create + attachments + submit to the notification outbox, with
// 50 concurrent clients over real HTTP against the local stack, next to DynamoDB Local's raw rate for exactly the
// writes the run made (replayed on replica tables with the same indexes), measured in the same run.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { app } from '../infra/app-definition.js';
import { resourceEnv } from '../infra/app-model.js';
import { consumedCapacity, onWrite, resetCapacity, type RecordedWrite } from '../shared/aws/capacity.js';
import { startLocalStack } from '../local/runner.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/emulators.js';
import { provisionTables } from '../local/provision.js';
import { machine, median, percentile, writeSection } from './report.js';
import { replayWrites } from './replay.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const PER_CLIENT = Number(process.env.BENCH_PER_CLIENT ?? 4);
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

const stack = await startLocalStack({ inMemory: true, ports: { api: 0, dynamodb: 0, s3: 0, sqs: 0 } });
const base = stack.url;

async function json<T>(path: string, init: RequestInit & { token?: string; body?: string } = {}): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    ...init,
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.headers ?? {}),
    },
  });
  if (!response.ok)
    throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? (undefined as T) : ((await response.json()) as T);
}

async function oneDossier(token: string): Promise<{ code: string; started: number; submitted: number }> {
  const started = Date.now();
  const created = await json<{ id: string }>('/dossiers', {
    method: 'POST',
    token,
    headers: { 'idempotency-key': randomUUID() },
    body: JSON.stringify({
      procedureCode: '1.001193',
      applicant: {
        fullName: 'Nguyễn Thị Bình',
        citizenId: '079203001234',
        phone: '0912345678',
        address: '12 Lê Lợi',
      },
      channels: ['zalo', 'sms'],
    }),
  });
  for (const documentType of ['to-khai-khai-sinh', 'giay-chung-sinh']) {
    const { attachmentId, upload } = await json<{
      attachmentId: string;
      upload: { url: string; fields: Record<string, string> };
    }>(`/dossiers/${created.id}/attachments`, {
      method: 'POST',
      token,
      body: JSON.stringify({
        documentType,
        fileName: `${documentType}.pdf`,
        size: PDF.length,
        contentType: 'application/pdf',
      }),
    });
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append('file', new Blob([PDF], { type: 'application/pdf' }));
    const uploaded = await fetch(upload.url, { method: 'POST', body: form });
    if (!uploaded.ok) throw new Error(`upload ${uploaded.status}`);
    await json(`/dossiers/${created.id}/attachments/${attachmentId}/complete`, { method: 'POST', token });
  }
  const submitted = await json<{ code: string }>(`/dossiers/${created.id}/submit`, { method: 'POST', token });
  return { code: submitted.code, started, submitted: Date.now() };
}

// Warm up every handler once so module loading is not counted.
const warmToken = (
  await json<{ token: string }>('/dev/tokens', {
    method: 'POST',
    body: JSON.stringify({ role: 'citizen', subject: 'warm-up' }),
  })
).token;
const warm = await oneDossier(warmToken);
while (!stack.devOutbox.messages().some((m) => m.params.code === warm.code))
  await new Promise((r) => setTimeout(r, 50));

resetCapacity();
const writes: RecordedWrite[] = [];
const stopRecording = onWrite((write) => writes.push(write));
const tokens = await Promise.all(
  Array.from(
    { length: CLIENTS },
    async (_, i) =>
      (
        await json<{ token: string }>('/dev/tokens', {
          method: 'POST',
          body: JSON.stringify({ role: 'citizen', subject: `bench-${i}` }),
        })
      ).token,
  ),
);
const runStarted = Date.now();
const submitted = (
  await Promise.all(
    tokens.map(async (token) => {
      const mine = [];
      for (let i = 0; i < PER_CLIENT; i += 1) mine.push(await oneDossier(token));
      return mine;
    }),
  )
).flat();
const codes = new Map(submitted.map((s) => [s.code, s.started]));
const acknowledged = new Map(submitted.map((s) => [s.code, s.submitted]));
const deadline = Date.now() + 120_000;
let delivered = stack.devOutbox.messages().filter((m) => codes.has(m.params.code!));
while (new Set(delivered.map((m) => m.params.code)).size < codes.size && Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 50));
  delivered = stack.devOutbox.messages().filter((m) => codes.has(m.params.code!));
}
const arrival = new Map<string, number>();
for (const m of delivered)
  if (!arrival.has(m.params.code!)) arrival.set(m.params.code!, Date.parse(m.receivedAt));
const latencies = [...codes].flatMap(([code, started]) =>
  arrival.has(code) ? [arrival.get(code)! - started] : [],
);
const pipelineLatencies = [...acknowledged].flatMap(([code, at]) =>
  arrival.has(code) ? [arrival.get(code)! - at] : [],
);
const elapsed = Math.max(...arrival.values()) - runStarted;
const dossierRate = (arrival.size / elapsed) * 1000;
const capacity = consumedCapacity();
stopRecording();

// Raw DynamoDB Local: the same writes, replayed on replica tables (same keys and indexes), 50 writers at a time.
const raw = new DynamoDBClient({
  region: LOCAL_REGION,
  credentials: LOCAL_CREDENTIALS,
  endpoint: stack.endpoints.dynamodb,
});
const replicaEnv = await provisionTables({ service: `${app.service}-raw`, tables: app.tables }, raw);
const replicas = new Map(
  Object.entries(app.tables).map(([name, table]) => [
    stack.resources.env[resourceEnv.table(name)]!,
    { replica: replicaEnv[resourceEnv.table(name)]!, partitionKey: table.partitionKey },
  ]),
);
const replay = await replayWrites(raw, writes, replicas, CLIENTS);
const rawDossierRate = (arrival.size / replay.elapsedMs) * 1000;
raw.destroy();
await stack.stop();

const body = `## Pipeline (\`npm run bench:pipeline\`)

${CLIENTS} concurrent clients each create ${PER_CLIENT} birth-registration dossiers over HTTP (create with an
Idempotency-Key, two presigned uploads verified by the API, submit); a dossier counts when its "received"
notification reaches the dev outbox (intake → auto-accept → routing and notification over SQS). Local stack in
memory, one Node process for the API and the consumers. ${machine()}.

| measure | value |
| --- | --- |
| dossiers delivered | ${arrival.size} of ${codes.size} |
| throughput | ${dossierRate.toFixed(1)} dossiers/s (${elapsed} ms) |
| end-to-end latency, create → outbox, p50 / p99 | ${median(latencies).toFixed(0)} ms / ${percentile(latencies, 99).toFixed(0)} ms |
| pipeline latency, submit acknowledged → outbox, p50 / p99 | ${median(pipelineLatencies).toFixed(0)} ms / ${percentile(pipelineLatencies, 99).toFixed(0)} ms |
| raw DynamoDB Local: the run's ${replay.writes} writes (${replay.transactions} of them transactions) replayed, ${CLIENTS} at a time | ${replay.elapsedMs.toFixed(0)} ms = ${rawDossierRate.toFixed(1)} dossiers/s${replay.failed ? ` (${replay.failed} failed)` : ''} |
| pipeline / raw | ${((dossierRate / rawDossierRate) * 100).toFixed(0)}% (target ≥ 50%) |
| capacity per dossier (ReturnConsumedCapacity) | ${(capacity.read / arrival.size).toFixed(1)} RCU, ${(capacity.write / arrival.size).toFixed(1)} WCU |
| DynamoDB calls per dossier | ${(capacity.calls / arrival.size).toFixed(1)}, i.e. ${((capacity.calls / elapsed) * 1000).toFixed(0)} calls/s during the run: ${Object.entries(
  capacity.byCommand,
)
  .sort((a, b) => b[1] - a[1])
  .map(([command, n]) => `${(n / arrival.size).toFixed(1)} ${command.replace(/(Item)?Command$/, '')}`)
  .join(', ')} |

Targets: ≥ 50% of the raw rate; p99 ≤ 1 s.

Reading: DynamoDB Local answers about as many calls per second, of any kind, as the raw transactions above, and
a dossier costs the calls in the table (idempotency record, the dossier, two attachments each requested and
verified, the daily code counter, one transaction per stage, the notification). The API and consumers share one
Node process and the machine's two cores with the JVM; latency is dominated by queueing behind DynamoDB Local.`;
console.log(body);
writeSection('pipeline', body);
process.exit(0);
