// What the docs page and the viewer's bundle agree on: the bundle's name under /docs/ and the page's
// Content-Security-Policy, which allows the API's own script and the viewer's own styles and nothing else.

/** Scalar's standalone bundle (`@scalar/api-reference`, MIT), served by `GET /docs/{asset}`. */
export const VIEWER_ASSET = 'api-reference.js';

/**
 * The three style elements the bundle injects (its own CSS, the toaster's and the default theme's), by hash: they are
 * the same for one version of the bundle and one theme. After an upgrade the browser test names the new hashes (a
 * blocked style is a console error). Style attributes set by the viewer's components cannot be hashed one by one.
 */
const VIEWER_STYLE_HASHES = [
  "'sha256-QpRH++jfSE25E/ku5JwG+oucjRD32SqdyuYxGFVNDSA='",
  "'sha256-l/2OpPg0d+2VLTLgwjf5mQo2CYwHDEqdj5TjbfEyVJI='",
  "'sha256-T13Uev3xCax2N28XaoAE8DOzQZKvPp7ZQVAi1iRREjo='",
];

/**
 * The page's policy, in place of the shared one (`default-src 'none'`, `sandbox`, Trusted Types): a sandboxed page
 * has an opaque origin, so it could not fetch `/openapi.json` or try an operation on its own origin, and the
 * viewer writes HTML through `innerHTML` without a Trusted Types policy. Scripts come only from this origin (no
 * inline script, no eval); requests go only to this origin (no proxy, no telemetry, no web fonts).
 */
const POLICY: Record<string, string | undefined> = {
  'default-src': "'none'",
  'script-src': "'self'",
  'style-src-elem': ["'self'", ...VIEWER_STYLE_HASHES].join(' '),
  'style-src-attr': "'unsafe-inline'",
  'connect-src': "'self'",
  'img-src': "'self' data:",
  'font-src': "'self'",
  'base-uri': "'none'",
  'form-action': "'none'",
  'frame-ancestors': "'none'",
  // Chromium logs an unknown directive as an error; no browser ships this one.
  'navigate-to': undefined,
  sandbox: undefined,
  'require-trusted-types-for': undefined,
  'trusted-types': undefined,
};

// The middleware leaves out a directive without a value (`undefined` removes a default); its types say only strings.
export const DOCS_CONTENT_SECURITY_POLICY = POLICY as Record<string, string>;
