// GET /docs: the reference page of /openapi.json. Scalar renders it from the API's own script and document, and
// its "try it" sends requests to this origin (no proxy).
import { randomBytes } from 'node:crypto';
import { httpHandler } from '../../shared/http/handler.js';
import { DOCS_CACHE_CONTROL, docsRoute } from './docs.route.js';
import { docsContentSecurityPolicy, STYLE_NONCE_SCRIPT, VIEWER_ASSET } from './docs-viewer.js';

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

// The bundle reads its options from the element's data attributes, and the nonce of its own style element from the
// meta element; the inline script gives it to the styles of the components it bundles (CodeMirror's, the toaster's).
const page = (nonce: string) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Một cửa điện tử — API reference</title>
    <link rel="icon" href="data:," />
    <meta property="csp-nonce" content="${nonce}" />
    <script nonce="${nonce}">${STYLE_NONCE_SCRIPT}</script>
  </head>
  <body>
    <script id="api-reference" type="application/json" data-url="/openapi.json" data-configuration='${attribute(JSON.stringify(VIEWER_CONFIGURATION))}'></script>
    <script src="/docs/${VIEWER_ASSET}"></script>
  </body>
</html>
`;

export const handler = httpHandler(
  docsRoute,
  async () => {
    // A nonce per answer, which is why the page is never stored.
    const nonce = randomBytes(16).toString('base64');
    return {
      binary: Buffer.from(page(nonce), 'utf8'),
      contentType: 'text/html; charset=utf-8',
      headers: {
        'cache-control': DOCS_CACHE_CONTROL,
        'content-security-policy': docsContentSecurityPolicy(nonce),
      },
    };
  },
  // The page sets its own policy; the other HTML headers (frame, opener, embedder, resource policies) stay.
  { securityHeaders: { contentSecurityPolicy: false } },
);
