// Provider credentials read through the real AWS SDK Secrets Manager client (via Powertools Parameters), against
// a loopback endpoint that answers GetSecretValue as Secrets Manager does.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { ConfigurationError } from '../../shared/config.js';
import { linkedApplicantIdOf } from '../../shared/dossier/applicant-link.js';
import { lookupSecret } from '../../shared/dossier/lookup.js';
import { partnerLinkKey } from '../../shared/partner-files/key.js';
import { logger } from '../../shared/powertools.js';
import { httpSmsProvider, ProviderError, zaloZnsProvider } from '../../shared/notify/providers.js';
import { resourceEnv, SECRET_NAMES } from '../../shared/resource-env.js';
import { MIN_SIGNING_KEY_BYTES, readSecret, readSigningKey } from '../../shared/secrets.js';

const arn = (name: string) => `arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:${name}`;
const SECRETS: Record<string, string> = {
  [arn('sms')]: JSON.stringify({ SMS_GATEWAY_TOKEN: 'sms-token-1' }),
  [arn('zalo')]: JSON.stringify({ ZALO_ACCESS_TOKEN: '' }),
  // Put in the wrong secret: the webhook's secret holds the SMS token under its name, not its own credential.
  [arn('webhook')]: JSON.stringify({ SMS_GATEWAY_TOKEN: 'sms-token-1' }),
  [arn('garbled')]: 'not json: s3cr3t-value',
};
const requests: { target: string; secretId: string }[] = [];
let server: Server;
const saved = { ...process.env };

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const { SecretId } = JSON.parse(body) as { SecretId: string };
      requests.push({ target: String(request.headers['x-amz-target']), secretId: SecretId });
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      const secret = SECRETS[SecretId];
      if (secret === undefined) {
        response.statusCode = 400;
        response.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'not found' }));
        return;
      }
      response.end(
        JSON.stringify({ ARN: SecretId, Name: 'providers', SecretString: secret, VersionId: 'v1' }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
});

afterAll(async () => {
  process.env = saved;
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  for (const name of SECRET_NAMES) {
    delete process.env[name];
    delete process.env[resourceEnv.secretArn(name)];
  }
});

describe('provider credentials', () => {
  it('reads a credential from its own secret once, then from the cache', async () => {
    process.env.SMS_GATEWAY_TOKEN_ARN = arn('sms');
    const before = requests.length;
    expect(await readSecret('SMS_GATEWAY_TOKEN')).toBe('sms-token-1');
    expect(await readSecret('SMS_GATEWAY_TOKEN')).toBe('sms-token-1');
    expect(requests.slice(before)).toEqual([
      { target: 'secretsmanager.GetSecretValue', secretId: arn('sms') },
    ]);
  });

  it('reads each credential only from the secret named for it', async () => {
    // Another credential's secret is never a fallback.
    process.env.SMS_GATEWAY_TOKEN_ARN = arn('sms');
    expect(await readSecret('ZALO_ACCESS_TOKEN')).toBeUndefined();
    // A value put in the wrong secret is not taken for that secret's own credential.
    process.env.DELIVERY_WEBHOOK_SECRET_ARN = arn('webhook');
    expect(await readSecret('DELIVERY_WEBHOOK_SECRET')).toBeUndefined();
    expect(requests.map((r) => r.secretId)).not.toContain(arn('zalo'));
  });

  it('treats an empty or absent value, or no secret at all, as not configured', async () => {
    expect(await readSecret('ZALO_ACCESS_TOKEN')).toBeUndefined();
    process.env.ZALO_ACCESS_TOKEN_ARN = arn('zalo');
    expect(await readSecret('ZALO_ACCESS_TOKEN')).toBeUndefined();
  });

  it('prefers a value set in the environment (local stack and tests)', async () => {
    process.env.SMS_GATEWAY_TOKEN_ARN = arn('sms');
    process.env.SMS_GATEWAY_TOKEN = 'from-env';
    expect(await readSecret('SMS_GATEWAY_TOKEN')).toBe('from-env');
  });

  it('reports a secret that is not a JSON object without quoting it', async () => {
    process.env.SMS_GATEWAY_TOKEN_ARN = arn('garbled');
    const error = await readSecret('SMS_GATEWAY_TOKEN').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe('The SMS_GATEWAY_TOKEN secret is not a JSON object');
    expect(JSON.stringify(error)).not.toContain('s3cr3t');
  });

  it('reports a secret that cannot be read', async () => {
    process.env.SMS_GATEWAY_TOKEN_ARN = arn('missing');
    await expect(readSecret('SMS_GATEWAY_TOKEN')).rejects.toThrow(
      'The SMS_GATEWAY_TOKEN secret cannot be read',
    );
  });

  it('fails a send whose credential is not configured, so the next channel is tried', async () => {
    const message = {
      channel: 'sms' as const,
      to: '0912345678',
      event: 'received',
      params: {},
      rendered: { subject: 's', text: 't' },
      trackingId: 'x',
    };
    const unreachable = 'http://127.0.0.1:9/never-called';
    await expect(httpSmsProvider(unreachable, async () => undefined, 'TAYNINH')(message)).rejects.toThrow(
      new ProviderError('The SMS gateway token is not configured'),
    );
    await expect(
      zaloZnsProvider(unreachable, async () => undefined, { received: '123' })({
        ...message,
        channel: 'zalo',
      }),
    ).rejects.toThrow(new ProviderError('The Zalo access token is not configured'));
  });
});

