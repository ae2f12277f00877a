import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { SignJWT, generateKeyPair } from 'jose';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { LocalStackError, startDynamoDb } from '../../local/emulators.js';
import { MAX_BODY_BYTES } from '../../local/runner.js';
import { fixtureApp } from '../fixtures/app.js';
import { call, problemOf, useLocalStack } from '../support/local-stack.js';

const local = useLocalStack({ app: fixtureApp, catalogFile: null, checkContract: false });

interface RawEvent {
  body: string;
  isBase64Encoded: boolean;
  headers: Record<string, string | undefined>;
  requestContext: { requestId: string };
}

async function token(role: string, extra: Record<string, unknown> = {}) {
  const response = await call<{ token: string }>(local.stack, '/dev/tokens', {
    method: 'POST',
    json: { role, subject: 'user-1', ...extra },
  });
  expect(response.status).toBe(201);
  return response.body.token;
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('the JWT authorizer', () => {
  it('answers 401 without a token, with a forged one and with an expired one', async () => {
    expect((await call(local.stack, '/echo/1', { method: 'POST', json: { name: 'a', age: 1 } })).status).toBe(
      401,
    );
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ scope: 'officer' })
      .setProtectedHeader({ alg: 'RS256', kid: local.stack.issuer.jwks.keys[0]!.kid! })
      .setIssuer(local.stack.issuer.issuer)
      .setAudience('mot-cua-portal')
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(privateKey);
    expect(
      (await call(local.stack, '/echo/1', { method: 'POST', json: { name: 'a', age: 1 }, token: forged }))
        .status,
    ).toBe(401);
    const expired = await token('officer', { expiresInSeconds: 1 });
    await new Promise((r) => setTimeout(r, 2100));
    const refused = await call(local.stack, '/echo/1', {
      method: 'POST',
      json: { name: 'a', age: 1 },
      token: expired,
    });
    expect(refused.status).toBe(401);
    // What a portal sees: API Gateway's own JSON, and the reason in www-authenticate.
    expect(refused.body).toEqual({ message: 'Unauthorized' });
    expect(refused.headers.get('content-type')).toBe('application/json');
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(refused.headers.get('www-authenticate')).toContain('the token has expired');
  });

  it('puts the API CORS headers on its 401 and 403 for an allowed origin', async () => {
    const origin = 'http://localhost:5173';
    const unauthorized = await call(local.stack, '/echo/1', {
      method: 'POST',
      json: { name: 'a', age: 1 },
      headers: { origin },
    });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('access-control-allow-origin')).toBe(origin);
    const forbidden = await call(local.stack, '/echo/1', {
      method: 'POST',
      json: { name: 'a', age: 1 },
      headers: { origin },
      token: await token('citizen'),
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual({ message: 'Forbidden' });
    expect(forbidden.headers.get('access-control-allow-origin')).toBe(origin);
    const stranger = await call(local.stack, '/echo/1', {
      method: 'POST',
      json: { name: 'a', age: 1 },
      headers: { origin: 'https://evil.example' },
    });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 403 when the token lacks the route role', async () => {
    const citizen = await token('citizen');
    expect(
      (await call(local.stack, '/echo/1', { method: 'POST', json: { name: 'a', age: 1 }, token: citizen }))
        .status,
    ).toBe(403);
  });

  it('passes the verified claims to the handler', async () => {
    const officer = await token('officer', { agency: '000.00.02.H56' });
    const response = await call<{ caller: unknown; path: unknown; query: unknown }>(
      local.stack,
      '/echo/42?tag=x',
      {
        method: 'POST',
        json: { name: 'Nguyễn Văn A', age: 30 },
        token: officer,
      },
    );
    expect(response.status).toBe(200);
    expect(response.body.caller).toEqual({
      subject: 'user-1',
      roles: ['officer'],
      agency: '000.00.02.H56',
      duties: ['receive', 'process', 'approve'],
    });
    expect(response.body.path).toEqual({ id: '42' });
    expect(response.body.query).toEqual({ tag: 'x' });
  });

  it('serves its JWKS and refuses a bad token request', async () => {
    const jwks = await call<{ keys: { kty: string }[] }>(local.stack, '/dev/issuer/.well-known/jwks.json');
    expect(jwks.body.keys[0]?.kty).toBe('RSA');
    const bad = await call(local.stack, '/dev/tokens', {
      method: 'POST',
      json: { role: 'king', subject: '' },
    });
    expect(problemOf(bad)).toMatchObject({
      status: 400,
      fields: expect.arrayContaining(['body.role', 'body.subject']),
    });
  });
});

