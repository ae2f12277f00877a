// The local stack: real emulators, resources created from the app definition, the HTTP API served as API Gateway
// would (payload v2.0, JWT authorizer), queue consumers long-polling, and scheduled functions on their rate.
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ScheduledEvent } from 'aws-lambda';
import { app as defaultApp } from '../infra/app-definition.js';
import { httpRoutes, schedules, type AppDefinition, type FunctionDefinition } from '../infra/app-model.js';
import { catalogSummary, loadCatalog, parseCatalog } from '../shared/catalog/load.js';
import type { RouteContract } from '../shared/http/route.js';
import { CORS } from '../infra/cors.js';
import { createLocalIssuer, devTokenRequest, type GatewayJwt, type LocalIssuer } from './authorizer.js';
import {
  claimPort,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startDynamoDb,
  startS3,
  startSqs,
  type RunningEmulator,
} from './emulators.js';
import {
  fromResultV2,
  gatewayError,
  matchRoute,
  toEventV2,
  type GatewayRoute,
  type OutgoingResponse,
} from './gateway.js';
import { createInvoker, FunctionTimeoutError } from './invoke.js';
import {
  fakePaymentPlatform,
  LOCAL_PAYMENT_PLATFORM,
  PAYMENT_PAGE_PATH,
  PAYMENT_QUERY_PATH,
} from './payment-platform.js';
import { LOCAL_NATIONAL_PORTAL as LOCAL_NATIONAL_PUSH } from './national-portal-push.js';
import {
  fakeNationalPortal,
  LOCAL_NATIONAL_PORTAL,
  LOCAL_PARTNER_FILES_SECRET,
  NATIONAL_PORTAL_PATH,
  type FakeNationalPortal,
} from './national-portal.js';
import { provision, type ProvisionedResources } from './provision.js';
import { developmentSigning, type DevelopmentSigning } from './signing-ca.js';
import { startQueuePollers } from './queues.js';

/** Signing secret for delivery reports on the local stack (Standard Webhooks format). */
export const LOCAL_WEBHOOK_SECRET = `whsec_${Buffer.from('mot-cua-local-delivery-webhooks').toString('base64')}`;
/** The local stage's lookup secret: receipts' PINs and link proofs; AWS keeps the stage's own in its secret. */
export const LOCAL_LOOKUP_SECRET = 'mot-cua-local-lookup-secret-of-32-bytes';
export const LOCAL_APPLICANT_LINK_SECRET = 'mot-cua-local-applicant-link-secret';
/** The local SMS gateway's signing secret for inbound messages (Standard Webhooks format). */
export const LOCAL_SMS_INBOUND_SECRET = `whsec_${Buffer.from('mot-cua-local-inbound-sms').toString('base64')}`;
/** The local Zalo Official Account: its app id and OA secret key (the webhook's MAC). */
export const LOCAL_ZALO_APP = { appId: '1234567890123456789', oaSecret: 'mot-cua-local-zalo-oa-secret' };

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** API Gateway's payload quota (10 MB, in MiB as it counts them). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface LocalStackOptions {
  app?: AppDefinition;
  projectRoot?: string;
  /** 0 picks a free port. */
  ports?: Partial<Record<'api' | 'dynamodb' | 's3' | 'sqs', number>>;
  /** Where DynamoDB Local and s3rver keep data; ignored with inMemory. */
  dataDir?: string;
  inMemory?: boolean;
  /** Catalog file loaded into the catalog table at start (when the definition has one). */
  catalogFile?: string | null;
  allowedOrigins?: string[];
  /** How long a dossier may wait in a pipeline stage before the sweeper re-sends it. */
  stuckAfterSeconds?: number;
  /** Leave messages in the queues instead of invoking consumers (to reproduce a crash between stages). */
  pauseConsumers?: boolean;
  log?: (line: string) => void;
}

