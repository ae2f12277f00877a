// GET /public/on-time in headless Chromium: the page renders without fetching anything, and the figures it shows
// are the JSON endpoint's, per agency, for the province and per month.
import { existsSync, mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { call, useLocalStack } from '../support/local-stack.js';
import { quickApp } from '../support/dossiers.js';
import { actNow, processingBirth, resolvedBirth } from '../support/workspace.js';

const CHROMIUM = '/usr/bin/chromium';
const chromiumMissing = !existsSync(CHROMIUM);
if (chromiumMissing && process.env.CI)
  throw new Error(`${CHROMIUM} is missing: .ci/run installs it (apt-get)`);
if (chromiumMissing)
  console.warn(`Skipping the on-time page in Chromium: no ${CHROMIUM} (apt-get install chromium)`);

type Figures = Record<string, number | null>;
type Report = { total: Figures; groups: (Figures & { key: string; name: string })[] };

describe.skipIf(chromiumMissing)('the public on-time page in Chromium', () => {
  const local = useLocalStack({ app: quickApp });

  beforeAll(async () => {
    const resolved = await resolvedBirth(local.stack);
    expect(
      (await actNow(local.stack, resolved.officer, resolved.id, 'release', { method: 'counter' })).status,
    ).toBe(200);
    await processingBirth(local.stack);
  }, 180_000);

  it("renders the JSON endpoint's numbers: the province rate, a chart bar per month and a row per agency", async () => {
    const served = await call(local.stack, '/public/on-time');
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(served.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'nonce-/);
    const byAgency = (await call<Report>(local.stack, '/stats/on-time?groupBy=agency')).body;
    const byMonth = (await call<Report>(local.stack, '/stats/on-time?groupBy=month')).body;
    expect(byAgency.total.received).toBe(2);

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(`${local.stack.url}/public/on-time`);
      await expect.poll(() => page.locator('#agencies tbody tr').count()).toBe(byAgency.groups.length);

      const rate = await page.locator('#province-rate').getAttribute('data-value');
      expect(Number(rate)).toBe(byAgency.total.onTimeRate);
      // Shown as a Vietnamese percentage: 100,00%.
      expect(await page.locator('#province-rate').innerText()).toBe(
        `${((byAgency.total.onTimeRate ?? 0) * 100).toFixed(2).replace('.', ',')}%`,
      );
      const rows = await page.locator('#agencies tr[data-agency]').evaluateAll((trs) =>
        trs.map((tr) => ({
          agency: tr.getAttribute('data-agency'),
          name: tr.querySelector('th')?.textContent,
          values: Object.fromEntries(
            [...tr.querySelectorAll('td')].map((td) => [
              td.getAttribute('data-field'),
              td.getAttribute('data-value'),
            ]),
          ),
          shown: Object.fromEntries(
            [...tr.querySelectorAll('td')].map((td) => [td.getAttribute('data-field'), td.textContent]),
          ),
        })),
      );
      const asNumbers = (values: Record<string, string | null>) =>
        Object.fromEntries(
          Object.entries(values).map(([k, v]) => [k, v === '' || v === null ? null : Number(v)]),
        );
      const { key: _key, name: _name, ...first } = byAgency.groups[0]!;
      expect(rows.map((r) => r.agency)).toEqual([...byAgency.groups.map((g) => g.key), 'total']);
      expect(rows[0]!.name).toBe(byAgency.groups[0]!.name);
      expect(asNumbers(rows[0]!.values)).toEqual(first);
      expect(asNumbers(rows.at(-1)!.values)).toEqual(byAgency.total);
      expect(rows[0]!.shown.received).toBe(String(first.received));

      const bars = await page.locator('svg g[data-month]').evaluateAll((gs) =>
        gs.map((g) => ({
          month: g.getAttribute('data-month'),
          rate: g.getAttribute('data-rate'),
          height: Number(g.querySelector('rect')?.getAttribute('height')),
        })),
      );
      expect(bars.map((b) => [b.month, b.rate === '' ? null : Number(b.rate)])).toEqual(
        byMonth.groups.map((g) => [g.key, g.onTimeRate]),
      );
      expect(bars[0]!.height).toBeGreaterThan(0);
      expect(await page.locator('svg').first().isVisible()).toBe(true);

      mkdirSync('test-artifacts', { recursive: true });
      await page.screenshot({ path: 'test-artifacts/on-time-page.png', fullPage: true });
      expect(problems).toEqual([]);
      expect(requests.filter((url) => !url.startsWith(`${local.stack.url}/public/on-time`))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
