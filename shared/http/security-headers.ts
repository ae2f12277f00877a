// The security headers of every answer, and the browser policies of an HTML page, as helmet sets them: the values of
// @middy/http-security-headers' defaults written out once, where its 4 KiB of option handling was in every bundle.
// Three of its values are not kept: no empty Reporting-Endpoints and Report-To headers, and no `report-to csp` in the
// policy (this API has no report endpoint to name), and `X-XSS-Protection: 0` as helmet sends (the browsers' XSS
// auditor that `1; mode=block` turns on is gone from them or could itself be abused to leak a page's content).
import type middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export interface SecurityHeaderOptions {
  /** `false`: the page sets its own Content-Security-Policy. */
  contentSecurityPolicy?: false;
  /** `false`: the page may be framed (its own policy's frame-ancestors says by whom). */
  frameOptions?: false;
}

const EVERY_ANSWER: Record<string, string> = {
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains; preload',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Permitted-Cross-Domain-Policies': 'none',
};

/** Every browser feature a page is denied (standard, proposed and experimental ones). */
const DENIED_FEATURES =
  'accelerometer ambient-light-sensor autoplay battery camera cross-origin-isolated display-capture document-domain ' +
  'encrypted-media execution-while-not-rendered execution-while-out-of-viewport fullscreen geolocation gyroscope ' +
  'keyboard-map magnetometer microphone midi navigation-override payment picture-in-picture ' +
  'publickey-credentials-get screen-wake-lock sync-xhr usb web-share xr-spatial-tracking clipboard-read ' +
  'clipboard-write gamepad speaker-selection conversion-measurement focus-without-user-activation hid ' +
  'idle-detection interest-cohort serial sync-script trust-token-redemption window-placement vertical-scroll';

const CONTENT_SECURITY_POLICY =
  "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; navigate-to 'none'; " +
  "require-trusted-types-for 'script'; trusted-types 'none'; sandbox; upgrade-insecure-requests";

function htmlHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    ...(options.contentSecurityPolicy === false
      ? {}
      : { 'Content-Security-Policy': CONTENT_SECURITY_POLICY }),
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': DENIED_FEATURES.split(' ')
      .map((feature) => `${feature}=()`)
      .join(', '),
    ...(options.frameOptions === false ? {} : { 'X-Frame-Options': 'DENY' }),
    'X-XSS-Protection': '0',
  };
}

type Request = middy.Request<unknown, APIGatewayProxyStructuredResultV2>;

/** Adds the headers to the answer, and to an error's answer once the error has been mapped to one. */
export function securityHeaders(
  options: SecurityHeaderOptions = {},
): middy.MiddlewareObj<unknown, APIGatewayProxyStructuredResultV2> {
  const after = async (request: Request) => {
    const response = (request.response ??= {});
    response.statusCode ??= 500;
    const headers = (response.headers ??= {});
    Object.assign(headers, EVERY_ANSWER);
    // A server name or framework set upstream is not told.
    Object.assign(headers, { Server: undefined, 'X-Powered-By': undefined });
    const contentType = headers['Content-Type'] ?? headers['content-type'];
    if (String(contentType ?? '').includes('text/html')) Object.assign(headers, htmlHeaders(options));
  };
  return {
    after,
    onError: async (request) => {
      if (request.response !== undefined) await after(request);
    },
  };
}
