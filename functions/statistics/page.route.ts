// Route contract of onTimePage: the public statistics page, server-rendered for the portal to embed.
import * as z from 'zod/mini';
import { cacheControl } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';
import { periodCheck, periodFields, STATISTICS_CACHE_CONTROL } from './contract.js';

export const onTimePageRoute = defineRoute({
  operationId: 'onTimePage',
  method: 'GET',
  path: '/public/on-time',
  summary:
    "Trang công khai: the province's on-time rate, an SVG chart per month and a table per agency (Vietnamese HTML, no external assets)",
  tags: ['statistics'],
  auth: 'public',
  request: { query: z.strictObject(periodFields).check(periodCheck) },
  responses: [
    {
      status: 200,
      description: 'An HTML page in Vietnamese whose figures are those of `GET /stats/on-time`',
      contentType: 'text/html',
      schema: z.string(),
      headers: {
        ...cacheControl(STATISTICS_CACHE_CONTROL),
        'content-security-policy': {
          description:
            "Nothing loaded from anywhere (the style element by a nonce per answer); framed only by this origin and the portal's",
          required: true,
        },
      },
    },
  ],
});
