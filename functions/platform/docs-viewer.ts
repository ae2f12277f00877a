// What the docs page and the viewer's bundle agree on: the bundle's name under /docs/ and the page's
// Content-Security-Policy, which allows the API's own script and the styles its scripts create, and nothing else.

/** Scalar's standalone bundle (`@scalar/api-reference`, MIT), served by `GET /docs/{asset}`. */
export const VIEWER_ASSET = 'api-reference.js';

/**
 * The page's policy, in place of the shared one (`default-src 'none'`, `sandbox`, Trusted Types): a sandboxed page
 * has an opaque origin, so it could not fetch `/openapi.json` or try an operation on its own origin, and the
 * viewer writes HTML through `innerHTML` without a Trusted Types policy. Scripts come only from this origin, with
 * no eval; the one inline script is the page's own, by nonce. Style elements need the nonce too: the viewer's
 * scripts create theirs (CodeMirror rewrites its own as editors open, so no hash could name it), and the inline
 * script gives each the nonce, while a style element in injected markup has none. Style attributes are set one
 * by one by the viewer's components. Requests, images and fonts: this origin only (no proxy, no telemetry, no web fonts).
 */
export function docsContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src-elem 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Runs before the bundle: every style element a script creates carries the page's nonce. */
export const STYLE_NONCE_SCRIPT = `(() => {
  const nonce = document.currentScript.nonce;
  const createElement = Document.prototype.createElement;
  Document.prototype.createElement = function (name, options) {
    const element = createElement.call(this, name, options);
    if (String(name).toLowerCase() === 'style') element.nonce = nonce;
    return element;
  };
})();`;
