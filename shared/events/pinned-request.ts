// Outbound HTTP(S) requests connected only to addresses the SSRF guard checked (receiver-address.ts). fetch resolves
// the name again when it connects, so a name answering a public address to the check and a private one a moment
// later (DNS re-binding) would reach the private one; here the socket's `lookup` answers the checked addresses and
// nothing else. TLS still names the host (SNI) and verifies its certificate for the host name, not the address.
import type { LookupAddress, LookupOptions } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { Readable } from 'node:stream';

const familyOf = (family: LookupOptions['family']) =>
  family === 4 || family === 'IPv4' ? 4 : family === 6 || family === 'IPv6' ? 6 : 0;

/** A `lookup` that answers, for any name, only these addresses (of the family asked for, if one is). */
export function pinnedLookup(addresses: readonly string[]): LookupFunction {
  const entries: LookupAddress[] = addresses.map((address) => ({ address, family: isIP(address) }));
  return (_hostname, options, callback) => {
    const family = familyOf(options.family);
    const usable = family === 0 ? entries : entries.filter((entry) => entry.family === family);
    if (usable.length === 0) {
      const error: NodeJS.ErrnoException = new Error('No checked address of the family asked for');
      error.code = 'ENOTFOUND';
      callback(error, '', 0);
      return;
    }
    if (options.all) callback(null, usable);
    else callback(null, usable[0]!.address, usable[0]!.family);
  };
}

export interface PinnedRequest {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Aborts the request and the reading of its body; the reason (e.g. a `TimeoutError`) is what rejects. */
  signal: AbortSignal;
  /** The addresses `url`'s host was checked at: the only ones connected to. */
  addresses: readonly string[];
}

/** Statuses whose answer has no body (a Response refuses one). */
const NO_BODY = new Set([101, 204, 205, 304]);

function responseOf(message: IncomingMessage): Response {
  const headers = new Headers();
  for (let i = 0; i + 1 < message.rawHeaders.length; i += 2)
    headers.append(message.rawHeaders[i]!, message.rawHeaders[i + 1]!);
  const status = message.statusCode ?? 0;
  const body = NO_BODY.has(status) ? null : (Readable.toWeb(message) as ReadableStream<Uint8Array>);
  if (!body) message.resume();
  return new Response(body, { status, headers });
}

/**
 * One request, answered as a fetch Response; redirects are not followed (a 3xx is the answer) and no connection is
 * pooled (each request connects to the addresses it was given).
 */
export function pinnedRequest(url: string, init: PinnedRequest): Promise<Response> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const secure = target.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  return new Promise<Response>((resolve, reject) => {
    if (init.signal.aborted) {
      reject(init.signal.reason as Error);
      return;
    }
    const request = send(
      target,
      {
        method: init.method,
        headers: {
          ...init.headers,
          ...(init.body !== undefined ? { 'content-length': String(Buffer.byteLength(init.body)) } : {}),
        },
        lookup: pinnedLookup(init.addresses),
        agent: false,
        // SNI names the host, never an address literal (RFC 6066 allows only host names).
        ...(secure && !isIP(host) ? { servername: host } : {}),
      },
      (message) => {
        try {
          resolve(responseOf(message));
        } catch (error) {
          message.destroy();
          reject(error as Error);
        }
      },
    );
    const abort = () => request.destroy(init.signal.reason as Error);
    init.signal.addEventListener('abort', abort, { once: true });
    request.on('close', () => init.signal.removeEventListener('abort', abort));
    request.on('error', reject);
    request.end(init.body);
  });
}
