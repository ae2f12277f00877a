// DNS re-binding: a receiver's name answers a public address to the SSRF check and 127.0.0.1 to the next resolution.
// The events deliverer and the national documents fetcher connect only to the address checked, so the loopback
// service is never reached; TLS still names the host.
import dns from 'node:dns';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { portalFiles } from '../../shared/adapters/national-portal/files.js';
import { handleEvents, type DeliveryDeps } from '../../functions/events/delivery.js';
import { cloudEvent, postEvent } from '../../shared/events/delivery.js';
import { pinnedLookup, pinnedRequest } from '../../shared/events/pinned-request.js';
import type { Delivery, DeliveryAttempt, SubscriptionStore } from '../../shared/events/store.js';

/** A public address, never the loopback trap: connecting to it fails or times out in a test run, and that is fine. */
const PUBLIC = '93.184.216.34';

/** Answers PUBLIC to the first resolution of any name, 127.0.0.1 to every later one: as the system resolver too. */
function rebindingResolver() {
  const seen: string[] = [];
  const answer = (host: string) => {
    seen.push(host);
    return seen.length === 1 ? PUBLIC : '127.0.0.1';
  };
  return { seen, resolve: async (host: string) => [answer(host)], answer };
}

const realLookup = dns.lookup;
/** Makes the process's own name resolution (what fetch, http and net use without a `lookup`) answer as `answer`. */
function systemResolvesWith(answer: (host: string) => string) {
  dns.lookup = ((host: string, options: unknown, callback?: unknown) => {
    const done = (typeof options === 'function' ? options : callback) as (...args: unknown[]) => void;
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
    const address = answer(host);
    if (all) done(null, [{ address, family: 4 }]);
    else done(null, address, 4);
  }) as typeof dns.lookup;
}
afterEach(() => {
  dns.lookup = realLookup;
});