describe('bodies through the middleware stack', () => {
  const send = async (init: RequestInit & { json?: unknown }) =>
    call(local.stack, '/echo/7', { method: 'POST', token: await token('admin'), ...init });

  it('names the fields of a body with wrong types', async () => {
    const response = await send({ json: { name: '', age: 'old', extra: true } });
    expect(problemOf(response)).toMatchObject({
      status: 400,
      contentType: 'application/problem+json',
      fields: expect.arrayContaining(['body.name', 'body.age', 'body.extra']),
    });
  });

  it('answers malformed JSON, a wrong content type and an oversized body with 4xx problems', async () => {
    const malformed = await send({ body: '{"name": "a",', headers: { 'content-type': 'application/json' } });
    expect(problemOf(malformed)).toMatchObject({ status: 400, type: 'urn:mot-cua:problem:malformed-json' });
    const text = await send({ body: 'name=a', headers: { 'content-type': 'text/plain' } });
    expect(problemOf(text)).toMatchObject({ status: 415, fields: ['header.content-type'] });
    const big = await send({ json: { name: 'x'.repeat(2000), age: 1 } });
    expect(problemOf(big)).toMatchObject({ status: 413, fields: ['body'] });
    const missing = await send({});
    expect(problemOf(missing)).toMatchObject({ status: 400, fields: ['body'] });
  });

  it('names path and query problems', async () => {
    const response = await call(local.stack, '/echo/abc?colour=red', {
      method: 'POST',
      token: await token('admin'),
      json: { name: 'a', age: 1 },
    });
    expect(problemOf(response).fields).toEqual(expect.arrayContaining(['path.id', 'query.colour']));
  });
});

describe('API Gateway payload v2.0', () => {
  it('builds the event as API Gateway does', async () => {
    const response = await call<RawEvent>(local.stack, '/raw/a/b%20c?x=1&x=2&y=', {
      method: 'PUT',
      headers: { cookie: 'a=1; b=2', 'X-Custom': 'v', 'Content-Type': 'application/json' },
      body: '{"k":1}',
    });
    const event = response.body;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'ANY /raw/{proxy+}',
      rawPath: '/raw/a/b%20c',
      rawQueryString: 'x=1&x=2&y=',
      cookies: ['a=1', 'b=2'],
      queryStringParameters: { x: '1,2', y: '' },
      pathParameters: { proxy: 'a/b c' },
      body: '{"k":1}',
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'PUT', path: '/raw/a/b%20c' },
        stage: '$default',
        routeKey: 'ANY /raw/{proxy+}',
      },
    });
    // Header names in lower case, as API Gateway passes them in payload v2.0 (handlers rely on it).
    expect(event.headers['x-custom']).toBe('v');
    expect(event.headers['content-type']).toBe('application/json');
    expect(Object.keys(event.headers).every((name) => name === name.toLowerCase())).toBe(true);
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('base64-encodes binary bodies both ways and sets cookies', async () => {
    const upload = await call<RawEvent>(local.stack, '/raw/upload', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array([0, 1, 2, 255]),
    });
    expect(upload.body.isBase64Encoded).toBe(true);
    expect(Buffer.from(upload.body.body, 'base64')).toEqual(Buffer.from([0, 1, 2, 255]));
    const binary = await fetch(`${local.stack.url}/raw/binary`);
    expect(Buffer.from(await binary.arrayBuffer())).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const cookie = await fetch(`${local.stack.url}/raw/cookie`);
    expect(cookie.status).toBe(201);
    expect(cookie.headers.get('set-cookie')).toBe('session=abc; HttpOnly');
  });

  it('answers a crashing function as API Gateway does, without the error', async () => {
    const response = await call(local.stack, '/raw/crash');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ message: 'Internal Server Error' });
  });

  it('answers CORS preflights for configured origins, before the authorizer', async () => {
    const response = await fetch(`${local.stack.url}/echo/1`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET,POST,PUT,DELETE,PATCH');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(response.headers.get('access-control-max-age')).toBe('3600');
  });

  it('refuses a body over the 10 MiB quota with 413 instead of forwarding part of it', async () => {
    const response = await call(local.stack, '/raw/big', {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(MAX_BODY_BYTES + 1),
    });
    expect(response.status).toBe(413);
    expect(response.body).toEqual({ message: 'Request Entity Too Large' });
    const atQuota = await call<RawEvent>(local.stack, '/raw/big', {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(MAX_BODY_BYTES),
    });
    expect(atQuota.status).toBe(200);
    expect(Buffer.from(atQuota.body.body, 'base64').length).toBe(MAX_BODY_BYTES);
  });

  it('answers 413 from the declared length, without waiting for the body', async () => {
    const url = new URL(`${local.stack.url}/raw/big`);
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'PUT' },
        (response) => {
          resolve(response.statusCode ?? 0);
          request.destroy();
        },
      );
      request.on('error', reject);
      request.setHeader('content-length', String(1024 * MAX_BODY_BYTES));
      request.write(Buffer.alloc(1024)); // and nothing more: the gateway must not wait for the other 10 GiB
    });
    expect(status).toBe(413);
  });
});

