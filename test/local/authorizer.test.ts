import { mkdtempSync, rmSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Context } from 'aws-lambda';
import { decodeProtectedHeader, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalIssuer, devTokenRequest, type LocalIssuer } from '../../local/authorizer.js';
import { toEventV2 } from '../../local/gateway.js';

const ISSUER = 'http://localhost:3000/dev/issuer';
const AUDIENCES = ['mot-cua-portal', 'mot-cua-officer-app'];
const now = () => Math.floor(Date.now() / 1000);

let dir: string;
let issuer: LocalIssuer;
let signingKey: CryptoKey;
let kid: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mot-cua-issuer-'));
  issuer = await createLocalIssuer(ISSUER, {
    audiences: AUDIENCES,
    keyFile: path.join(dir, 'issuer-key.json'),
  });
  // The persisted key lets a test sign tokens the issuer itself would never mint.
  const privateJwk = JSON.parse(readFileSync(path.join(dir, 'issuer-key.json'), 'utf8')) as JWK;
  signingKey = (await importJWK(privateJwk, 'RS256')) as CryptoKey;
  kid = privateJwk.kid!;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A token signed with the issuer's key: valid unless the overrides break it. */
function craft(
  claims: Record<string, unknown> = {},
  header: { alg?: string; kid?: string | null } = {},
  key: CryptoKey = signingKey,
) {
  const protectedHeader = {
    alg: header.alg ?? 'RS256',
    ...(header.kid === null ? {} : { kid: header.kid ?? kid }),
  };
  return new SignJWT({
    iss: ISSUER,
    aud: AUDIENCES[0],
    sub: 'user-1',
    scope: 'officer',
    iat: now() - 10,
    exp: now() + 600,
    ...claims,
  })
    .setProtectedHeader(protectedHeader)
    .sign(key);
}

const statusOf = async (authorization: string | undefined, scopes: string[] = ['officer']) =>
  (await issuer.authorize(authorization, scopes)).status;

describe('the local JWT authorizer, as API Gateway documents it', () => {
  it('takes the token from the Authorization header, alone or prefixed with Bearer', async () => {
    const token = await craft();
    expect(await statusOf(`Bearer ${token}`)).toBe(200);
    expect(await statusOf(token)).toBe(200);
    expect(await statusOf(undefined)).toBe(401);
    expect(await statusOf('Bearer ')).toBe(401);
  });

  it('refuses a token whose header has no kid, or a kid not in the JWKS', async () => {
    expect(await statusOf(await craft({}, { kid: null }))).toBe(401);
    expect(await statusOf(await craft({}, { kid: 'another-key' }))).toBe(401);
  });

  it('signs with RS256 and accepts only RSA algorithms, refusing ES256', async () => {
    const minted = await issuer.sign(devTokenRequest.parse({ role: 'officer', subject: 'u' }));
    expect(decodeProtectedHeader(minted)).toMatchObject({ alg: 'RS256', kid });
    expect(issuer.jwks.keys[0]).toMatchObject({ kty: 'RSA', kid });
    const { privateKey } = await generateKeyPair('ES256');
    expect(await statusOf(await craft({}, { alg: 'ES256' }, privateKey))).toBe(401);
  });

  it('refuses a token signed with another key under the right kid', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    expect(await statusOf(await craft({}, {}, privateKey))).toBe(401);
  });

  it('requires iss to equal the configured issuer', async () => {
    expect(await statusOf(await craft({ iss: 'https://elsewhere.example/issuer' }))).toBe(401);
    expect(await statusOf(await craft({ iss: undefined }))).toBe(401);
  });

  it('requires aud to match one of the configured audiences', async () => {
    expect(await statusOf(await craft({ aud: AUDIENCES[1] }))).toBe(200);
    expect(await statusOf(await craft({ aud: ['someone-else', AUDIENCES[1]] }))).toBe(200);
    expect(await statusOf(await craft({ aud: 'someone-else' }))).toBe(401);
  });

  it('checks client_id only when the token has no aud', async () => {
    expect(await statusOf(await craft({ aud: undefined, client_id: AUDIENCES[0] }))).toBe(200);
    expect(await statusOf(await craft({ aud: undefined, client_id: 'someone-else' }))).toBe(401);
    expect(await statusOf(await craft({ aud: 'someone-else', client_id: AUDIENCES[0] }))).toBe(401);
    expect(await statusOf(await craft({ aud: undefined }))).toBe(401);
  });

  it('requires exp after now', async () => {
    const expired = await issuer.authorize(await craft({ exp: now() - 1 }), ['officer']);
    expect(expired).toEqual({ status: 401, reason: 'the token has expired' });
    expect(await statusOf(await craft({ exp: undefined }))).toBe(401);
  });

  it('requires nbf before now', async () => {
    expect(await statusOf(await craft({ nbf: now() - 5 }))).toBe(200);
    expect(await statusOf(await craft({ nbf: now() + 60 }))).toBe(401);
  });

  it('requires iat before now', async () => {
    expect(await statusOf(await craft({ iat: now() + 60 }))).toBe(401);
  });

  it('answers 403 unless scope or scp holds one of the route scopes', async () => {
    expect(await statusOf(await craft({ scope: 'citizen officer' }))).toBe(200);
    expect(await statusOf(await craft({ scope: undefined, scp: ['admin', 'officer'] }))).toBe(200);
    expect(await statusOf(await craft({ scope: 'citizen' }))).toBe(403);
    expect(await statusOf(await craft({ scope: undefined, scp: ['citizen'] }))).toBe(403);
    expect(await statusOf(await craft({ scope: 'citizen' }), [])).toBe(200);
  });

  it('passes claims as payload v2.0 does: strings, with lists flattened to "[a b]"', async () => {
    const verdict = await issuer.authorize(await craft({ scope: undefined, scp: ['admin', 'officer'] }), [
      'officer',
    ]);
    if (verdict.status !== 200) throw new Error(`refused: ${verdict.status}`);
    expect(verdict.jwt.claims).toMatchObject({ scp: '[admin officer]', sub: 'user-1', aud: AUDIENCES[0] });
    expect(typeof verdict.jwt.claims.exp).toBe('string');
    expect(verdict.jwt.scopes).toEqual(['admin', 'officer']);
  });
});