describe("the keys this API signs and derives with (lookup, applicants' index, partner file links)", () => {
  const short = 'x'.repeat(MIN_SIGNING_KEY_BYTES - 1);
  const enough = 'y'.repeat(MIN_SIGNING_KEY_BYTES);

  it('counts a key under 32 bytes as none, warning once by its name and length, never its value', async () => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    try {
      process.env.LOOKUP_SECRET = short;
      expect(await readSigningKey('LOOKUP_SECRET')).toBeUndefined();
      expect(await readSigningKey('LOOKUP_SECRET')).toBeUndefined();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(JSON.stringify(warn.mock.calls)).toContain('LOOKUP_SECRET');
      expect(JSON.stringify(warn.mock.calls)).not.toContain(short);
      process.env.LOOKUP_SECRET = enough;
      expect(await readSigningKey('LOOKUP_SECRET')).toBe(enough);
      // Bytes, not characters: eleven letters of three bytes each are long enough.
      process.env.LOOKUP_SECRET = 'ễ'.repeat(11);
      expect(await readSigningKey('LOOKUP_SECRET')).toBe('ễ'.repeat(11));
      process.env.LOOKUP_SECRET = 'ễ'.repeat(10);
      expect(await readSigningKey('LOOKUP_SECRET')).toBeUndefined();
      expect(warn).toHaveBeenCalledTimes(1);
      delete process.env.LOOKUP_SECRET;
      expect(await readSigningKey('LOOKUP_SECRET')).toBeUndefined();
    } finally {
      warn.mockRestore();
    }
  });

  it('refuses as each does without its key: lookups fail, no applicant is linked, file links are off', async () => {
    // Each short key's warning is the test above's subject: here it would only be noise in the test output.
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    onTestFinished(() => warn.mockRestore());
    process.env.LOOKUP_SECRET = short;
    process.env.APPLICANT_LINK_SECRET = short;
    process.env.PARTNER_FILES_SECRET = short;
    const env = { PUBLIC_API_URL: 'https://api.example.gov.vn' };
    await expect(lookupSecret()).rejects.toThrow(ConfigurationError);
    expect(await linkedApplicantIdOf('001099012345')).toBeNull();
    expect(await partnerLinkKey(env)).toBeUndefined();

    process.env.LOOKUP_SECRET = enough;
    process.env.APPLICANT_LINK_SECRET = enough;
    process.env.PARTNER_FILES_SECRET = enough;
    expect(await lookupSecret()).toBe(enough);
    expect(await linkedApplicantIdOf('001099012345')).toMatch(/^citizen-id#/);
    expect(await partnerLinkKey(env)).toEqual({ secret: enough, baseUrl: env.PUBLIC_API_URL });
    // Links are made under the API's public base URL: without it there are none.
    expect(await partnerLinkKey({})).toBeUndefined();
  });

  it('is long enough on the local stack, whose runner sets them', async () => {
    const { LOCAL_LOOKUP_SECRET, LOCAL_APPLICANT_LINK_SECRET } = await import('../../local/runner.js');
    const { LOCAL_PARTNER_FILES_SECRET } = await import('../../local/national-portal.js');
    for (const key of [LOCAL_LOOKUP_SECRET, LOCAL_APPLICANT_LINK_SECRET, LOCAL_PARTNER_FILES_SECRET])
      expect(Buffer.byteLength(key), key).toBeGreaterThanOrEqual(MIN_SIGNING_KEY_BYTES);
  });
});
