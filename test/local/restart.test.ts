import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claimPort } from '../../local/emulators.js';
import { PROJECT_ROOT } from '../../local/runner.js';
import { call } from '../support/local-stack.js';
import { eventually, readyDossier, tokenFor, type DossierBody } from '../support/dossiers.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'mot-cua-restart-'));
const children: ChildProcess[] = [];

/** `npm start` in its own process group, so killing the group kills DynamoDB Local's JVM with it. */
async function startStack(ports: number[], extra: string[]) {
  const [api, dynamodb, s3, sqs] = ports;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'local/start.ts',
      '--port',
      `${api}`,
      '--dynamodb-port',
      `${dynamodb}`,
      '--s3-port',
      `${s3}`,
      '--sqs-port',
      `${sqs}`,
      '--data-dir',
      dataDir,
      ...extra,
    ],
    { cwd: PROJECT_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`The stack exited: ${output}`);
    return output.includes('Ctrl-C stops everything');
  }, 60_000);
  // The tests' helpers only need the URL.
  return { url: `http://localhost:${api}` } as never;
}

function kill(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
  return new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );
}

/**
 * A crash of the functions and of the in-memory queues: the Node process dies at once. DynamoDB Local then gets SIGTERM:
 * killed outright it loses its last acknowledged write (1 in 300 transactions in a measurement), which DynamoDB
 * never does, and this test is about the stack, not the store.
 */
async function crash(child: ChildProcess) {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid!, 'SIGKILL');
  await exited;
  const groupAlive = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (groupAlive()) process.kill(-child.pid!, 'SIGTERM');
  await eventually(async () => !groupAlive(), 30_000);
}

afterAll(async () => {
  await Promise.all(children.map((c) => kill(c, 'SIGKILL')));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a crash between submission and intake', () => {
  it('still ends with the acknowledged dossier routed after a restart', async () => {
    const ports = [
      await claimPort(0, 'api'),
      await claimPort(0, 'dynamodb'),
      await claimPort(0, 's3'),
      await claimPort(0, 'sqs'),
    ];
    // First run: consumers paused, so the intake message sits in the in-memory queue when the stack is killed.
    const first = await startStack(ports, ['--pause-consumers']);
    const subject = 'citizen-restart';
    let token = await tokenFor(first, subject);
    const id = await readyDossier(first, token);
    const submitted = await call<DossierBody>(first, `/dossiers/${id}/submit`, { method: 'POST', token });
    expect(submitted.status).toBe(200);
    await crash(children[0]!);
    // `npm start` made the development CA and signing certificate beside the data, and keeps them.
    const chain = readFileSync(path.join(dataDir, 'signing', 'signing-chain.pem'), 'utf8');

    // Second run on the same data: the queue is empty, the sweeper finds the dossier waiting in intake.
    const second = await startStack(ports, ['--stuck-after', '0']);
    token = await tokenFor(second, subject);
    const before = await call<DossierBody>(second, `/dossiers/${id}`, { token });
    expect(before.body.status).toBe('submitted');
    const routed = await eventually(async () => {
      await call(second, '/dev/schedules/sweeper', { method: 'POST' });
      const dossier = await call<DossierBody>(second, `/dossiers/${id}`, { token });
      return dossier.body.status === 'processing' ? dossier.body : undefined;
    }, 60_000);
    expect(routed).toMatchObject({ code: submitted.body.code, nationalStatus: { code: 4 } });
    expect(readFileSync(path.join(dataDir, 'signing', 'signing-chain.pem'), 'utf8')).toBe(chain);
    await kill(children[1]!, 'SIGTERM');
  }, 180_000);
});
