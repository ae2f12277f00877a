// GET /docs: the reference page of /openapi.json. Scalar renders it from the API's own script and document, and
// its "try it" sends requests to this origin (no proxy).
import { httpHandler } from '../../shared/http/handler.js';
import { DOCS_CACHE_CONTROL, docsRoute } from './docs.route.js';
import { DOCS_CONTENT_SECURITY_POLICY, VIEWER_ASSET } from './docs-viewer.js';

/** Scalar's options: nothing fetched from elsewhere (fonts, telemetry, the AI agent), every tag open. */
const VIEWER_CONFIGURATION = {
  url: '/openapi.json',
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
  showDeveloperTools: 'never',
  defaultOpenAllTags: true,
  documentDownloadType: 'json',
  authentication: { preferredSecurityScheme: 'bearerAuth' },
};

const attribute = (value: string) => value.replaceAll('&', '&amp;').replaceAll("'", '&#39;');

// No inline script: the bundle reads its options from the element's data attributes.
const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Một cửa điện tử — API reference</title>
    <link rel="icon" href="data:," />
  </head>
  <body>
    <script id="api-reference" type="application/json" data-url="/openapi.json" data-configuration='${attribute(JSON.stringify(VIEWER_CONFIGURATION))}'></script>
    <script src="/docs/${VIEWER_ASSET}"></script>
  </body>
</html>
`;

const page = Buffer.from(PAGE, 'utf8');

export const handler = httpHandler(
  docsRoute,
  async () => ({
    binary: page,
    contentType: 'text/html; charset=utf-8',
    headers: { 'cache-control': DOCS_CACHE_CONTROL },
  }),
  { securityHeaders: { contentSecurityPolicy: DOCS_CONTENT_SECURITY_POLICY } },
);