describe('queue consumers', () => {
  const documents = () => DynamoDBDocumentClient.from(local.stack.clients.dynamodb);
  const table = () => local.stack.resources.env.TABLE_EVENTS!;
  const send = (body: unknown) =>
    local.stack.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: local.stack.resources.queueUrls.get('work')!,
        MessageBody: JSON.stringify(body),
      }),
    );
  const item = async (key: string) =>
    (await documents().send(new GetCommand({ TableName: table(), Key: { pk: key } }))).Item;
  const dlqCount = async () => {
    const attributes = await local.stack.clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: local.stack.resources.dlqUrls.get('work')!,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    return Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0);
  };

  it('delivers real SQS records to the consumer', async () => {
    await send({ behaviour: 'ok', key: 'ok-1' });
    const processed = await eventually(() => item('ok-1'));
    expect(processed).toMatchObject({ attempts: 1, lastReceiveCount: 1 });
    expect(processed.eventSourceARN).toMatch(/^arn:aws:sqs:.*fixture-local-queue-work$/);
  });

  // A visibility timeout and a redelivery: slow on a loaded machine.
  it('retries only the failed records of a batch, after the visibility timeout', async () => {
    await send({ behaviour: 'fail-once', key: 'retry-1' });
    await send({ behaviour: 'ok', key: 'ok-2' });
    const retried = await eventually(async () => {
      const found = await item('retry-1');
      return found && found.attempts >= 2 ? found : undefined;
    }, 180_000).catch(async (error: Error) => {
      // What the worker recorded and what the DLQ holds say which receive went wrong.
      throw new Error(`${error.message}: ${JSON.stringify(await item('retry-1'))}, DLQ ${await dlqCount()}`);
    });
    expect(retried).toMatchObject({ attempts: 2, lastReceiveCount: 2 });
    expect(await item('ok-2')).toMatchObject({ attempts: 1 });
  }, 240_000);

  it('moves a poison message to the DLQ after maxReceiveCount', async () => {
    await send({ behaviour: 'poison', key: 'poison-1' });
    const visible = await eventually(async () => {
      const count = await dlqCount();
      return count > 0 ? count : undefined;
    }, 200_000);
    expect(visible).toBe(1);
    expect(await item('poison-1')).toMatchObject({ attempts: 2 });
  }, 240_000);
});

describe('scheduled functions', () => {
  it('run with an EventBridge scheduled event', async () => {
    await local.stack.runSchedule('tick');
    const tick = await documents().send(
      new GetCommand({ TableName: local.stack.resources.env.TABLE_EVENTS!, Key: { pk: 'tick' } }),
    );
    expect(tick.Item).toMatchObject({ runs: 1, detailType: 'Scheduled Event' });
  });
  const documents = () => DynamoDBDocumentClient.from(local.stack.clients.dynamodb);
});

describe('starting the stack', () => {
  it('fails with a clear message when a port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    await expect(startDynamoDb({ port })).rejects.toThrow(
      new LocalStackError(
        `Port ${port} (DynamoDB Local) is already in use. Stop what holds it or choose another port (see README).`,
      ),
    );
    blocker.close();
  });

  it('fails with a clear message when Java is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(startDynamoDb({ port: 0 })).rejects.toThrow(/Java was not found/);
    } finally {
      process.env.PATH = path;
    }
  });
});
