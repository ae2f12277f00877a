// Starts a throwaway local stack on free ports for one test file, and small HTTP helpers around it.
import { afterAll, beforeAll } from 'vitest';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/runner.js';

export function useLocalStack(options: LocalStackOptions = {}): { readonly stack: LocalStack } {
  const holder = {} as { stack: LocalStack };
  beforeAll(async () => {
    holder.stack = await startLocalStack({
      inMemory: true,
      ports: { api: 0, dynamodb: 0, s3: 0, sqs: 0 },
      ...options,
    });
  }, 120_000);
  afterAll(async () => {
    await holder.stack?.stop();
  });
  return holder;
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
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: body as T };
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
