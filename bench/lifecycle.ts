// DynamoDB capacity and calls of one dossier's whole life (create → rating): a fully online birth registration,
// driven over HTTP against the local stack, metered on the functions' shared DynamoDB client.
import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalStack } from '../local/runner.js';
import { consumedCapacity, meterCapacity, onCall, resetCapacity, type MeteredCall } from './capacity.js';
import { itemSize } from './item-size.js';
import { machine, writeSection } from './report.js';

const DOSSIERS = Number(process.env.BENCH_DOSSIERS ?? 5);
/** DynamoDB on-demand, us-east-1, as published after the price cut of 14 November 2024 (per million request units). */
const PRICES = { date: '2024-11-14', region: 'us-east-1', writePerMillion: 0.625, readPerMillion: 0.125 };
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);
const AGENCY = '000.01.00.H56';

const stack = await startLocalStack({ inMemory: true, ports: { api: 0, dynamodb: 0, s3: 0, sqs: 0 } });
meterCapacity((await import('../shared/aws/clients.js')).dynamodbClient);
/** The runner's own client, not the functions' metered one: the bench's waiting costs the life cycle nothing. */
const observer = DynamoDBDocumentClient.from(stack.clients.dynamodb);

async function api<T>(path: string, init: RequestInit & { token?: string; json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  const response = await fetch(`${stack.url}${path}`, {
    ...init,
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} → ${response.status}: ${text}`);
  return { body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
}

const token = async (json: Record<string, unknown>) =>
  (await api<{ token: string }>('/dev/tokens', { method: 'POST', json })).body.token;

async function until(probe: () => Promise<boolean>) {
  for (const start = Date.now(); !(await probe());) {
    if (Date.now() - start > 30_000) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function upload(path: string, tokenValue: string, json: Record<string, unknown>) {
  const requested = await api<{
    attachmentId?: string;
    resultId?: string;
    upload: { url: string; fields: Record<string, string> };
  }>(path, { method: 'POST', token: tokenValue, json });
  const form = new FormData();
  for (const [k, v] of Object.entries(requested.body.upload.fields)) form.append(k, v);
  form.append('file', new Blob([PDF]));
  const posted = await fetch(requested.body.upload.url, { method: 'POST', body: form });
  if (!posted.ok) throw new Error(`upload → ${posted.status}`);
  return (requested.body.attachmentId ?? requested.body.resultId)!;
}

async function lifecycle(officer: string) {
  const citizen = await token({ role: 'citizen', subject: `bench-${randomUUID()}` });
  const created = await api<{ id: string }>('/dossiers', {
    method: 'POST',
    token: citizen,
    headers: { 'idempotency-key': randomUUID() },
    json: {
      procedureCode: '1.001193',
      applicant: {
        fullName: 'Nguyễn Thị Bình',
        citizenId: '079203001234',
        phone: '0912345678',
        email: 'binh@example.vn',
        address: '12 Lê Lợi, phường Long An',
      },
      form: { childName: 'Nguyễn Minh An', birthDate: '2026-11-20' },
      channels: ['zalo', 'sms', 'email'],
    },
  });
  const id = created.body.id;
  for (const documentType of ['to-khai-khai-sinh', 'giay-chung-sinh']) {
    const attachmentId = await upload(`/dossiers/${id}/attachments`, citizen, {
      documentType,
      fileName: 'a.pdf',
      size: PDF.length,
      contentType: 'application/pdf',
    });
    await api(`/dossiers/${id}/attachments/${attachmentId}/complete`, { method: 'POST', token: citizen });
  }
  await api(`/dossiers/${id}/submit`, { method: 'POST', token: citizen });
  const status = async () =>
    (await api<{ status: string }>(`/dossiers/${id}`, { token: citizen })).body.status;
  await until(async () => (await status()) === 'processing');
  const resultId = await upload(`/agency/dossiers/${id}/results`, officer, {
    fileName: 'ket-qua.pdf',
    size: PDF.length,
    contentType: 'application/pdf',
  });
  await api(`/agency/dossiers/${id}/results/${resultId}/complete`, { method: 'POST', token: officer });
  // Resolve answers 503 until the signatures consumer has checked the PDF: wait for its record, read outside the meter.
  await until(async () => {
    const { Item } = await observer.send(
      new GetCommand({
        TableName: stack.resources.env.TABLE_DOSSIERS!,
        Key: { pk: `DOSSIER#${id}`, sk: `RESULT#${resultId}` },
        ConsistentRead: true,
      }),
    );
    return Boolean((Item?.attachment as { signatureCheck?: unknown } | undefined)?.signatureCheck);
  });
  const act = async (action: string, json: unknown) => {
    const view = await api(`/agency/dossiers/${id}`, { token: officer });
    await api(`/agency/dossiers/${id}/${action}`, {
      method: 'POST',
      token: officer,
      json,
      headers: { 'if-match': view.headers.get('etag')! },
    });
  };
  await act('resolve', { resultIds: [resultId] });
  await act('release', { method: 'online' });
  await api(`/dossiers/${id}/results`, { token: citizen });
  await api(`/dossiers/${id}/rating`, { method: 'POST', token: citizen, json: { score: 5 } });
  // Every notification sent and recorded: the dev outbox has the release.
  await until(async () =>
    stack.devOutbox.messages().some((m) => m.trackingId.startsWith(id) && m.event === 'released'),
  );
  await new Promise((r) => setTimeout(r, 500));
}