/** What the notification stage would have sent, recorded by the dev-outbox provider. */
export interface DevOutboxMessage {
  id: string;
  receivedAt: string;
  channel: string;
  to: string;
  event: string;
  trackingId: string;
  rendered: { subject: string; text: string };
  params: Record<string, string>;
}

type Target =
  | {
      kind: 'function';
      name: string;
      fn: FunctionDefinition;
      route: Pick<RouteContract, 'auth' | 'method' | 'path'>;
    }
  | { kind: 'builtin'; handle: (request: IncomingMessage, body: Buffer) => Promise<OutgoingResponse> };

export interface LocalStack {
  url: string;
  endpoints: { dynamodb: string; s3: string; sqs: string };
  resources: ProvisionedResources;
  issuer: LocalIssuer;
  clients: { dynamodb: DynamoDBClient; s3: S3Client; sqs: SQSClient };
  /** Route keys served, built-in /dev routes included. */
  routeKeys(): string[];
  devOutbox: {
    messages(): DevOutboxMessage[];
    /** Makes the dev outbox refuse these channels, to exercise fallback. */
    failChannels(channels: string[]): void;
  };
  /** Runs a scheduled function now, as its schedule would. */
  runSchedule(name: string): Promise<unknown>;
  /** The development CA and signing certificate the documents consumer signs forms with (unless others are set). */
  signing: DevelopmentSigning;
  /** The fake national portal adapter the sync talks to (unless NATIONAL_PORTAL_URL names another). */
  nationalPortal: FakeNationalPortal;
  stop(): Promise<void>;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): OutgoingResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: Buffer.from(JSON.stringify(body)),
});

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const app = options.app ?? defaultApp;
  const root = options.projectRoot ?? PROJECT_ROOT;
  const log = options.log ?? (() => undefined);
  const ports = { api: 3000, dynamodb: 8000, s3: 4569, sqs: 9324, ...options.ports };
  const dataDir = options.dataDir ?? path.join(root, '.local');
  const scratch = options.inMemory ? mkdtempSync(path.join(tmpdir(), 'mot-cua-s3-')) : undefined;
  // Kept apart from s3rver's folder, where every directory is a bucket.
  const signingDir = options.inMemory
    ? mkdtempSync(path.join(tmpdir(), 'mot-cua-signing-'))
    : path.join(dataDir, 'signing');
  const allowedOrigins = options.allowedOrigins ?? ['http://localhost:5173'];

  const apiPort = await claimPort(ports.api, 'HTTP API');
  const emulators: RunningEmulator[] = [];
  const stopAll = async () => {
    await Promise.allSettled(emulators.map((e) => e.stop()));
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    if (options.inMemory) rmSync(signingDir, { recursive: true, force: true });
  };
  let dynamo: RunningEmulator, s3: RunningEmulator, sqs: RunningEmulator;
  try {
    dynamo = await startDynamoDb({
      port: ports.dynamodb,
      dataDir: options.inMemory ? undefined : path.join(dataDir, 'dynamodb'),
    });
    emulators.push(dynamo);
    s3 = await startS3({ port: ports.s3, dataDir: scratch ?? path.join(dataDir, 's3') });
    emulators.push(s3);
    sqs = await startSqs({ port: ports.sqs });
    emulators.push(sqs);
  } catch (error) {
    await stopAll();
    throw error;
  }

  // The organisation's signing key and chain locally: the development CA's (in AWS, the KMS key and the chain its CA
  // issued).
  const signing = await developmentSigning(signingDir);

  // Handlers find the emulators through the SDK's standard variables, as they find AWS through its defaults.
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ENDPOINT_URL_SQS: sqs.endpoint,
    POWERTOOLS_SERVICE_NAME: app.service,
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    ALLOWED_ORIGINS: allowedOrigins.join(','),
    NOTIFY_PROVIDER: 'dev-outbox',
    DELIVERY_WEBHOOK_SECRET: process.env.DELIVERY_WEBHOOK_SECRET ?? LOCAL_WEBHOOK_SECRET,
    LOOKUP_SECRET: process.env.LOOKUP_SECRET ?? LOCAL_LOOKUP_SECRET,
    APPLICANT_LINK_SECRET: process.env.APPLICANT_LINK_SECRET ?? LOCAL_APPLICANT_LINK_SECRET,
    SMS_INBOUND_WEBHOOK_SECRET: process.env.SMS_INBOUND_WEBHOOK_SECRET ?? LOCAL_SMS_INBOUND_SECRET,
    ZALO_OA_SECRET: process.env.ZALO_OA_SECRET ?? LOCAL_ZALO_APP.oaSecret,
    ZALO_APP_ID: process.env.ZALO_APP_ID ?? LOCAL_ZALO_APP.appId,
    SIGNING_KEY_FILE: signing.keyFile,
    SIGNING_CERTIFICATE_CHAIN_FILE: signing.chainFile,
    // Signatures chain to the development CA locally, the forms' own among them, unless other roots are set.
    TRUSTED_SIGNING_ROOTS: process.env.TRUSTED_SIGNING_ROOTS ?? signing.caFile,
    DEV_OUTBOX_URL: `http://localhost:${apiPort}/dev/outbox`,
    STUCK_AFTER_SECONDS: String(options.stuckAfterSeconds ?? 60),
    // Local receivers of outbound events listen on loopback over http; in AWS the setting is absent (https, public).
    EVENTS_ALLOW_LOOPBACK: process.env.EVENTS_ALLOW_LOOPBACK ?? 'true',
    PUBLIC_PORTAL_URL: allowedOrigins[0] ?? `http://localhost:${apiPort}`,
    // The fake national payment platform below, unless a real one (its test environment) is configured.
    PAYMENT_PLATFORM_SECRET: process.env.PAYMENT_PLATFORM_SECRET ?? LOCAL_PAYMENT_PLATFORM.secret,
    PAYMENT_PARTNER_CODE: process.env.PAYMENT_PARTNER_CODE ?? LOCAL_PAYMENT_PLATFORM.partnerCode,
    PAYMENT_PLATFORM_URL:
      process.env.PAYMENT_PLATFORM_URL ?? `http://localhost:${apiPort}${PAYMENT_PAGE_PATH}`,
    PAYMENT_PLATFORM_QUERY_URL:
      process.env.PAYMENT_PLATFORM_QUERY_URL ?? `http://localhost:${apiPort}${PAYMENT_QUERY_PATH}`,
    // Pushes of dossiers filed on the national portal: local/national-portal-push.ts signs them and serves the files.
    NATIONAL_PORTAL_PUSH_SECRET: process.env.NATIONAL_PORTAL_PUSH_SECRET ?? LOCAL_NATIONAL_PUSH.secret,
    NATIONAL_PORTAL_FILES_URL:
      process.env.NATIONAL_PORTAL_FILES_URL ?? `http://127.0.0.1:${LOCAL_NATIONAL_PUSH.filesPort}`,
    // The fake national portal adapter below, unless a real one (its test environment) is configured.
    NATIONAL_PORTAL_URL:
      process.env.NATIONAL_PORTAL_URL ?? `http://localhost:${apiPort}${NATIONAL_PORTAL_PATH}`,
    NATIONAL_PORTAL_UNIT_CODE: process.env.NATIONAL_PORTAL_UNIT_CODE ?? LOCAL_NATIONAL_PORTAL.unitCode,
    NATIONAL_PORTAL_USERNAME: process.env.NATIONAL_PORTAL_USERNAME ?? LOCAL_NATIONAL_PORTAL.username,
    NATIONAL_PORTAL_PASSWORD: process.env.NATIONAL_PORTAL_PASSWORD ?? LOCAL_NATIONAL_PORTAL.password,
    // Links the sync gives the portal to fetch documents by: this API's own origin, signed with the local key.
    PUBLIC_API_URL: process.env.PUBLIC_API_URL ?? `http://localhost:${apiPort}`,
    PARTNER_FILES_SECRET: process.env.PARTNER_FILES_SECRET ?? LOCAL_PARTNER_FILES_SECRET,
  });
  delete process.env.AWS_PROFILE;

  const clientConfig = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const clients = {
    dynamodb: new DynamoDBClient({ ...clientConfig, endpoint: dynamo.endpoint }),
    s3: new S3Client({
      ...clientConfig,
      endpoint: s3.endpoint,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
    }),
    sqs: new SQSClient({ ...clientConfig, endpoint: sqs.endpoint }),
  };
  let resources: ProvisionedResources;
  try {
    resources = await provision(app, clients);
    Object.assign(process.env, resources.env);
    const catalogFile =
      options.catalogFile === undefined ? path.join(root, 'data/catalog.json') : options.catalogFile;
    if (app.tables.catalog && catalogFile) {
      const catalog = parseCatalog(JSON.parse(readFileSync(catalogFile, 'utf8')));
      const loaded = await loadCatalog(
        DynamoDBDocumentClient.from(clients.dynamodb),
        resources.env.TABLE_CATALOG!,
        catalog,
        new Date().toISOString(),
      );
      log(`Catalog: ${catalogSummary(loaded)}`);
    }
  } catch (error) {
    await stopAll();
    throw error;
  }

  const baseUrl = `http://localhost:${apiPort}`;
  // A persisted stack keeps its signing key beside its data, so tokens minted before a restart still pass.
  const issuer = await createLocalIssuer(`${baseUrl}/dev/issuer`, {
    keyFile: options.inMemory ? undefined : path.join(dataDir, 'issuer-key.json'),
  });
  const invoke = createInvoker(root);

  const readJson = (body: Buffer): unknown => {
    try {
      return JSON.parse(body.toString('utf8') || '{}');
    } catch {
      return undefined;
    }
  };
  const scheduledEvent = (name: string): ScheduledEvent => ({
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: new Date().toISOString(),
    region: LOCAL_REGION,
    resources: [`arn:aws:events:${LOCAL_REGION}:000000000000:rule/${name}`],
    detail: {},
  });
  const outbox: DevOutboxMessage[] = [];
  const paymentPlatform = fakePaymentPlatform(baseUrl, process.env.PAYMENT_PLATFORM_SECRET);
  const nationalPortal = fakeNationalPortal({
    username: process.env.NATIONAL_PORTAL_USERNAME!,
    password: process.env.NATIONAL_PORTAL_PASSWORD!,
    unitCode: process.env.NATIONAL_PORTAL_UNIT_CODE!,
  });
  let failingChannels = new Set<string>();
  const builtins: GatewayRoute<Target>[] = [
    {
      method: 'POST',
      path: '/dev/outbox',
      target: {
        kind: 'builtin',
        handle: async (_request, body) => {
          const message = readJson(body) as Omit<DevOutboxMessage, 'id' | 'receivedAt'> | undefined;
          if (!message || typeof message.channel !== 'string') return json(400, { message: 'Bad Request' });
          if (failingChannels.has(message.channel))
            return json(503, { message: `${message.channel} unavailable` });
          const stored = { ...message, id: `dev-${outbox.length + 1}`, receivedAt: new Date().toISOString() };
          outbox.push(stored);
          return json(201, { id: stored.id });
        },
      },
    },
    {
      method: 'POST',
      path: '/dev/schedules/{name}',
      target: {
        kind: 'builtin',
        handle: async (request) => {
          const name = decodeURIComponent(
            new URL(request.url ?? '/', baseUrl).pathname.split('/').pop() ?? '',
          );
          const scheduled = schedules(app).find((s) => s.name === name);
          if (!scheduled) return json(404, { message: `No scheduled function ${name}` });
          return json(200, { result: await invoke(name, scheduled.fn, scheduledEvent(name)) });
        },
      },
    },
    {
      method: 'GET',
      path: PAYMENT_PAGE_PATH,
      target: { kind: 'builtin', handle: (request) => paymentPlatform.page(request) },
    },
    {
      method: 'POST',
      path: PAYMENT_PAGE_PATH,
      target: { kind: 'builtin', handle: (_request, body) => paymentPlatform.pay(body) },
    },
    {
      method: 'POST',
      path: PAYMENT_QUERY_PATH,
      target: { kind: 'builtin', handle: (_request, body) => paymentPlatform.query(body) },
    },
    ...['auth', 'api'].map((name) => ({
      method: 'POST',
      path: `${NATIONAL_PORTAL_PATH}/${name}`,
      target: { kind: 'builtin' as const, handle: nationalPortal.handle },
    })),
    {
      method: 'GET',
      path: '/dev/outbox',
      target: { kind: 'builtin', handle: async () => json(200, { items: outbox }) },
    },
    {
      method: 'POST',
      path: '/dev/tokens',
      target: {
        kind: 'builtin',
        handle: async (_request, body) => {
          const parsed = devTokenRequest.safeParse(readJson(body));
          if (!parsed.success) {
            return json(
              400,
              {
                type: 'urn:mot-cua:problem:validation-error',
                title: 'Invalid input',
                status: 400,
                errors: parsed.error.issues.map((i) => ({
                  field: ['body', ...i.path].join('.'),
                  message: i.message,
                })),
              },
              { 'content-type': 'application/problem+json' },
            );
          }
          const token = await issuer.sign(parsed.data);
          return json(201, { token, tokenType: 'Bearer', expiresIn: parsed.data.expiresInSeconds });
        },
      },
    },
    {
      method: 'GET',
      path: '/dev/issuer/.well-known/jwks.json',
      target: { kind: 'builtin', handle: async () => json(200, issuer.jwks) },
    },
    {
      method: 'GET',
      path: '/dev/issuer/.well-known/openid-configuration',
      target: {
        kind: 'builtin',
        handle: async () =>
          json(200, { issuer: issuer.issuer, jwks_uri: `${issuer.issuer}/.well-known/jwks.json` }),
      },
    },
  ];
  const functionRoutes: GatewayRoute<Target>[] = httpRoutes(app).map(({ name, fn, route }) => ({
    method: route.method,
    path: route.path,
    target: { kind: 'function', name, fn, route },
  }));
  const table = [...builtins, ...functionRoutes];

  /** API Gateway answers a CORS preflight itself from the API's CORS configuration, before routes and authorizer. */
  function preflight(request: IncomingMessage): OutgoingResponse | null {
    const origin = request.headers.origin;
    if (request.method !== 'OPTIONS' || !origin || !request.headers['access-control-request-method'])
      return null;
    if (!allowedOrigins.includes(origin)) return { status: 204, headers: {}, body: Buffer.alloc(0) };
    return {
      status: 204,
      headers: {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': CORS.allowMethods.join(','),
        'access-control-allow-headers': CORS.allowHeaders.join(','),
        'access-control-max-age': String(CORS.maxAgeSeconds),
      },
      body: Buffer.alloc(0),
    };
  }

  /**
   * With a CORS configuration, API Gateway puts its own CORS headers on every answer to an allowed origin, its
   * authorizer's 401 and 403 included, and ignores the ones an integration returns.
   */
  function withGatewayCors(origin: string | undefined, response: OutgoingResponse): OutgoingResponse {
    const headers = Object.fromEntries(
      Object.entries(response.headers).filter(([name]) => !name.startsWith('access-control-')),
    );
    if (origin && allowedOrigins.includes(origin)) {
      headers['access-control-allow-origin'] = origin;
      headers['access-control-expose-headers'] = CORS.exposeHeaders.join(',');
    }
    return { ...response, headers };
  }

  async function handle(request: IncomingMessage, body: Buffer): Promise<OutgoingResponse> {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', baseUrl);
    const matched = matchRoute(table, method, url.pathname);
    if (!matched) return json(404, { message: 'Not Found' });
    const target = matched.route.target;
    if (target.kind === 'builtin') return target.handle(request, body);
    let jwt: GatewayJwt | null = null;
    if (target.route.auth !== 'public') {
      const verdict = await issuer.authorize(request.headers.authorization, target.route.auth.roles);
      if (verdict.status === 401) {
        // API Gateway's own answer, which HTTP APIs cannot customize; the reason travels in www-authenticate.
        const challenge = verdict.reason
          ? {
              'www-authenticate': `Bearer scope="${target.route.auth.roles.join(' ')}" error="invalid_token" error_description="${verdict.reason}"`,
            }
          : undefined;
        return json(401, { message: 'Unauthorized' }, challenge);
      }
      if (verdict.status === 403) return json(403, { message: 'Forbidden' });
      jwt = verdict.jwt;
    }
    const event = toEventV2(
      { method, url, headers: request.headers, body, sourceIp: request.socket.remoteAddress ?? '127.0.0.1' },
      `${target.route.method} ${target.route.path}`,
      matched.pathParameters,
      jwt,
    );
    try {
      return fromResultV2(await invoke(target.name, target.fn, event));
    } catch (error) {
      log(`[${target.name}] ${(error as Error).stack ?? String(error)}`);
      return error instanceof FunctionTimeoutError
        ? gatewayError(503, 'Service Unavailable')
        : gatewayError(500, 'Internal Server Error');
    }
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const send = (answer: OutgoingResponse) => {
      if (response.headersSent) return;
      response.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
      response.end(answer.body);
    };
    const reply = (result: OutgoingResponse) => send(withGatewayCors(request.headers.origin, result));
    const answeredPreflight = preflight(request);
    if (answeredPreflight) {
      request.resume();
      return send(answeredPreflight);
    }
    // An oversized body is refused without reaching a function; the rest of it is read and dropped, not kept.
    const refuseTooLarge = () => {
      request.removeAllListeners('data');
      request.resume();
      reply(json(413, { message: 'Request Entity Too Large' }));
    };
    if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return refuseTooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        refuseTooLarge();
      } else chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_BODY_BYTES) return;
      handle(request, Buffer.concat(chunks))
        .catch((error: unknown) => {
          log(`[gateway] ${(error as Error).stack ?? String(error)}`);
          return gatewayError(500, 'Internal Server Error');
        })
        .then(reply);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(apiPort, '127.0.0.1', () => resolve());
  });

  const pollers = options.pauseConsumers
    ? { stop: async () => undefined }
    : startQueuePollers(
        app,
        clients.sqs,
        { urls: resources.queueUrls, arns: resources.queueArns },
        invoke,
        log,
      );
  const timers = schedules(app).map(({ name, fn, trigger }) =>
    setInterval(() => {
      invoke(name, fn, scheduledEvent(name)).catch((error: unknown) =>
        log(`[${name}] ${(error as Error).message}`),
      );
    }, trigger.rateMinutes * 60_000),
  );

  return {
    url: baseUrl,
    endpoints: { dynamodb: dynamo.endpoint, s3: s3.endpoint, sqs: sqs.endpoint },
    resources,
    issuer,
    clients,
    routeKeys: () => table.map((r) => `${r.method} ${r.path}`),
    signing,
    devOutbox: {
      messages: () => [...outbox],
      failChannels: (channels) => {
        failingChannels = new Set(channels);
      },
    },
    nationalPortal,
    runSchedule: (name) => {
      const fn = app.functions[name];
      if (!fn) throw new Error(`No function ${name}`);
      return invoke(name, fn, scheduledEvent(name));
    },
    async stop() {
      timers.forEach(clearInterval);
      await pollers.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const client of Object.values(clients)) client.destroy();
      await stopAll();
    },
  };
}
