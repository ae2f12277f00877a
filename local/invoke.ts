// Loads a function's handler in-process and invokes it with a Lambda-like context and its timeout.
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionDefinition } from '../infra/app-model.js';

export class FunctionTimeoutError extends Error {
  override name = 'FunctionTimeoutError';
}

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export function createInvoker(projectRoot: string) {
  const loaded = new Map<string, Promise<Handler>>();
  /** Instance N > 0 is a separate copy of the entry module, like another Lambda execution environment. */
  const load = (entry: string, instance: number) => {
    const key = `${entry}#${instance}`;
    let handler = loaded.get(key);
    if (!handler) {
      const url = pathToFileURL(path.join(projectRoot, entry));
      if (instance > 0) url.searchParams.set('instance', String(instance));
      handler = import(url.href).then((module: { handler?: Handler }) => {
        if (typeof module.handler !== 'function') throw new Error(`${entry} does not export a handler`);
        return module.handler;
      });
      loaded.set(key, handler);
    }
    return handler;
  };

  return async function invoke(
    name: string,
    fn: FunctionDefinition,
    event: unknown,
    instance = 0,
  ): Promise<unknown> {
    const handler = await load(fn.entry, instance);
    const deadline = Date.now() + fn.timeoutSeconds * 1000;
    const context: Context = {
      callbackWaitsForEmptyEventLoop: false,
      functionName: name,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
      memoryLimitInMB: String(fn.memoryMb),
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${name}`,
      logStreamName: 'local',
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        handler(event, context),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new FunctionTimeoutError(`${name} timed out after ${fn.timeoutSeconds} s`)),
            fn.timeoutSeconds * 1000,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
}
export type Invoker = ReturnType<typeof createInvoker>;