/** What a key names: its partition's and sort key's kinds (`DOSSIER:root`, `DOSSIER:EVENT`, `ALLOWANCE:root`). */
function kindOf(key: Record<string, unknown> | undefined): string {
  const text = (name: string) => String((key?.[name] as { S?: string } | undefined)?.S ?? '');
  const prefix = (value: string) => (value === '#' ? 'root' : (value.match(/^[!#$]?[A-Z]+/)?.[0] ?? 'entry'));
  return `${prefix(text('pk'))}:${prefix(text('sk'))}`;
}

/** Describes one call: its command and the items it touches, each with the size it was written at. */
function describe(call: MeteredCall): string {
  const input = call.input as {
    Item?: Record<string, unknown>;
    Key?: Record<string, unknown>;
    TransactItems?: Record<string, { Item?: Record<string, unknown>; Key?: Record<string, unknown> }>[];
    IndexName?: string;
  };
  const one = (op: string, body: { Item?: Record<string, unknown>; Key?: Record<string, unknown> }) =>
    body.Item ? `${op} ${kindOf(body.Item)} (${itemSize(body.Item)} B)` : `${op} ${kindOf(body.Key)}`;
  const name = call.command.replace(/Command$/, '');
  if (input.TransactItems)
    return `${name}[${input.TransactItems.map((entry) => {
      const [op, body] = Object.entries(entry)[0]!;
      return one(op, body);
    }).join(', ')}]`;
  if (input.Item || input.Key) return `${name} ${one('', input)}`.replace('  ', ' ');
  // A Query by what it reads: the partition's kind (its key up to the first # or digit) and the key condition.
  const query = call.input as {
    KeyConditionExpression?: string;
    ExpressionAttributeValues?: Record<string, { S?: string } | string>;
    ConsistentRead?: boolean;
  };
  const first = Object.values(query.ExpressionAttributeValues ?? {})[0];
  const partition = String(typeof first === 'object' ? (first?.S ?? '') : (first ?? '')).replace(
    /[#0-9].*$/,
    '',
  );
  const condition = query.KeyConditionExpression ? ` ${partition}: ${query.KeyConditionExpression}` : '';
  return `${name}${input.IndexName ? ` ${input.IndexName}` : ''}${condition}${query.ConsistentRead ? ' (consistent)' : ''}`;
}
const breakdown = new Map<string, { calls: number; units: number; tableUnits: number }>();
/** Units by index and by write, printed with BENCH_DETAIL=1. */
const byIndex = new Map<string, { units: number; calls: number }>();
/** The largest item of each kind (root, applicant, papers, event, notification) any write of the measured runs sent. */
const largest = new Map<string, number>();
const KB = 1024;
/**
 * What DynamoDB in AWS would bill for a write, by its published rules, where DynamoDB Local counts less: a single
 * write 1 WCU per KB of its item; a transaction 2 WCU per KB for each of its items (DynamoDB Local counts items of
 * the same size and index changes once per transaction); an index 1 WCU per changed entry (2 when its key moves),
 * which DynamoDB Local counts twice in a transaction. An Update, Delete or ConditionCheck is taken as 1 KB (these
 * are counters, ledger entries and sync records, all under 1 KB).
 */
function awsWriteUnits(call: MeteredCall): number {
  const input = call.input as {
    Item?: Record<string, unknown>;
    TransactItems?: Record<string, { Item?: Record<string, unknown> }>[];
  };
  const units = (item: Record<string, unknown> | undefined) =>
    item ? Math.max(1, Math.ceil(itemSize(item) / KB)) : 1;
  const indexes = Object.values(call.indexUnits).reduce((sum, n) => sum + n, 0);
  if (input.TransactItems)
    return (
      input.TransactItems.reduce((sum, entry) => sum + 2 * units(Object.values(entry)[0]!.Item), 0) +
      indexes / 2
    );
  return units(input.Item) + indexes;
}
/**
 * Which capability a write's units serve: an index by what it lists, a single write by the item it writes, and the
 * dossier's commits (root, history, notifications, parts, ledger entries and counters in one transaction) as one.
 */
const INDEX_AREAS: Record<string, string> = {
  byAgencyDue: 'the agency lists (workspace)',
  byAgencyReceived: 'the agency lists (workspace)',
  byAgencyStatus: 'the agency lists (workspace)',
  byAgencyProcedure: 'the agency lists (workspace)',
  byAgencyStep: 'the agency lists (workspace)',
  byAgencyAll: 'the agency lists (workspace)',
  byApplicant: "the applicant's list",
  byStage: 'the pipeline (intake stage)',
  byReceiverOpen: 'the on-time statistics (transparency)',
  byReceiverSubmitted: 'the on-time statistics (transparency)',
  byProcedure: 'the on-time statistics (transparency)',
  byReceiverSubmittedDay: 'the national portal (partners)',
};
function singleWriteArea(call: MeteredCall): string {
  const input = call.input as { Item?: Record<string, unknown>; Key?: Record<string, unknown> };
  const partition = String(((input.Item ?? input.Key)?.pk as { S?: string } | undefined)?.S ?? '');
  if (partition.startsWith('NATIONAL#')) return 'the national portal (partners)';
  if (partition.startsWith('PENDING#outbox')) return 'the outbound events (partners)';
  if (partition.startsWith('PENDING#')) return 'the pending-work ledger (notifications, forms)';
  if (partition.startsWith('ACCESS#')) return 'the staff access log (workspace)';
  if (partition.startsWith('DOSSIER#')) return 'the uploads (documents and results)';
  return 'other single writes (idempotency records)';
}
const byArea = new Map<string, number>();
const addArea = (area: string, units: number) => byArea.set(area, (byArea.get(area) ?? 0) + units);
let awsWrites = 0;
onCall((call) => {
  if (!/^(GetItem|Query|BatchGetItem|TransactGetItems)/.test(call.command)) {
    addArea(
      call.command.startsWith('TransactWrite')
        ? "the dossier's commits (table items)"
        : singleWriteArea(call),
      call.tableUnits,
    );
    for (const [index, units] of Object.entries(call.indexUnits)) addArea(INDEX_AREAS[index] ?? index, units);
    awsWrites += awsWriteUnits(call);
  }
  const input = call.input as {
    Item?: Record<string, unknown>;
    TransactItems?: Record<string, { Item?: Record<string, unknown> }>[];
  };
  const items = [input.Item, ...(input.TransactItems ?? []).map((entry) => Object.values(entry)[0]!.Item)];
  for (const item of items)
    if (item) largest.set(kindOf(item), Math.max(largest.get(kindOf(item)) ?? 0, itemSize(item)));
  const label = describe(call);
  for (const [index, units] of Object.entries(call.indexUnits)) {
    const seen = byIndex.get(`${index} ← ${label}`) ?? { units: 0, calls: 0 };
    byIndex.set(`${index} ← ${label}`, { units: seen.units + units, calls: seen.calls + 1 });
  }
  const entry = breakdown.get(label) ?? { calls: 0, units: 0, tableUnits: 0 };
  breakdown.set(label, {
    calls: entry.calls + 1,
    units: entry.units + call.units,
    tableUnits: entry.tableUnits + call.tableUnits,
  });
});

const officer = await token({ role: 'officer', subject: 'bench-officer', agency: AGENCY });
await lifecycle(officer); // warm-up: module loads, first emulator calls
const runs: (ReturnType<typeof consumedCapacity> & { awsWrite: number })[] = [];
breakdown.clear();
byIndex.clear();
byArea.clear();
largest.clear();
for (let i = 0; i < DOSSIERS; i += 1) {
  resetCapacity();
  awsWrites = 0;
  await lifecycle(officer);
  runs.push({ ...consumedCapacity(), awsWrite: awsWrites });
}
await stack.stop();

const mean = (pick: (r: (typeof runs)[number]) => number) =>
  runs.reduce((s, r) => s + pick(r), 0) / runs.length;
const rcu = mean((r) => r.read);
const wcu = mean((r) => r.write);
const awsWcu = mean((r) => r.awsWrite);
const calls = mean((r) => r.calls);
const commands = [...new Set(runs.flatMap((r) => Object.keys(r.byCommand)))].sort();
const perMillion = (units: number, price: number) => (units * price).toFixed(2);
const writes = [...breakdown].filter(([label]) => !/^(GetItem|Query|BatchGetItem)/.test(label));
const tableWcu = writes.reduce((sum, [, e]) => sum + e.tableUnits, 0) / DOSSIERS;
const size = (kind: string) => `${largest.get(kind) ?? 0} B`;
/** The costliest writes, by what they write (sizes left out, so one kind of write is one row). */
const kinds = new Map<string, { calls: number; units: number; tableUnits: number }>();
for (const [label, e] of writes) {
  const kind = label.replace(/ \(\d+ B\)/g, '');
  const k = kinds.get(kind) ?? { calls: 0, units: 0, tableUnits: 0 };
  kinds.set(kind, {
    calls: k.calls + e.calls,
    units: k.units + e.units,
    tableUnits: k.tableUnits + e.tableUnits,
  });
}
const costliest = [...kinds]
  .sort((a, b) => b[1].units - a[1].units)
  .slice(0, 8)
  .map(
    ([kind, e]) =>
      `| ${(e.calls / DOSSIERS).toFixed(1)} | \`${kind}\` | ${(e.tableUnits / DOSSIERS).toFixed(1)} | ${((e.units - e.tableUnits) / DOSSIERS).toFixed(1)} |`,
  )
  .join('\n');
/** Index writes per life cycle by index, with the writes that make them (largest first). */
const perIndex = new Map<string, { units: number; calls: number }>();
for (const [key, { units, calls }] of byIndex) {
  const index = key.split(' ← ')[0]!;
  const entry = perIndex.get(index) ?? { units: 0, calls: 0 };
  perIndex.set(index, { units: entry.units + units, calls: entry.calls + calls });
}
const indexRows = [...perIndex]
  .sort((a, b) => b[1].units - a[1].units)
  .map(
    ([index, e]) =>
      `| \`${index}\` | ${(e.units / DOSSIERS).toFixed(1)} | ${(e.calls / DOSSIERS).toFixed(1)} |`,
  )
  .join('\n');
const areaRows = [...byArea]
  .sort((a, b) => b[1] - a[1])
  .map(([area, units]) => `| ${area} | ${(units / DOSSIERS).toFixed(1)} |`)
  .join('\n');
/** What the capabilities merged after the workspace's target was set write (statistics, national portal, events). */
const later =
  [...byArea]
    .filter(([area]) => /transparency|partners/.test(area))
    .reduce((sum, [, units]) => sum + units, 0) / DOSSIERS;
const verdict =
  wcu <= 100
    ? 'The write target is met.'
    : `The write target is missed by ${(wcu - 100).toFixed(1)} WCU (${(wcu / 100).toFixed(2)}×).`;
const body = `## Life cycle capacity (\`npm run bench:lifecycle\`)

${machine()}. One fully online birth registration from creation to rating, over HTTP on the local stack:
create, two documents uploaded and verified, submit, intake (auto-accept, its first step started in the same commit), a result uploaded, verified and
its signatures checked, resolve, release online, the results listed by the applicant, rating, and every notification sent and recorded.
Mean of ${DOSSIERS} dossiers after one warm-up, as DynamoDB Local reports ReturnConsumedCapacity (TOTAL) for each call
of the functions' client.

| per life cycle | figure | target |
| --- | --- | --- |
| write capacity | ${wcu.toFixed(1)} WCU | ≤ 100 |
| read capacity | ${rcu.toFixed(1)} RCU | ≤ 50 |
| DynamoDB calls | ${calls.toFixed(1)} | |

Calls by command (mean): ${commands.map((c) => `${c} ${mean((r) => r.byCommand[c] ?? 0).toFixed(1)}`).join(', ')}.

DynamoDB Local counts a transaction's items of the same size, and each index it changes, once per transaction (2 WCU
each, whatever the number of items: measured), where DynamoDB in AWS bills 2 WCU per KB for every item of a
transaction and 1 WCU per index entry changed. By those rules (an Update, Delete or ConditionCheck taken as 1 KB),
the same calls would be billed **${awsWcu.toFixed(1)} WCU** in AWS.

Cost per million dossiers at on-demand prices (${PRICES.region}, published ${PRICES.date}: $${PRICES.writePerMillion} per
million write request units, $${PRICES.readPerMillion} per million read request units; one WCU is one write request
unit): writes $${perMillion(awsWcu, PRICES.writePerMillion)} by AWS's rules ($${perMillion(wcu, PRICES.writePerMillion)} by DynamoDB Local's count), reads
$${perMillion(rcu, PRICES.readPerMillion)}.

Where the write capacity goes: ${tableWcu.toFixed(1)} WCU to the table's items and ${(wcu - tableWcu).toFixed(1)} WCU to
index writes (ReturnConsumedCapacity INDEXES). The largest item of each kind written: root ${size('DOSSIER:root')}
(rewritten by every transition), applicant ${size('DOSSIER:#APPLICANT')} (written once, at creation), papers
${size('DOSSIER:#PAPERS')}, history event ${size('DOSSIER:EVENT')}, notification ${size('DOSSIER:NOTIFY')}. The costliest writes per life cycle:

| calls | write | table WCU | index WCU |
| --- | --- | --- | --- |
${costliest}

Index writes by index (DynamoDB Local's count: in a transaction 2 WCU for each index it changes, whatever the
number of its items that change it, 4 when an item's key in it moves; 1 for a single write):

| index | WCU per life cycle | writes that change it |
| --- | --- | --- |
${indexRows}

The same units by the capability they serve (a transaction's table units counted once, under the dossier's commits,
though its statistics counters and ledger entries ride in it):

| capability | WCU per life cycle |
| --- | --- |
${areaRows}

The capabilities merged after this target was set (on-time statistics, national portal sync, outbound events) write
${later.toFixed(1)} WCU of their own outside the dossier's commits; the rest is ${(wcu - later).toFixed(1)} WCU.

${verdict} The dossier is stored as a root item (state, step, deadlines, version: under 1 KB, times as epoch
milliseconds and the history hash as bytes) with its applicant data and its papers (documents handed in, results,
clock, requests, rating) in items of their own, written only when their content changes, and every index projects
what its list reads (README, Dossier storage); before, every transition rewrote a 1.1–1.7 KB item holding everything
and nine indexes copied all of it (259.8 WCU, 42.8 RCU). The split brought it to 121.0 WCU (2026-12-01T22:30Z); what was
merged since added about 30 (the on-time statistics counters, the pending forms, the lookup's code item), and the
national portal sync and outbound events about 37 more: 187.0 WCU and 61.0 RCU at 2026-12-02T08:09Z. Then, by steps
measured each time: pending notifications, forms and outbox entries left the stage index for a pending-work ledger
(an item per piece of work, written in the commit's transaction, deleted by the write that finishes the work, read by
the sweeper by key range), and the staff access log moved from an index to a partition per agency (about −45);
an outbox entry is held by its ledger entry alone, no outbox item and no fanned-out mark (−8.4); acceptance starts
the first step in its own commit, so no routing stage, message or commit is left and the dossier enters the inbox
indexes once (−11 WCU, −3.5 RCU); the national sync records a dossier as known only before a progress call (−1); the
statistics table's procedure index holds keys only, so a counter's update leaves it alone (−3 here: the first write
of a day's counter item still adds its entry, which a day's other dossiers then share).

What remains is index upkeep more than items. Each of the five inbox indexes is written three times per life cycle
(the dossier enters the agency's lists at acceptance, its status changes at resolution, it leaves them at release),
about 30 WCU, and no fewer while the lists show status, step and due date without reading the dossiers and serve each
filter from an index (no page is filtered after it is read); then the open-dossiers index of the statistics (enters at
acceptance, leaves at resolution), the stage index (intake), the national sync record (an update per sync), the
deletes of finished pending work, the access log of staff reads, the uploads' records (a pending record, then the
verified one with its place counter) and the notifications' records. Measured and not taken: without the three filter
indexes' keys, −20 WCU, but the filters would then read more than a page; keys-only filter indexes, a BatchGet after
every page, over bench:inbox's 5 ms margin. Keys-only inbox indexes would spare only the resolution's change to the
four whose keys it leaves alone (−8 by the table above, −4 by AWS's rules) and make every list page read its roots
(in AWS about ten times the read units of the page: 20 roots of about 1 KB against 20 index entries of about 300 B),
while a dossier is listed far more often than it is resolved. Left out on purpose: changes that lower only DynamoDB Local's count while
AWS would bill as much or more, such as the stage index moved into ledger items or an index entry replaced by a small
extra item in the transaction (DynamoDB Local counts a transaction's items of the same size once; AWS bills each).
The reads went over the 50 RCU target with the national sync and outbound events (44.9 RCU before them, 61.0 after)
and came back under it (2026-12-02T18:00Z) when the events hand-off began to carry the commit's outbox entry (its
consumer read each one back: 6 RCU) and the national sync to read the dossier eventually consistent, strongly again
only when that read lacks the change it syncs (about 4 RCU, and some of it depends on timing: the figure moves by a few
RCU between runs on a busy machine); the margin is thin, and a read added to the life cycle must pay for itself.
`;
if (process.env.BENCH_DETAIL)
  for (const [label, entry] of [...breakdown].sort((a, b) => b[1].units - a[1].units))
    console.log(
      `${(entry.units / DOSSIERS).toFixed(1).padStart(6)} units (table ${(entry.tableUnits / DOSSIERS).toFixed(1)}) ${(entry.calls / DOSSIERS).toFixed(1).padStart(4)} calls  ${label}`,
    );
if (process.env.BENCH_DETAIL)
  for (const [label, { units }] of [...byIndex].sort((a, b) => b[1].units - a[1].units))
    console.log(`${(units / DOSSIERS).toFixed(1).padStart(6)} index units  ${label}`);
writeSection('lifecycle', body);
console.log(body);
