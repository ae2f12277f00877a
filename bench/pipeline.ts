// npm run bench:pipeline — dossiers per second from create + attachments + submit to the notification outbox, with
// 50 concurrent clients over real HTTP against the local stack, next to DynamoDB Local's raw rate for exactly the
// writes the run made (replayed on replica tables with the same indexes), measured in the same run; then an open
// loop: Poisson arrivals at a quarter of that raw rate, and the latency from submit to the "received" notification.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { app } from '../infra/app-definition.js';
import { resourceEnv } from '../infra/app-model.js';
import { consumedCapacity, meterCapacity, onWrite, resetCapacity, type RecordedWrite } from './capacity.js';
import { startLocalStack } from '../local/runner.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/emulators.js';
import { provisionTables } from '../local/provision.js';
import { cpuMeter, dynamoDbLocalPid } from './cpu.js';
import { machine, median, percentile, writeSection } from './report.js';
import { replayWrites, type ReplayResult } from './replay.js';
import { DOSSIER_INDEX_BY_STAGE } from '../shared/dossier/repository.js';
import { ledgerPk } from '../shared/dossier/pending-work.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const PER_CLIENT = Number(process.env.BENCH_PER_CLIENT ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const UNLOADED_DOSSIERS = Math.max(1, Number(process.env.BENCH_UNLOADED ?? 40));
/** Open loop: how long dossiers arrive, and at what share of the raw rate measured by the closed-loop rounds. */
const OPEN_SECONDS = Number(process.env.BENCH_OPEN_SECONDS ?? 40);
const OPEN_SHARE = Number(process.env.BENCH_OPEN_SHARE ?? 0.25);
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

// A client here submits far more than a citizen may (per-citizen limits): the benchmark measures the pipeline.
process.env.CITIZEN_DRAFTS_PER_DAY ??= '100000';
process.env.CITIZEN_SUBMISSIONS_PER_HOUR ??= '100000';
const stack = await startLocalStack({ inMemory: true, ports: { api: 0, dynamodb: 0, s3: 0, sqs: 0 } });
const base = stack.url;
// The functions run in this process and share one DynamoDB client module; it is built once the stack has set the
// emulator endpoints, so it is imported here, after the start.
meterCapacity((await import('../shared/aws/clients.js')).dynamodbClient);
const raw = new DynamoDBClient({
  region: LOCAL_REGION,
  credentials: LOCAL_CREDENTIALS,
  endpoint: stack.endpoints.dynamodb,
});

/**
 * Waits until no dossier waits for intake (the stage index) and no notification is still to record (its
 * pending-work ledger entry), so every write of the round has landed.
 */