describe('the handler behind the authorizer', () => {
  it('reads the roles from scp as the gateway passes it', async () => {
    process.env.ALLOWED_ORIGINS ??= 'http://localhost:5173';
    const { handler } = await import('../fixtures/functions/echo.js');
    const verdict = await issuer.authorize(await craft({ scope: undefined, scp: ['admin', 'officer'] }), [
      'officer',
    ]);
    if (verdict.status !== 200) throw new Error(`refused: ${verdict.status}`);
    const event = toEventV2(
      {
        method: 'POST',
        url: new URL('http://localhost/echo/1'),
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify({ name: 'a', age: 1 })),
        sourceIp: '127.0.0.1',
      },
      'POST /echo/{id}',
      { id: '1' },
      verdict.jwt,
    );
    const context = {
      functionName: 'echo',
      awsRequestId: 'r-1',
      getRemainingTimeInMillis: () => 1000,
    } as Context;
    const result = (await handler(event, context)) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).caller).toMatchObject({ roles: ['admin', 'officer'] });
  });
});

describe("an officer's title claim", () => {
  const echoCaller = async (claims: Record<string, unknown>) => {
    process.env.ALLOWED_ORIGINS ??= 'http://localhost:5173';
    const { handler } = await import('../fixtures/functions/echo.js');
    const verdict = await issuer.authorize(await craft({ scope: 'officer', ...claims }), ['officer']);
    if (verdict.status !== 200) throw new Error(`refused: ${verdict.status}`);
    const event = toEventV2(
      {
        method: 'POST',
        url: new URL('http://localhost/echo/1'),
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify({ name: 'a', age: 1 })),
        sourceIp: '127.0.0.1',
      },
      'POST /echo/{id}',
      { id: '1' },
      verdict.jwt,
    );
    const context = {
      functionName: 'echo',
      awsRequestId: 'r-1',
      getRemainingTimeInMillis: () => 1000,
    } as Context;
    const result = (await handler(event, context)) as { statusCode: number; body: string };
    return JSON.parse(result.body).caller as { title?: string; name?: string };
  };

  it("is signed as `title`, cleaned as officers' texts are, and an empty or too long one is refused", async () => {
    const request = devTokenRequest.parse({
      role: 'officer',
      subject: 'u',
      title: ' Chuyên\u0000viên\u200b ',
    });
    expect(request.title).toBe('Chuyên viên');
    const verdict = await issuer.authorize(await issuer.sign(request), ['officer']);
    if (verdict.status !== 200) throw new Error(`refused: ${verdict.status}`);
    expect(verdict.jwt.claims.title).toBe('Chuyên viên');
    for (const title of ['', ' \u200b\t', 'x'.repeat(129)]) {
      const refused = devTokenRequest.safeParse({ role: 'officer', subject: 'u', title });
      expect(refused.error?.issues.map((i) => i.path.join('.'))).toEqual(['title']);
    }
  });

  it("is read by the handlers cleaned and cut to 128 characters, whatever the identity provider's token holds", async () => {
    expect((await echoCaller({ title: 'Phó\u202eTrưởng\nphòng' })).title).toBe('PhóTrưởng phòng');
    expect((await echoCaller({ title: 'Lãnh đạo '.repeat(30) })).title).toHaveLength(128);
    expect((await echoCaller({ title: '\u200b' })).title).toBeUndefined();
    expect((await echoCaller({})).title).toBeUndefined();
  });

  it('cleans the `name` claim (receipts, NguoiXuLy) as the title: one line, nothing invisible, 1–128 characters', async () => {
    expect((await echoCaller({ name: ' Nguyễn\u202eVăn\r\nA\u200b ' })).name).toBe('NguyễnVăn A');
    // Decomposed marks, as some keyboards send them, are composed.
    expect((await echoCaller({ name: 'Nguye\u0302\u0303n' })).name).toBe('Nguyễn');
    expect((await echoCaller({ name: 'Trần Thị '.repeat(30) })).name).toHaveLength(128);
    expect((await echoCaller({ name: '\u200b\t' })).name).toBeUndefined();
    const request = devTokenRequest.parse({ role: 'officer', subject: 'u', name: ' Lê\u0000Văn\u200bB ' });
    expect(request.name).toBe('Lê VănB');
    for (const name of ['', ' \u200b\t', 'x'.repeat(129)]) {
      const refused = devTokenRequest.safeParse({ role: 'officer', subject: 'u', name });
      expect(refused.error?.issues.map((i) => i.path.join('.'))).toEqual(['name']);
    }
  });
});

