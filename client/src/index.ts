// The typed HTTP client of the portal frontends: openapi-fetch over the types generated from the API's OpenAPI
// document (schema.d.ts), sending the user's bearer token and language with every request.
import createFetchClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

/** An error answered by a function: RFC 9457 problem+json, in the requested language. */
export type Problem = components['schemas']['Problem'];
/** An error answered by API Gateway itself (401 and 403 of its authorizer, 413, 429, 500/503/504). */
export type GatewayMessage = components['schemas']['GatewayMessage'];
/** Where and how to upload one file: a presigned POST to S3. */
export interface PresignedUpload {
  url: string;
  fields: Record<string, string>;
}

export type Language = 'vi' | 'en';

export interface ClientOptions {
  /** The bearer token; a function is asked on every request, so a refreshed token is used at once. */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  /** The language of problems' titles, details and field messages; the API's default is `vi`. */
  language?: Language;
  /** A fetch of one's own (server-side rendering, tests); `globalThis.fetch` otherwise. */
  fetch?: (request: Request) => Promise<Response>;
}

export type PortalClient = Client<paths>;

export function createClient(baseUrl: string, options: ClientOptions = {}): PortalClient {
  const client = createFetchClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use(identity(options));
  return client;
}

/** The token and language of the client; a request's own `accept-language` or `authorization` wins. */
function identity({ token, language }: ClientOptions): Middleware {
  return {
    async onRequest({ request }) {
      const bearer = typeof token === 'function' ? await token() : token;
      if (bearer && !request.headers.has('authorization'))
        request.headers.set('authorization', `Bearer ${bearer}`);
      if (language && !request.headers.has('accept-language'))
        request.headers.set('accept-language', language);
      return request;
    },
  };
}

export function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && 'title' in body && 'status' in body;
}

export function isGatewayMessage(body: unknown): body is GatewayMessage {
  return typeof body === 'object' && body !== null && 'message' in body && !('title' in body);
}

/** A line to show the user for an error body: the problem's title (and detail), or the gateway's message. */
export function errorText(body: unknown): string {
  if (isProblem(body)) return body.detail ? `${body.title}: ${body.detail}` : body.title;
  if (isGatewayMessage(body)) return body.message;
  return 'Unexpected answer';
}

/**
 * Uploads a file to a presigned POST, as a browser form does: every field first, the file last (S3 ignores
 * fields after it). S3 answers 204 with no body; a refusal is S3's XML (403 a field or the expiry, 400 a file
 * over the document's maximum), not a problem. The file's size must be the `size` declared when asking for the
 * upload: completing the upload checks it, and a mismatch is a 422 that discards the file.
 */
export async function uploadFile(
  upload: PresignedUpload,
  file: Blob,
  options: { fileName?: string; fetch?: typeof fetch } = {},
): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', file, options.fileName ?? 'upload');
  return (options.fetch ?? fetch)(upload.url, { method: 'POST', body: form });
}
