// GET /docs in headless Chromium: the reference page renders every operation of /openapi.json from the API's own
// script and document, under its Content-Security-Policy, and asks nothing of any other origin.
import { existsSync, mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { call, useLocalStack } from '../support/local-stack.js';

const CHROMIUM = '/usr/bin/chromium';
const chromiumMissing = !existsSync(CHROMIUM);
// CI runs .ci/run, which installs Chromium: there a missing browser is a failure, not a skipped test.
if (chromiumMissing && process.env.CI)
  throw new Error(`${CHROMIUM} is missing: .ci/run installs it (apt-get)`);
if (chromiumMissing)
  console.warn(`Skipping the docs page in Chromium: no ${CHROMIUM} (apt-get install chromium)`);

interface Operation {
  operationId: string;
  summary: string;
}

/** Text as the page shows it: Markdown's code spans without their backticks, any run of spaces as one. */
const plain = (text: string) => text.replaceAll('`', '').replace(/\s+/g, ' ');

describe.skipIf(chromiumMissing)('the docs page in Chromium', () => {
  const local = useLocalStack();

  it('serves the page and its script under a policy that allows only its own script, styles and origin', async () => {
    const page = await call(local.stack, '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(
      /script-src 'self' 'nonce-[A-Za-z0-9+/]{22}=='; style-src-elem 'nonce-[A-Za-z0-9+/]{22}==';/,
    );
    expect(policy).toContain("connect-src 'self';");
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).not.toContain('sandbox');
    expect(page.body).toContain('<script src="/docs/api-reference.js"></script>');
    const again = await call(local.stack, '/docs');
    expect(again.headers.get('content-security-policy'), 'a nonce per answer').not.toBe(policy);

    const script = await call(local.stack, '/docs/api-reference.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-encoding')).toBe('gzip');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await call(local.stack, '/docs/other.js')).toMatchObject({ status: 404 });
  });

  it('renders every operation without a console error, a page error or a request to another origin', async () => {
    const { url } = local.stack;
    const document = (await (await fetch(`${url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const errors: string[] = [];
      const elsewhere: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('request', (request) => {
        if (new URL(request.url()).origin !== url && !request.url().startsWith('data:'))
          elsewhere.push(request.url());
      });
      await page.goto(`${url}/docs`, { waitUntil: 'networkidle' });
      // Every tag is open (`defaultOpenAllTags`): the sidebar lists each operation by its summary, as Markdown.
      const sidebar = page.locator('.references-sidebar');
      const shown = async () => plain(await sidebar.innerText());
      await expect.poll(shown, { timeout: 20_000 }).toContain(plain(operations.at(-1)!.summary));
      const text = await shown();
      const missing = operations.filter((operation) => !text.includes(plain(operation.summary)));
      expect(missing.map((operation) => operation.operationId)).toEqual([]);
      mkdirSync('test-artifacts', { recursive: true });
      await page.screenshot({ path: 'test-artifacts/docs.png' });

      // "Try it" on an operation with a body editor (CodeMirror's styles), sent to this origin.
      const create = operations.find((operation) => operation.operationId === 'createDossier')!;
      // The sidebar's entry: the first of the texts (the operation's heading may be rendered inside the sidebar too).
      await sidebar.getByText(plain(create.summary)).first().click();
      await page.getByRole('button', { name: /test request.*post \/dossiers(?![/\w{])/is }).click();
      const sent = page.waitForResponse((response) => response.url() === `${url}/dossiers`);
      // The client's send button (its modal comes last), not an operation in the sidebar whose summary begins with "Send".
      await page.getByRole('button', { name: /^send/i }).last().click();
      expect((await sent).status(), 'no token: API Gateway refuses it').toBe(401);
      await page.screenshot({ path: 'test-artifacts/docs-try-it.png' });
      // The browser logs the refused request itself; that is the answer the test asked for.
      const refused = 'Failed to load resource: the server responded with a status of 401 (Unauthorized)';
      errors.splice(0, errors.length, ...errors.filter((error) => error !== refused));
      expect(errors).toEqual([]);
      expect(elsewhere).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