async function drained(): Promise<void> {
  const TableName = stack.resources.env[resourceEnv.table('dossiers')];
  for (;;) {
    const waiting = await Promise.all([
      raw.send(
        new QueryCommand({
          TableName,
          IndexName: DOSSIER_INDEX_BY_STAGE,
          KeyConditionExpression: 'stagePk = :stage',
          ExpressionAttributeValues: { ':stage': { S: 'intake' } },
          Limit: 1,
        }),
      ),
      raw.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: ledgerPk('notify') } },
          Limit: 1,
        }),
      ),
    ]).then((pages) => pages.map((page) => page.Count ?? 0));
    if (waiting.every((n) => n === 0)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A request as a portal makes it: a 503 with Retry-After (the unit's code counter contended) is sent again. */
async function json<T>(path: string, init: RequestInit & { token?: string; body?: string } = {}): Promise<T> {
  let response: Response;
  const giveUpAt = Date.now() + 120_000;
  for (;;) {
    response = await fetch(`${base}${path}`, {
      ...init,
      headers: {
        'content-type': 'application/json',
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.headers ?? {}),
      },
    });
    const retryAfter = response.headers.get('retry-after');
    if (response.status !== 503 || retryAfter === null || Date.now() > giveUpAt) break;
    await response.arrayBuffer();
    await new Promise((r) => setTimeout(r, Number(retryAfter) * 1000));
  }
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

// Warm up with one dossier per client, so module loading and both JITs (Node's and DynamoDB Local's) are not counted.
// Its writes are recorded and replayed (untimed) before the rounds, so the replicas hold what the rounds' conditions
// expect: the unit's code counter, the citizens' allowances, the statistics shards.
const preludeWrites: RecordedWrite[] = [];
const stopPrelude = onWrite((write) => preludeWrites.push(write));
const warmToken = (
  await json<{ token: string }>('/dev/tokens', {
    method: 'POST',
    body: JSON.stringify({ role: 'citizen', subject: 'warm-up' }),
  })
).token;
const warm = await Promise.all(Array.from({ length: CLIENTS }, () => oneDossier(warmToken)));
const warmCodes = new Set(warm.map((w) => w.code));
const arrived = () =>
  new Set(stack.devOutbox.messages().flatMap((m) => (warmCodes.has(m.params.code!) ? [m.params.code] : [])));
while (arrived().size < warmCodes.size) await new Promise((r) => setTimeout(r, 50));
await drained();

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
// Raw DynamoDB Local: each round's writes, replayed on replica tables (same keys and indexes), 50 writers at a time.
const replicaEnv = await provisionTables({ service: `${app.service}-raw`, tables: app.tables }, raw);
const replicas = new Map(
  Object.entries(app.tables).map(([name, table]) => [
    stack.resources.env[resourceEnv.table(name)]!,
    { replica: replicaEnv[resourceEnv.table(name)]!, partitionKey: table.partitionKey },
  ]),
);
stopPrelude();
const prelude = await replayWrites(raw, preludeWrites, replicas, CLIENTS);
if (prelude.failed > 0)
  console.error(`${prelude.failed} of the warm-up's ${prelude.writes} replayed writes failed`);

interface Round {
  delivered: number;
  expected: number;
  elapsed: number;
  rate: number;
  latencies: number[];
  pipelineLatencies: number[];
  replay: ReplayResult;
  rawRate: number;
  capacity: ReturnType<typeof consumedCapacity>;
  /** Shares of one core the round kept busy: this Node process, and DynamoDB Local's JVM (null: not measured). */
  cpu: { node: number; jvm: number | null };
}

const jvmPid = dynamoDbLocalPid(Number(new URL(stack.endpoints.dynamodb).port));

/** One measured round: every client creates its dossiers; then the same writes are replayed raw, right after. */
async function round(): Promise<Round> {
  resetCapacity();
  const writes: RecordedWrite[] = [];
  const stopRecording = onWrite((write) => writes.push(write));
  const cpu = cpuMeter(jvmPid);
  const started = Date.now();
  const submitted = (
    await Promise.all(
      tokens.map(async (token) => {
        const mine = [];
        for (let i = 0; i < PER_CLIENT; i += 1) mine.push(await oneDossier(token));
        return mine;
      }),
    )
  ).flat();
  const codes = new Map(submitted.map((s) => [s.code, s]));
  const deadline = Date.now() + 120_000;
  const arrival = new Map<string, number>();
  while (arrival.size < codes.size && Date.now() < deadline) {
    for (const m of stack.devOutbox.messages())
      if (codes.has(m.params.code!) && !arrival.has(m.params.code!))
        arrival.set(m.params.code!, Date.parse(m.receivedAt));
    if (arrival.size < codes.size) await new Promise((r) => setTimeout(r, 50));
  }
  const elapsed = Math.max(...arrival.values()) - started;
  const busy = cpu();
  // The round's last writes (the notification records) land after the outbox: wait for them before counting.
  await drained();
  const capacity = consumedCapacity();
  stopRecording();
  const replay = await replayWrites(raw, writes, replicas, CLIENTS);
  return {
    delivered: arrival.size,
    expected: codes.size,
    elapsed,
    rate: (arrival.size / elapsed) * 1000,
    latencies: [...arrival].map(([code, at]) => at - codes.get(code)!.started),
    pipelineLatencies: [...arrival].map(([code, at]) => at - codes.get(code)!.submitted),
    replay,
    rawRate: (arrival.size / replay.elapsedMs) * 1000,
    capacity,
    cpu: busy,
  };
}

/** One client, one dossier at a time, each waiting for its notification: the latency with nothing queued ahead. */
async function unloaded(count: number): Promise<{ latencies: number[]; pipelineLatencies: number[] }> {
  const latencies: number[] = [];
  const pipelineLatencies: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const dossier = await oneDossier(tokens[0]!);
    const deadline = Date.now() + 30_000;
    let message;
    while (!(message = stack.devOutbox.messages().find((m) => m.params.code === dossier.code))) {
      if (Date.now() > deadline) throw new Error(`${dossier.code} never reached the outbox`);
      await new Promise((r) => setTimeout(r, 5));
    }
    latencies.push(Date.parse(message.receivedAt) - dossier.started);
    pipelineLatencies.push(Date.parse(message.receivedAt) - dossier.submitted);
  }
  await drained();
  return { latencies, pipelineLatencies };
}

interface OpenLoop {
  rate: number;
  offered: number;
  delivered: number;
  seconds: number;
  latencies: number[];
  pipelineLatencies: number[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Open loop: dossiers arrive as a Poisson process at `rate` per second (exponential gaps), each one started when it
 * arrives whatever is still in flight, as citizens do; each counts from its submit's acknowledgement to its
 * "received" notification in the outbox.
 */
async function openLoop(rate: number): Promise<OpenLoop> {
  const submitted = new Map<string, { started: number; submitted: number }>();
  const inFlight: Promise<void>[] = [];
  const begin = Date.now();
  for (let at = begin, n = 0; at - begin < OPEN_SECONDS * 1000; n += 1) {
    const wait = at - Date.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(oneDossier(tokens[n % tokens.length]!).then((d) => void submitted.set(d.code, d)));
    at += (-Math.log(1 - Math.random()) / rate) * 1000;
  }
  const seconds = (Date.now() - begin) / 1000;
  await Promise.all(inFlight);
  const arrival = new Map<string, number>();
  const deadline = Date.now() + 120_000;
  while (arrival.size < submitted.size && Date.now() < deadline) {
    for (const m of stack.devOutbox.messages())
      if (m.event === 'received' && submitted.has(m.params.code!) && !arrival.has(m.params.code!))
        arrival.set(m.params.code!, Date.parse(m.receivedAt));
    if (arrival.size < submitted.size) await sleep(50);
  }
  await drained();
  return {
    rate,
    offered: submitted.size,
    delivered: arrival.size,
    seconds,
    latencies: [...arrival].map(([code, at]) => at - submitted.get(code)!.started),
    pipelineLatencies: [...arrival].map(([code, at]) => at - submitted.get(code)!.submitted),
  };
}

const rounds: Round[] = [];
for (let i = 0; i < ROUNDS; i += 1) rounds.push(await round());
const alone = await unloaded(UNLOADED_DOSSIERS);
const open = await openLoop(OPEN_SHARE * median(rounds.map((r) => r.rawRate)));
raw.destroy();
await stack.stop();

const ratios = rounds.map((r) => r.rate / r.rawRate);
const all = (pick: (r: Round) => number[]) => rounds.flatMap(pick);
const latencies = all((r) => r.latencies);
const pipelineLatencies = all((r) => r.pipelineLatencies);
const delivered = rounds.reduce((n, r) => n + r.delivered, 0);
const totals = rounds.reduce(
  (t, r) => ({
    read: t.read + r.capacity.read,
    write: t.write + r.capacity.write,
    calls: t.calls + r.capacity.calls,
    elapsed: t.elapsed + r.elapsed,
  }),
  { read: 0, write: 0, calls: 0, elapsed: 0 },
);
const byCommand = new Map<string, number>();
for (const r of rounds)
  for (const [command, n] of Object.entries(r.capacity.byCommand))
    byCommand.set(command, (byCommand.get(command) ?? 0) + n);
const range = (values: number[], digits = 1) =>
  `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;

const rawBest = Math.max(...rounds.map((r) => r.rawRate));
const latencyFloor = CLIENTS / rawBest;
const latencyReading =
  percentile(latencies, 99) <= 1000
    ? 'The latency target is met.'
    : latencyFloor > 1
      ? `The latency target is not met, and cannot be with ${CLIENTS} clients that each wait for their previous dossier: ` +
        `about ${CLIENTS} dossiers are always in flight, so by Little's law create → outbox takes about ${CLIENTS} ÷ ` +
        `throughput, and even the raw writes alone (at most ${rawBest.toFixed(1)} dossiers/s) would make that ` +
        `${latencyFloor.toFixed(1)} s. After the submit is acknowledged, the stages' own calls queue at DynamoDB ` +
        `Local behind the API's.`
      : 'The latency target is not met: the stages queue behind the API for the same JVM and Node process.';
const refusedCode = rounds.reduce((n, r) => n + r.capacity.refused.code, 0) / delivered;
const refusedOther = rounds.reduce((n, r) => n + r.capacity.refused.other, 0) / delivered;
const jvmShares = rounds.map((r) => r.cpu.jvm).filter((share): share is number => share !== null);
const nodeShares = rounds.map((r) => r.cpu.node);
const percent = (share: number) => `${(share * 100).toFixed(0)}%`;
const busyRow =
  jvmShares.length > 0
    ? `DynamoDB Local's JVM ${percent(median(jvmShares))} (${percent(Math.min(...jvmShares))}–${percent(Math.max(...jvmShares))}), this Node process ${percent(median(nodeShares))} (${percent(Math.min(...nodeShares))}–${percent(Math.max(...nodeShares))})`
    : `this Node process ${percent(median(nodeShares))}; DynamoDB Local's JVM not measured (no /proc)`;
const boundBy =
  jvmShares.length > 0 && median(jvmShares) > median(nodeShares)
    ? `DynamoDB Local is what the rounds wait for: its JVM is at ${percent(median(jvmShares))} of a core ` +
      `while this Node process, which runs the API, the consumers, s3rver, ` +
      `local-aws-sqs and the clients, is at ${percent(median(nodeShares))}. `
    : `This Node process (the API, the consumers, s3rver, local-aws-sqs and the clients) is at ` +
      `${percent(median(nodeShares))} of a core${jvmShares.length > 0 ? ` and DynamoDB Local's JVM at ${percent(median(jvmShares))}` : ''}. `;
const throughputReading =
  `Throughput: ${boundBy}Besides the writes the raw replay makes, the emulator serves the pipeline's reads ` +
  `(${((totals.calls - rounds[0]!.replay.writes * rounds.length) / delivered).toFixed(1)} calls per dossier more than the writes replayed) and the writes it refuses: ` +
  `${refusedCode.toFixed(1)} submit transactions per dossier that lost the receiving unit's next code, and ` +
  `${refusedOther.toFixed(1)} other refused writes (a stage that found the dossier changed, a national sync ` +
  `already under way). All ${CLIENTS} clients submit to one receiving unit, whose codes are a sequence per day ` +
  `that only a committed submission consumes, so one submission of the unit commits at a time: a loser takes a ` +
  `place in the unit's line and sends its transaction again when the codes before its place are issued (read by ` +
  `key meanwhile); before the line, a loser sent its whole transaction again at once, and in this benchmark ` +
  `about 17 times per submission (27% of the raw rate, the JVM busy with refusals).`;
const openP99 = percentile(open.pipelineLatencies, 99);
const openReading =
  `In the open loop (${open.offered} dossiers arriving at random over ${open.seconds.toFixed(0)} s, ` +
  `${(open.offered / open.seconds).toFixed(2)} per second against ${open.rate.toFixed(2)} asked), a dossier ` +
  `waits ${median(open.pipelineLatencies).toFixed(0)} ms (p99 ${openP99.toFixed(0)} ms) from its submit's ` +
  `acknowledgement to its "received" notification: the latency target ${openP99 <= 1000 ? 'is met' : 'is missed'} ` +
  `where arrivals do not wait for one another.`;
const aloneP99 = percentile(alone.latencies, 99);
const aloneReading =
  `With one client alone, nothing queued ahead, a dossier takes ${median(alone.latencies).toFixed(0)} ms (p99 ` +
  `${aloneP99.toFixed(0)} ms) from create to outbox, of which ${median(alone.pipelineLatencies).toFixed(0)} ms after ` +
  `the submit${aloneP99 <= 1000 ? `: the 1 s holds for the work itself, and what the ${CLIENTS} clients add is waiting in the same queues` : ''}.`;

const body = `## Pipeline (\`npm run bench:pipeline\`)

${ROUNDS} rounds; in each, ${CLIENTS} concurrent clients each create ${PER_CLIENT} birth-registration dossiers over HTTP (create
with an Idempotency-Key, two presigned uploads verified by the API, submit); a dossier counts when its "received"
notification reaches the dev outbox (intake → auto-accept at the first step → notification over SQS). Right after each
round, the raw baseline replays that round's own DynamoDB writes (same items, conditions and indexes, on replica
tables, ${CLIENTS} writers at a time; writes to one item keep their order). Local stack in memory, one Node process
for the API, the consumers and the clients, after a warm-up of one dossier per client. ${machine()}.

| measure | median (min–max over rounds) |
| --- | --- |
| dossiers delivered | ${delivered} of ${rounds.reduce((n, r) => n + r.expected, 0)} |
| throughput, dossiers/s | ${range(rounds.map((r) => r.rate))} |
| raw DynamoDB Local, the same writes, dossiers/s | ${range(rounds.map((r) => r.rawRate))}; ${rounds[0]!.replay.writes} writes per round, ${rounds[0]!.replay.transactions} of them transactions${rounds.some((r) => r.replay.reordered) ? `; ${rounds.reduce((n, r) => n + r.replay.reordered, 0)} replayed after a later one (recorded out of their applied order)` : ''}${rounds.some((r) => r.replay.failed) ? `; ${rounds.reduce((n, r) => n + r.replay.failed, 0)} replayed writes failed` : ''} |
| pipeline / raw | ${range(
  ratios.map((r) => r * 100),
  0,
)} % (target ≥ 50%) |
| end-to-end latency, create → outbox, p50 / p99 | ${median(latencies).toFixed(0)} ms / ${percentile(latencies, 99).toFixed(0)} ms |
| pipeline latency, submit acknowledged → outbox, p50 / p99 | ${median(pipelineLatencies).toFixed(0)} ms / ${percentile(pipelineLatencies, 99).toFixed(0)} ms |
| one client alone, one dossier at a time (${UNLOADED_DOSSIERS} dossiers): create → outbox, p50 / p99 | ${median(alone.latencies).toFixed(0)} ms / ${percentile(alone.latencies, 99).toFixed(0)} ms |
| one client alone: submit acknowledged → outbox, p50 / p99 | ${median(alone.pipelineLatencies).toFixed(0)} ms / ${percentile(alone.pipelineLatencies, 99).toFixed(0)} ms |
| open loop: Poisson arrivals at ${(OPEN_SHARE * 100).toFixed(0)}% of the raw rate (${open.rate.toFixed(2)} dossiers/s), ${open.offered} dossiers, ${open.delivered} delivered: submit acknowledged → "received" notification, p50 / p99 | ${median(open.pipelineLatencies).toFixed(0)} ms / ${openP99.toFixed(0)} ms (target p99 ≤ 1 s) |
| open loop: create → "received" notification, p50 / p99 | ${median(open.latencies).toFixed(0)} ms / ${percentile(open.latencies, 99).toFixed(0)} ms |
| busy during the closed-loop rounds, share of one core | ${busyRow} |
| writes refused per dossier | ${refusedCode.toFixed(1)} submit transactions that lost the unit's next code; ${refusedOther.toFixed(1)} others |
| capacity per dossier (ReturnConsumedCapacity) | ${(totals.read / delivered).toFixed(1)} RCU, ${(totals.write / delivered).toFixed(1)} WCU |
| DynamoDB calls per dossier | ${(totals.calls / delivered).toFixed(1)} (${[...byCommand]
  .sort((a, b) => b[1] - a[1])
  .map(([command, n]) => `${(n / delivered).toFixed(1)} ${command.replace(/(Item)?Command$/, '')}`)
  .join(', ')}), ${((totals.calls / totals.elapsed) * 1000).toFixed(0)} calls/s |

Targets: closed loop ≥ 50% of the raw rate; open loop at ${(OPEN_SHARE * 100).toFixed(0)}% of the raw rate, submit → notification p99 ≤ 1 s.

Reading: the raw baseline is DynamoDB Local doing nothing but the round's writes. The pipeline makes the same writes
and also its reads (the dossier with its attachments is one Query, a notification with its dossier one BatchGet),
two uploads to s3rver read back, hashed and written again as the verified copies, about a dozen SQS calls and six HTTP requests per dossier, on the same
two cores as the JVM, so single rounds move with the machine's load. ${openReading} ${throughputReading} Closed loop: ${latencyReading} ${aloneReading}`;
console.log(body);
writeSection('pipeline', body);
process.exit(0);
