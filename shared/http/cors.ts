// The CORS headers of every answer, as @middy/http-cors set them with the options this API passes (origins from the
// configuration, no credentials, the request headers portals send), written out once: its option handling and
// @middy/util's helpers were in every HTTP bundle. Preflights are API Gateway's (infra/cors.ts).
import type middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export interface CorsOptions {
  /** Exact origins, `*` for any, or patterns whose `*` stands for one DNS label (`https://*.example.vn`). */
  origins: string[];
  /** The value of Access-Control-Allow-Headers. */
  headers: string;
}

/** The request's headers are all CORS reads of the event. */
interface HeadedEvent {
  headers?: Record<string, string | undefined>;
}
type Request = middy.Request<HeadedEvent, APIGatewayProxyStructuredResultV2>;

export function cors(
  options: CorsOptions,
): middy.MiddlewareObj<HeadedEvent, APIGatewayProxyStructuredResultV2> {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  let any = false;
  for (const origin of options.origins) {
    if (origin === '*') any = true;
    else if (!origin.includes('*')) exact.add(origin);
    else patterns.push(new RegExp(`^${origin.replaceAll('.', '\\.').replaceAll('*', '[^.]*')}$`));
  }
  // An answer that depends on the Origin says so, for caches.
  const varies = options.origins.length > 1 || patterns.length > 0;

  const allowedOrigin = (origin: string | undefined): string | undefined => {
    if (origin !== undefined && exact.has(origin)) return origin;
    if (any) return '*';
    return patterns.some((pattern) => pattern.test(String(origin))) ? origin : undefined;
  };

  const after = async (request: Request) => {
    const response = (request.response ??= {});
    response.statusCode ??= 500;
    const headers = { ...response.headers };
    if (!('Access-Control-Allow-Headers' in headers))
      headers['Access-Control-Allow-Headers'] = options.headers;
    let origin: string | undefined;
    if (!('Access-Control-Allow-Origin' in headers)) {
      const requestHeaders = request.event.headers ?? {};
      origin = allowedOrigin(requestHeaders.Origin ?? requestHeaders.origin);
      if (origin) headers['Access-Control-Allow-Origin'] = origin;
    }
    if (varies || (any && origin !== '*')) {
      const name = headers.vary ? 'vary' : 'Vary';
      headers[name] = headers[name] ? `${headers[name]}, Origin` : 'Origin';
    }
    response.headers = headers;
  };
  return {
    after,
    onError: async (request) => {
      if (request.response !== undefined) await after(request);
    },
  };
}