describe('the signing key of a persisted stack', () => {
  it('is kept as a private JWK readable by its owner only, and reused by the next issuer', async () => {
    const keyFile = path.join(dir, 'restart', 'issuer-key.json');
    const before = await createLocalIssuer(ISSUER, { keyFile });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const after = await createLocalIssuer(ISSUER, { keyFile });
    const token = await before.sign(devTokenRequest.parse({ role: 'citizen', subject: 'u' }));
    expect((await after.authorize(token, ['citizen'])).status).toBe(200);
    const backwards = await after.sign(devTokenRequest.parse({ role: 'citizen', subject: 'u' }));
    expect((await before.authorize(backwards, ['citizen'])).status).toBe(200);
  });

  it('is fresh in memory, so another issuer refuses its tokens', async () => {
    const one = await createLocalIssuer(ISSUER);
    const other = await createLocalIssuer(ISSUER);
    const token = await one.sign(devTokenRequest.parse({ role: 'citizen', subject: 'u' }));
    expect((await other.authorize(token, ['citizen'])).status).toBe(401);
  });
});

describe('dev token requests', () => {
  it('name the allowed values when refused', () => {
    const result = devTokenRequest.safeParse({
      role: 'king',
      subject: 'u',
      agency: 'h-56',
      expiresInSeconds: 0,
    });
    const messages = Object.fromEntries(
      (result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]),
    );
    expect(messages.role).toContain('citizen, officer, admin');
    expect(messages.agency).toContain('000.00.02.H56');
    expect(messages.expiresInSeconds).toMatch(/1.*86400|86400.*1/);
  });
});
