// Fetching the national portal's file links: only from its files host, over https to public addresses in AWS, with
// the size cap enforced while the bytes arrive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalFiles } from '../../shared/adapters/national-portal/files.js';
import {
  portalSignature,
  portalTimeToEpoch,
  signedByPortal,
} from '../../shared/adapters/national-portal/inbound.js';
import {
  servePortalFiles,
  type PortalFileServer,
  type ServedFile,
} from '../../local/national-portal-push.js';

let server: PortalFileServer;
beforeAll(async () => {
  server = await servePortalFiles(
    new Map<string, ServedFile>([
      ['small.pdf', Buffer.from('%PDF-1.4 small')],
      ['streamed.pdf', { chunked: Buffer.alloc(5000, 0x41) }],
      ['busy.pdf', { status: 503 }],
    ]),
  );
});
afterAll(() => server.close());

const local = (filesUrl: string | undefined) =>
  portalFiles({ filesUrl, policy: { allowLoopback: true }, timeoutMs: 2000 });

describe("the national portal's file links", () => {
  it('fetches a file from the files host with its size and SHA-256', async () => {
    const download = await local(server.origin)(server.url('small.pdf'), 1000);
    expect(download).toMatchObject({ ok: true, object: { size: 14 } });
  });

  it('asks once more when the portal fails, then gives its answer as the reason', async () => {
    const download = await local(server.origin)(server.url('busy.pdf'), 1000);
    expect(download).toMatchObject({ ok: false, reason: { en: expect.stringMatching(/answered 503/) } });
    expect(server.hits.get('busy.pdf')).toBe(2);
  });

  it('cuts off a file past the limit while it streams in, without a length to go by', async () => {
    const download = await local(server.origin)(server.url('streamed.pdf'), 1000);
    expect(download.ok).toBe(false);
    if (!download.ok) expect(download.reason.en).toMatch(/too large/);
  });

  it('refuses a link off the files host, and every link when no host is configured', async () => {
    for (const files of [local('http://127.0.0.2:1'), local(undefined)]) {
      const download = await files(server.url('small.pdf'), 1000);
      expect(download.ok).toBe(false);
    }
  });

  it('refuses in AWS a link over http, and one whose host resolves to a private address', async () => {
    const aws = (resolve: (host: string) => Promise<string[]>, filesUrl: string) =>
      portalFiles({ filesUrl, policy: { allowLoopback: false, resolve }, timeoutMs: 2000 });
    const plain = await aws(async () => ['14.225.250.10'], server.origin)(server.url('small.pdf'), 1000);
    expect(plain).toMatchObject({ ok: false, reason: { en: expect.stringMatching(/not allowed/) } });
    const inside = await aws(async () => ['10.0.0.7'], 'https://files.dichvucong.gov.vn')(
      'https://files.dichvucong.gov.vn/a.pdf',
      1000,
    );
    expect(inside).toMatchObject({ ok: false, reason: { en: expect.stringMatching(/not allowed/) } });
  });
});

describe("the portal's push signature and times", () => {
  it('accepts the HMAC of the exact body, with or without its prefix, and nothing else', () => {
    const body = '{"a":1}';
    const signature = portalSignature(body, 'secret');
    expect(signedByPortal(body, 'secret', signature)).toBe(true);
    expect(signedByPortal(body, 'secret', `sha256=${signature.toUpperCase()}`)).toBe(true);
    expect(signedByPortal('{"a":2}', 'secret', signature)).toBe(false);
    expect(signedByPortal(body, 'other', signature)).toBe(false);
    expect(signedByPortal(body, 'secret', undefined)).toBe(false);
  });

  it('reads portal times as Vietnam time and refuses dates that do not exist', () => {
    expect(new Date(portalTimeToEpoch('20261201083000')).toISOString()).toBe('2026-12-01T01:30:00.000Z');
    expect(portalTimeToEpoch('20260230120000')).toBeNaN();
  });
});