/** A loopback service that must never be connected to: it counts every connection, TLS or not. */
let trap: ReturnType<typeof createNetServer>;
let trapPort: number;
let trapConnections = 0;
beforeAll(async () => {
  trap = createNetServer((socket) => {
    trapConnections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
  trapPort = (trap.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => trap.close(() => resolve())));

function subscriptionsWith(url: string): SubscriptionStore & { attempts: DeliveryAttempt[] } {
  const attempts: DeliveryAttempt[] = [];
  return {
    attempts,
    create: async () => undefined,
    list: async () => [],
    get: async (id) => ({
      id,
      url,
      eventTypes: ['*'],
      description: '',
      createdAt: '',
      secret: 'whsec_dGVzdA==',
    }),
    remove: async () => true,
    deliveries: async () => ({ items: [] as Delivery[], last: null }),
    getDelivery: async () => null,
    claimAttempt: async () => true,
    recordAttempt: async (_id, _event, attempt) => {
      attempts.push(attempt);
    },
  };
}

describe('connections pinned to the checked addresses', () => {
  it('answers every name with the checked addresses only, of the family asked for', async () => {
    const lookup = pinnedLookup(['14.225.250.10', '2402:800:6310::10']);
    const ask = (options: dns.LookupOptions) =>
      new Promise<unknown>((resolve, reject) =>
        lookup('anything.example', options, (error, address, family) =>
          error ? reject(error) : resolve(options.all ? address : [address, family]),
        ),
      );
    expect(await ask({ all: true })).toEqual([
      { address: '14.225.250.10', family: 4 },
      { address: '2402:800:6310::10', family: 6 },
    ]);
    expect(await ask({ family: 6 })).toEqual(['2402:800:6310::10', 6]);
    await expect(
      new Promise((resolve, reject) =>
        pinnedLookup(['14.225.250.10'])('x', { family: 6 }, (e, a) => (e ? reject(e) : resolve(a))),
      ),
    ).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('never connects the events deliverer to what the name resolves to after the check', async () => {
    const resolver = rebindingResolver();
    systemResolvesWith(resolver.answer);
    const url = `https://receiver.partner.test:${trapPort}/hooks`;
    const subscriptions = subscriptionsWith(url);
    const sent: unknown[] = [];
    const deps: DeliveryDeps = {
      subscriptions,
      outbox: {} as DeliveryDeps['outbox'],
      send: async (message) => {
        sent.push(message);
      },
      policy: { allowLoopback: false, resolve: resolver.resolve },
      settings: { requestTimeoutMs: 1500, firstBackoffSeconds: 30, maxBackoffSeconds: 60, maxAttempts: 5 },
      now: () => Date.now(),
    };
    const event = cloudEvent({
      id: 'd-1#000001',
      type: 'vn.gov.motcua.dossier.submit',
      subject: '000.01.00.H56-261202-0001',
      time: new Date().toISOString(),
      data: {},
    });
    const outcome = await handleEvents(
      deps,
      { kind: 'delivery', subscriptionId: 's-1', event, attempt: 1 },
      1,
    );
    expect(outcome).toBe('retry-scheduled');
    // Resolved once, by the check; the connection went to the public address it answered, never to 127.0.0.1.
    expect(resolver.seen).toEqual(['receiver.partner.test']);
    expect(trapConnections).toBe(0);
    expect(subscriptions.attempts[0]!.error).toMatch(/unreachable|timeout/);
  });

  it('never connects the national documents fetcher to what the name resolves to after the check', async () => {
    const resolver = rebindingResolver();
    systemResolvesWith(resolver.answer);
    const origin = `https://files.dichvucong.test:${trapPort}`;
    const files = portalFiles({
      filesUrl: origin,
      policy: { allowLoopback: false, resolve: resolver.resolve },
      timeoutMs: 1000,
    });
    const download = await files(`${origin}/a.pdf`, 1000);
    expect(download.ok).toBe(false);
    expect(resolver.seen).toEqual(['files.dichvucong.test']);
    expect(trapConnections).toBe(0);
  });

  it('reaches a checked loopback receiver by its name, and keeps the host name in Host and TLS SNI', async () => {
    let host: string | undefined;
    const server: Server = createHttpServer((request, response) => {
      host = request.headers.host;
      response.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    // A name the system cannot resolve: only the pinned lookup can connect it.
    const answered = await pinnedRequest(`http://receiver.partner.test:${port}/hook`, {
      method: 'POST',
      body: '{}',
      addresses: ['127.0.0.1'],
      signal: AbortSignal.timeout(2000),
    });
    expect(answered.status).toBe(204);
    expect(host).toBe(`receiver.partner.test:${port}`);
    await new Promise<void>((resolve) => server.close(() => resolve()));

    // The TLS server names what the client asked for before any certificate is needed.
    let servername: string | undefined;
    const tls = createTlsServer({
      SNICallback: (name, callback) => {
        servername = name;
        callback(new Error('no certificate in this test'));
      },
    });
    tls.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    const tlsPort = (tls.address() as AddressInfo).port;
    await expect(
      pinnedRequest(`https://receiver.partner.test:${tlsPort}/hook`, {
        method: 'GET',
        addresses: ['127.0.0.1'],
        signal: AbortSignal.timeout(2000),
      }),
    ).rejects.toThrow();
    expect(servername).toBe('receiver.partner.test');
    await new Promise<void>((resolve) => tls.close(() => resolve()));
  });

  it("rejects with the signal's reason when it times out", async () => {
    const silent = createNetServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    await expect(
      pinnedRequest(`http://slow.partner.test:${port}/`, {
        method: 'GET',
        addresses: ['127.0.0.1'],
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    silent.close();
  });

  it("reads only a receiver's status: an answer whose body never ends neither holds nor fills the deliverer", async () => {
    let written = 0;
    let closed!: () => void;
    const connectionClosed = new Promise<void>((resolve) => (closed = resolve));
    const endless: Server = createHttpServer((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      // Writes for as long as the other side reads, and never ends the answer.
      const pump = () => {
        while (!response.destroyed && response.write(chunk)) written += chunk.length;
      };
      response.on('drain', pump);
      response.on('close', () => closed());
      pump();
    });
    await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
    const port = (endless.address() as AddressInfo).port;
    const event = cloudEvent({
      id: 'd-2#000001',
      type: 'vn.gov.motcua.dossier.submit',
      subject: '000.01.00.H56-261202-0002',
      time: new Date().toISOString(),
      data: {},
    });
    const secret = `whsec_${Buffer.from('a receiver that never stops talking').toString('base64')}`;
    const started = Date.now();
    // Buffering the body would wait out the timeout and count a delivered event as a failed one.
    const outcome = await postEvent(
      `http://receiver.partner.test:${port}/hooks`,
      secret,
      event,
      new Date(),
      5000,
      ['127.0.0.1'],
    );
    expect(outcome).toEqual({ ok: true, status: 200 });
    expect(Date.now() - started).toBeLessThan(4000);
    // The connection is dropped at once, after no more than the sockets' buffers took in.
    await connectionClosed;
    expect(written).toBeLessThan(16 * 1024 * 1024);
    await new Promise<void>((resolve) => endless.close(() => resolve()));
  });
});
