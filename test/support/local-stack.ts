// Starts a throwaway local stack on free ports for one test file, and small HTTP helpers around it.
import { afterAll, beforeAll, expect } from 'vitest';
import { createClient, type ClientOptions, type PortalClient } from '../../client/src/index.js';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/runner.js';
import {
  contractChecker,
  described,
  recordResponse,
  takeRecorded,
  type OpenApiDocument,
} from './contract.js';

/**
 * A stack for the file's tests. Unless `checkContract` is false (a fixture app serves other routes), every answer
 * `call` received is checked against the stack's own `/openapi.json` once the file's tests are done.
 */
export function useLocalStack(options: LocalStackOptions & { checkContract?: boolean } = {}): {
  readonly stack: LocalStack;
} {
  const { checkContract = true, ...stackOptions } = options;
  const holder = {} as { stack: LocalStack };
  beforeAll(async () => {
    holder.stack = await startLocalStack({
      inMemory: true,
      ports: { api: 0, dynamodb: 0, s3: 0, sqs: 0 },
      ...stackOptions,
    });
  }, 120_000);
  afterAll(async () => {
    try {
      if (checkContract && holder.stack) await expectContractKept(holder.stack);
    } finally {
      await holder.stack?.stop();
    }
  });
  return holder;
}

/** Every answer recorded so far is as the served document describes it. */
export async function expectContractKept(stack: LocalStack): Promise<void> {
  const responses = takeRecorded().filter(described);
  const document = (await (await fetch(`${stack.url}/openapi.json`)).json()) as OpenApiDocument;
  expect(contractChecker(document).check(responses)).toEqual([]);
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = Record<string, unknown>>(
  stack: LocalStack,
  path: string,
  init: RequestInit & { json?: unknown; language?: string; token?: string } = {},
): Promise<ApiResponse<T>> {
  const headers = new Headers(init.headers);
  if (init.language) headers.set('accept-language', init.language);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  const response = await fetch(`${stack.url}${path}`, {
    ...init,
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
  const body = parsedBody(await response.text());
  recordResponse({
    method: init.method ?? 'GET',
    path: new URL(path, stack.url).pathname,
    status: response.status,
    headers: response.headers,
    body,
  });
  return { status: response.status, headers: response.headers, body: body as T };
}

/** Parsed JSON, or the text when the body is not JSON (undefined when empty). */
function parsedBody(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

/**
 * The fetch of the portal client in tests: every answer is recorded for the contract check, as `call`'s are. The
 * body is read whole here (openapi-fetch leaves an empty one unread, which would hold the connection).
 */
export async function recordingFetch(request: Request): Promise<Response> {
  const response = await fetch(request);
  const text = await response.text();
  recordResponse({
    method: request.method,
    path: new URL(request.url).pathname,
    status: response.status,
    headers: response.headers,
    body: parsedBody(text),
  });
  const { status, statusText, headers } = response;
  return new Response(text === '' ? null : text, { status, statusText, headers });
}

/** The portal client (client/) against the stack, as a portal frontend uses it. */
export function portalClient(stack: LocalStack, options: Omit<ClientOptions, 'fetch'> = {}): PortalClient {
  return createClient(stack.url, { ...options, fetch: recordingFetch });
}

/** Asserts nothing; returns the problem fields tests look at. */
export function problemOf(response: ApiResponse) {
  const body = response.body as {
    type?: string;
    status?: number;
    errors?: { field: string; message: string }[];
  };
  return {
    contentType: response.headers.get('content-type'),
    status: body.status,
    type: body.type,
    fields: (body.errors ?? []).map((e) => e.field),
  };
}
