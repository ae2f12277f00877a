// Outbound events over HTTP: an operator registers a partner's receiver, and every transition reaches it once, as a
// signed CloudEvent, through a receiver that fails before it accepts.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { refusedReceiver } from '../../shared/events/receiver-address.js';
import { cloudEvent } from '../../shared/events/delivery.js';
import type { DeliveryMessage } from '../../shared/events/messages.js';
import { dynamoOutboxStore, dynamoSubscriptionStore } from '../../shared/events/store.js';
import { DeliveryExhaustedError, handleEvents, type DeliveryDeps } from '../../functions/events/delivery.js';
import { EVENT_TYPES, type OutboxEntry } from '../../shared/events/model.js';
import { encodeCursor } from '../../shared/http/cursor.js';
import { call, problemOf, useLocalStack } from '../support/local-stack.js';
import { eventually, tokenFor } from '../support/dossiers.js';
import { processingBirth } from '../support/workspace.js';

// Backoff of a second (doubling) instead of 30 s, so three attempts take seconds.
process.env.EVENTS_FIRST_BACKOFF_SECONDS = '1';
const local = useLocalStack();

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

/** A partner's receiver: answers 500 to the first two attempts of each event, then 204. */
function failingTwiceReceiver() {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const id = String(request.headers['webhook-id']);
      const earlier = received.filter((r) => r.headers['webhook-id'] === id).length;
      const answered = earlier < 2 ? 500 : 204;
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
      response.writeHead(answered).end();
    });
  });
  return { server, received };
}

interface Delivery {
  eventId: string;
  type: string;
  subject: string;
  state: string;
  attempts: { at: string; status?: number }[];
  lastStatus: number | null;
  nextAttemptAt: string | null;
}

let admin: string;
const receiver = failingTwiceReceiver();
let receiverUrl: string;

