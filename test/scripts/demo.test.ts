// `npm run demo` against a local stack started here: the whole walk-through completes and says where it ended; without
// a stack it stops with a message saying to start one.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../scripts/demo.js';
import { quickApp } from '../support/dossiers.js';
import { useLocalStack } from '../support/local-stack.js';

const local = useLocalStack({ app: quickApp });

/** A port nothing listens on. */
async function closedPort() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('npm run demo', () => {
  it('carries the dossiers through their life cycle and prints the final status', async () => {
    const lines: string[] = [];
    const outcome = await runDemo({ apiUrl: local.stack.url, print: (line) => lines.push(line) });

    expect(outcome).toMatchObject({ status: 'released', chainVerified: true });
    const printed = lines.join('\n');
    expect(printed).toContain(
      `Kết thúc / Done: ${outcome.code}, trạng thái / status: Đã trả kết quả / released (10)`,
    );
    expect(printed).toMatch(
      /Đã nộp hồ sơ \/ Submitted: 000\.00\.01\.H56-\d{6}-\d{4}, trạng thái \/ status: Mới đăng ký/,
    );
    expect(printed).toMatch(
      /bước \/ step: Xác minh thông tin án tích .* @ 000\.00\.05\.H56, hạn bước \/ step due: 17:00/,
    );
    for (const event of ['submitted', 'received', 'fee-requested', 'result-ready', 'released']) {
      expect(printed).toContain(`Applicant told (zalo, ${event})`);
    }
    expect(printed).toContain('hash chain hợp lệ / verified');
    expect(printed).toMatch(/Public lookup: Nguyễn T\. B\., released, \d+ mốc \/ timeline entries/);
  }, 120_000);

  it('exits with 1 and says to start the stack when nothing answers at API_URL', async () => {
    const apiUrl = `http://127.0.0.1:${await closedPort()}`;
    const run = promisify(execFile)('npx', ['tsx', 'scripts/demo.ts'], {
      env: { ...process.env, API_URL: apiUrl },
    });
    const failure = await run.then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain(`Cannot reach the API at ${apiUrl}`);
    expect(failure?.stderr).toContain('npm start');
  });
});
