// GET /public/on-time
import { randomBytes } from 'node:crypto';
import { httpHandler } from '../../shared/http/handler.js';
import { STATISTICS_CACHE_CONTROL } from './contract.js';
import { statisticsDeps } from './dependencies.js';
import { onTimePage } from './page-html.js';
import { onTimePageRoute } from './page.route.js';
import { onTimeStatistics } from './use-cases.js';

const deps = statisticsDeps();

/** The portal that embeds the page, besides this origin. */
const portalOrigin = () => {
  try {
    return new URL(process.env.PUBLIC_PORTAL_URL ?? '').origin;
  } catch {
    return '';
  }
};

export const handler = httpHandler(
  onTimePageRoute,
  async ({ query }) => {
    // Both views at one instant, so the page's open dossiers agree between its chart and its table.
    const now = deps.now();
    const at = { ...deps, now: () => now };
    const [byAgency, byMonth] = await Promise.all([
      onTimeStatistics(at, { ...query, groupBy: 'agency' }),
      onTimeStatistics(at, { ...query, groupBy: 'month' }),
    ]);
    const nonce = randomBytes(16).toString('base64');
    return {
      binary: Buffer.from(onTimePage(byAgency, byMonth, nonce), 'utf8'),
      contentType: 'text/html; charset=utf-8',
      headers: {
        'cache-control': STATISTICS_CACHE_CONTROL,
        'content-security-policy':
          `default-src 'none'; style-src 'nonce-${nonce}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self' ${portalOrigin()}`.trim(),
      },
    };
  },
  // The page sets its own policy, and may be framed by the portal (its frame-ancestors), not by anyone else.
  { securityHeaders: { contentSecurityPolicy: false, frameOptions: false } },
);