beforeAll(async () => {
  admin = await tokenFor(local.stack, `admin-${randomUUID()}`, 'admin');
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/hooks/mot-cua`;
});
afterAll(() => new Promise<void>((resolve) => receiver.server.close(() => resolve())));

const subscribe = (json: unknown, language?: string) =>
  call<{ id: string; secret: string }>(local.stack, '/admin/subscriptions', {
    method: 'POST',
    token: admin,
    json,
    ...(language ? { language } : {}),
  });

const deliveriesOf = (id: string, query = 'pageSize=100') =>
  call<{ items: Delivery[]; nextCursor: string | null }>(
    local.stack,
    `/admin/subscriptions/${id}/deliveries?${query}`,
    { token: admin },
  );

/** Sweeps (as the schedule does) until `probe` holds: the outbox reaches the events queue at a sweep. */
async function sweptUntil<T>(probe: () => Promise<T | undefined | false>) {
  return eventually(async () => {
    await local.stack.runSchedule('sweeper');
    return probe();
  }, 60_000);
}

describe('outbound event subscriptions', () => {
  it('delivers each event once to a receiver that fails twice, after three attempts, signed and verifiable', async () => {
    const created = await subscribe({
      url: receiverUrl,
      eventTypes: ['*'],
      description: 'Bảng điều hành tỉnh',
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const { id, secret } = created.body;

    const dossier = await processingBirth(local.stack);
    const accepted = (type: string) =>
      receiver.received.filter(
        (r) =>
          r.answered === 204 &&
          JSON.parse(r.body).subject === dossier.code &&
          JSON.parse(r.body).type === type,
      );
    await sweptUntil(async () => accepted('vn.gov.motcua.dossier.start-processing').length > 0);

    const mine = receiver.received.filter((r) => JSON.parse(r.body).subject === dossier.code);
    const webhookIds = [...new Set(mine.map((r) => String(r.headers['webhook-id'])))];
    expect(webhookIds.length).toBeGreaterThanOrEqual(2);
    const verifier = new Webhook(secret);
    // Every accepted event came after two refusals, and was accepted exactly once.
    const acceptedOnes = mine.filter((r) => r.answered === 204);
    for (const ok of acceptedOnes) {
      const webhookId = String(ok.headers['webhook-id']);
      const sameId = mine.filter((r) => r.headers['webhook-id'] === webhookId);
      expect(sameId.map((r) => r.answered)).toEqual([500, 500, 204]);
      // Standard Webhooks: the receiver verifies the signature with the secret it was given.
      const event = verifier.verify(ok.body, ok.headers as Record<string, string>) as Record<string, unknown>;
      expect(event).toMatchObject({
        specversion: '1.0',
        id: webhookId,
        subject: dossier.code,
        source: '/mot-cua/dossiers',
        datacontenttype: 'application/json',
      });
      expect(EVENT_TYPES).toContain(event.type);
      const data = event.data as Record<string, unknown>;
      expect(data).toMatchObject({ code: dossier.code, nationalStatus: { code: expect.any(Number) } });
      expect(typeof data.sequence).toBe('number');
      // The public view only: nothing of the applicant.
      expect(JSON.stringify(event)).not.toMatch(/applicant|citizenId|phone|address/i);
    }
    // The per-dossier sequence grows with the events.
    const sequences = acceptedOnes
      .map((r) => JSON.parse(r.body) as { time: string; data: { sequence: number } })
      .sort((a, b) => a.data.sequence - b.data.sequence)
      .map((e) => e.data.sequence);
    expect(new Set(sequences).size).toBe(sequences.length);

    // A tampered body does not verify.
    const one = acceptedOnes[0]!;
    expect(() =>
      verifier.verify(one.body.replace(dossier.code, 'X'), one.headers as Record<string, string>),
    ).toThrow();

    const listed = await deliveriesOf(id);
    expect(listed.status).toBe(200);
    const processing = listed.body.items.find(
      (d) => d.subject === dossier.code && d.type === 'vn.gov.motcua.dossier.start-processing',
    )!;
    expect(processing).toMatchObject({ state: 'delivered', lastStatus: 204, nextAttemptAt: null });
    expect(processing.attempts.map((a) => a.status)).toEqual([500, 500, 204]);

    // Sweeping again sends nothing twice.
    const before = receiver.received.length;
    await local.stack.runSchedule('sweeper');
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received.filter((r) => r.answered === 204).length).toBe(
      receiver.received.slice(0, before).filter((r) => r.answered === 204).length,
    );
  }, 120_000);

  it('sends a test event to the one subscription, and lists subscriptions without their secrets', async () => {
    const since = new Date().toISOString();
    const created = await subscribe({
      url: receiverUrl,
      eventTypes: ['vn.gov.motcua.dossier.resolve'],
      description: 'Hệ thống bộ ngành',
    });
    const test = await call<{ eventId: string }>(
      local.stack,
      `/admin/subscriptions/${created.body.id}/test`,
      {
        method: 'POST',
        token: admin,
      },
    );
    expect(test.status).toBe(202);
    const delivered = await eventually(async () => {
      const items = (await deliveriesOf(created.body.id)).body.items;
      return items.find((d) => d.eventId === test.body.eventId && d.state === 'delivered');
    }, 60_000);
    expect(delivered.type).toBe('vn.gov.motcua.subscription.test');

    const listed = await call<{ items: Record<string, unknown>[] }>(local.stack, '/admin/subscriptions', {
      token: admin,
    });
    const mine = listed.body.items.find((s) => s.id === created.body.id)!;
    expect(mine).toMatchObject({ url: receiverUrl, eventTypes: ['vn.gov.motcua.dossier.resolve'] });
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');

    const removed = await call(local.stack, `/admin/subscriptions/${created.body.id}`, {
      method: 'DELETE',
      token: admin,
    });
    expect(removed.status).toBe(204);
    const again = await call(local.stack, `/admin/subscriptions/${created.body.id}`, {
      method: 'DELETE',
      token: admin,
    });
    expect(again.status).toBe(404);
    const audit = await call<{ items: { action: string; target: { code: string } }[] }>(
      local.stack,
      `/admin/audit?kind=change&from=${since}`,
      { token: admin },
    );
    expect(audit.body.items.filter((e) => e.target.code === created.body.id).map((e) => e.action)).toEqual([
      'subscription.create',
      'subscription.delete',
    ]);
  }, 90_000);

  it('pages the deliveries newest first with pageSize and cursor, and refuses a forged cursor', async () => {
    const created = await subscribe({ url: receiverUrl, eventTypes: ['*'], description: 'Trang theo dõi' });
    const { id } = created.body;
    const sent: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const test = await call<{ eventId: string }>(local.stack, `/admin/subscriptions/${id}/test`, {
        method: 'POST',
        token: admin,
      });
      sent.push(test.body.eventId);
      // Distinct event times, so newest-first is one order.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const all = await eventually(async () => {
      const items = (await deliveriesOf(id)).body.items;
      return items.length === 5 ? items : undefined;
    }, 60_000);
    expect(all.map((d) => d.eventId)).toEqual([...sent].reverse());

    const pages: Delivery[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = `pageSize=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await deliveriesOf(id, query);
      expect(page.status).toBe(200);
      pages.push(page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat().map((d) => d.eventId)).toEqual(all.map((d) => d.eventId));

    const first = await deliveriesOf(id, 'pageSize=2');
    const next = encodeURIComponent(first.body.nextCursor!);
    // Bound to its query: another page size or another subscription is a 400.
    for (const query of [`pageSize=3&cursor=${next}`, 'pageSize=2&cursor=not-a-cursor']) {
      const refused = await deliveriesOf(id, query);
      expect(refused.status).toBe(400);
      expect(problemOf(refused).fields).toEqual(['query.cursor']);
    }
    const other = await subscribe({ url: receiverUrl, eventTypes: ['*'], description: 'Khác' });
    expect((await deliveriesOf(other.body.id, `pageSize=2&cursor=${next}`)).status).toBe(400);
    // A cursor built with the right fingerprint but a start key this API never wrote.
    const forged = encodeCursor('DELIVERIES#someone-else', { subscription: id, pageSize: 2 });
    const refused = await deliveriesOf(id, `pageSize=2&cursor=${forged}`);
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect((await deliveriesOf(id, 'pageSize=101')).status).toBe(400);
  });

  it('refuses a receiver on a private address, naming the field, in either language', async () => {
    for (const [language, text] of [
      ['vi', /mạng nội bộ/],
      ['en', /private, loopback or link-local/],
    ] as const) {
      const refused = await subscribe(
        { url: 'https://10.1.2.3/hook', eventTypes: ['*'], description: 'Nội bộ' },
        language,
      );
      expect(refused.status).toBe(422);
      expect(problemOf(refused)).toMatchObject({
        contentType: expect.stringMatching(/^application\/problem\+json/),
        fields: ['body.url'],
      });
      const { errors } = refused.body as unknown as { errors: { field: string; message: string }[] };
      expect(errors[0]!.message).toMatch(text);
    }
    const unknownType = await subscribe({
      url: receiverUrl,
      eventTypes: ['dossier.eaten'],
      description: 'x',
    });
    expect(unknownType.status).toBe(400);
    expect(problemOf(unknownType).fields[0]).toMatch(/^body\.eventTypes/);
  });
});

/** A receiver answering every request with `status`, counting what it got by webhook id. */
async function steadyReceiver(status: number) {
  const got: string[] = [];
  const server = createServer((request, response) => {
    got.push(String(request.headers['webhook-id']));
    request.resume().on('end', () => response.writeHead(status).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { got, url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('the events consumer, against the stack tables', () => {
  const sent: { message: DeliveryMessage; delay: number | undefined }[] = [];
  const deps = (maxAttempts = 15): DeliveryDeps => {
    const client = DynamoDBDocumentClient.from(local.stack.clients.dynamodb);
    const env = local.stack.resources.env;
    return {
      subscriptions: dynamoSubscriptionStore(client, env.TABLE_SUBSCRIPTIONS!, () => env.TABLE_CATALOG!),
      outbox: dynamoOutboxStore(client, env.TABLE_DOSSIERS!),
      send: async (message, delay) => void sent.push({ message, delay }),
      policy: { allowLoopback: true },
      settings: { requestTimeoutMs: 5000, firstBackoffSeconds: 30, maxBackoffSeconds: 86_400, maxAttempts },
      now: Date.now,
    };
  };
  const message = (subscriptionId: string, attempt = 1): DeliveryMessage => ({
    kind: 'delivery',
    subscriptionId,
    attempt,
    event: cloudEvent({
      id: randomUUID(),
      type: 'vn.gov.motcua.subscription.test',
      subject: subscriptionId,
      time: new Date().toISOString(),
      data: {},
    }),
  });

  it('fans out the entry a message carries, and ends the ledger entry where the message says it waits', async () => {
    const { id } = (
      await subscribe({ url: 'http://127.0.0.1:9/hook', eventTypes: ['*'], description: 'fan' })
    ).body;
    const entry = {
      id: randomUUID(),
      dossierId: randomUUID(),
      events: [{ type: 'vn.gov.motcua.dossier.accepted', sequence: 1, time: new Date().toISOString() }],
      view: { code: 'X' },
    } as unknown as OutboxEntry;
    const ended: { id: string; since?: string }[] = [];
    const withOutbox = (): DeliveryDeps => ({
      ...deps(),
      outbox: { fannedOut: async (fanned, since) => void ended.push({ id: fanned.id, since }) },
    });
    const base = { kind: 'outbox', dossierId: entry.dossierId, outboxId: entry.id } as const;
    sent.length = 0;
    expect(await handleEvents(withOutbox(), { ...base, entry }, 1)).toBe('fanned-out');
    expect(sent.filter((s) => s.message.subscriptionId === id)).toHaveLength(1);
    // A sweeper's re-send says where it moved the ledger entry.
    const movedTo = new Date(Date.now() + 60_000).toISOString();
    expect(await handleEvents(withOutbox(), { ...base, entry, since: movedTo }, 1)).toBe('fanned-out');
    // An entry that is not the one the message names is not fanned out, and ends nothing.
    const other = { ...entry, id: randomUUID() };
    expect(await handleEvents(withOutbox(), { ...base, entry: other }, 1)).toBe('skipped');
    expect(ended).toEqual([{ id: entry.id }, { id: entry.id, since: movedTo }]);
  });

  it('makes one POST for copies of the same attempt consumed at the same time', async () => {
    const target = await steadyReceiver(204);
    try {
      const { id } = (await subscribe({ url: target.url, eventTypes: ['*'], description: 'race' })).body;
      const copy = message(id);
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, () => handleEvents(deps(), structuredClone(copy), 1)),
      );
      expect(outcomes.filter((o) => o === 'delivered')).toHaveLength(1);
      expect(target.got).toEqual([copy.event.id]);
      // A copy arriving after the delivery is skipped too.
      expect(await handleEvents(deps(), structuredClone(copy), 1)).toBe('skipped');
      const delivery = (await deliveriesOf(id)).body.items.find((d) => d.eventId === copy.event.id)!;
      expect(delivery.attempts).toHaveLength(1);
    } finally {
      await target.close();
    }
  });

  it('backs off 30 s then 60 s, and sends the last failed attempt to the DLQ, and again after a redrive', async () => {
    const target = await steadyReceiver(503);
    try {
      const { id } = (await subscribe({ url: target.url, eventTypes: ['*'], description: 'down' })).body;
      const first = message(id);
      sent.length = 0;
      expect(await handleEvents(deps(3), first, 1)).toBe('retry-scheduled');
      expect(sent.map((s) => [s.message.attempt, s.delay])).toEqual([[2, 30]]);
      expect(await handleEvents(deps(3), sent[0]!.message, 1)).toBe('retry-scheduled');
      expect(sent.map((s) => [s.message.attempt, s.delay])).toEqual([
        [2, 30],
        [3, 60],
      ]);
      const third = sent[1]!.message;
      await expect(handleEvents(deps(3), third, 1)).rejects.toBeInstanceOf(DeliveryExhaustedError);
      // SQS's own retries of the last attempt do not call the receiver again; the message goes on to the DLQ.
      await expect(handleEvents(deps(3), third, 2)).rejects.toBeInstanceOf(DeliveryExhaustedError);
      expect(target.got).toHaveLength(3);
      expect(new Set(target.got)).toEqual(new Set([first.event.id]));
      const failed = (await deliveriesOf(id)).body.items.find((d) => d.eventId === first.event.id)!;
      expect(failed).toMatchObject({ state: 'failed', lastStatus: 503, nextAttemptAt: null });
      expect(failed.attempts.map((a) => a.status)).toEqual([503, 503, 503]);
      // Moved back from the DLQ: one more attempt is queued.
      expect(await handleEvents(deps(3), third, 1)).toBe('redriven');
      expect(sent.at(-1)!.message.attempt).toBe(4);
    } finally {
      await target.close();
    }
  });
});

describe('receiver addresses in AWS (no loopback allowed)', () => {
  const aws = (resolved: string[]) => ({ allowLoopback: false, resolve: async () => resolved });

  it('refuses http, and names resolving to private, loopback or link-local addresses', async () => {
    expect(await refusedReceiver('http://partner.example.vn/hook', aws(['14.225.250.10']))).toBe('not-https');
    for (const address of [
      '10.0.0.5',
      '172.20.1.1',
      '192.168.1.1',
      '127.0.0.1',
      '169.254.169.254',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:10.0.0.1',
    ])
      expect(
        await refusedReceiver('https://partner.example.vn/hook', aws(['14.225.250.10', address])),
        address,
      ).toBe('private-address');
    expect(await refusedReceiver('https://127.0.0.1/hook', aws([]))).toBe('private-address');
    expect(await refusedReceiver('https://[::1]/hook', aws([]))).toBe('private-address');
    expect(await refusedReceiver('https://user:pw@partner.example.vn/', aws(['14.225.250.10']))).toBe(
      'invalid-url',
    );
  });

  it('accepts https on public addresses, and a name that does not resolve is refused', async () => {
    expect(
      await refusedReceiver('https://partner.example.vn/hook', aws(['14.225.250.10', '2402:800:6310::10'])),
    ).toBeNull();
    const failing = { allowLoopback: false, resolve: () => Promise.reject(new Error('ENOTFOUND')) };
    expect(await refusedReceiver('https://nowhere.invalid/hook', failing)).toBe('unresolvable');
  });

  it('allows loopback locally, and still refuses private addresses there', async () => {
    const localPolicy = { allowLoopback: true, resolve: async () => ['127.0.0.1'] };
    expect(await refusedReceiver('http://localhost:8080/hook', localPolicy)).toBeNull();
    expect(await refusedReceiver('http://10.0.0.5/hook', localPolicy)).toBe('private-address');
  });
});
