// Loads a function's handler in-process and invokes it with a Lambda-like context and its timeout.
import { randomUUID } from 'node:crypto';
import { InvokeStore, InvokeStoreBase } from '@aws/lambda-invoke-store';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionDefinition } from '../infra/app-model.js';

export class FunctionTimeoutError extends Error {
  override name = 'FunctionTimeoutError';
}

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Like Lambda, an execution environment handles one invocation at a time: a concurrent invocation takes an idle
 * environment or starts a new one, a separate copy of the entry module (its handler and what it builds at init).
 */
export function createInvoker(projectRoot: string) {
  // Every function shares this process and its module singletons, the Powertools logger among them: left alone, a
  // log line is labelled with the context of whichever invocation started last. Lambda's runtime solves the same
  // problem where invocations share an environment (AWS_LAMBDA_MAX_CONCURRENCY set): Powertools keeps per-invocation
  // state in the runtime's InvokeStore, an AsyncLocalStorage each invocation runs in. The local runtime does the same.
  process.env.AWS_LAMBDA_MAX_CONCURRENCY ??= '64';
  const invocations = InvokeStore.getInstanceAsync(true);
  const { REQUEST_ID } = InvokeStoreBase.PROTECTED_KEYS;
  const idle = new Map<string, Promise<Handler>[]>();
  const started = new Map<string, number>();
  const load = async (entry: string, instance: number): Promise<Handler> => {
    const url = pathToFileURL(path.join(projectRoot, entry));
    if (instance > 0) url.searchParams.set('instance', String(instance));
    // Initialisation runs in a context of its own, so what a module logs or keeps at init belongs to no invocation.
    const store = await invocations;
    return store
      .run({ [REQUEST_ID]: `init-${randomUUID()}` }, () => import(url.href))
      .then((module: { handler?: Handler }) => {
        if (typeof module.handler !== 'function') throw new Error(`${entry} does not export a handler`);
        return module.handler;
      });
  };
  const acquire = (entry: string): Promise<Handler> => {
    const free = idle.get(entry)?.pop();
    if (free) return free;
    const instance = started.get(entry) ?? 0;
    started.set(entry, instance + 1);
    return load(entry, instance);
  };
  const release = (entry: string, handler: Promise<Handler>) => {
    idle.set(entry, [...(idle.get(entry) ?? []), handler]);
  };

  return async function invoke(name: string, fn: FunctionDefinition, event: unknown): Promise<unknown> {
    const environment = acquire(fn.entry);
    const handler = await environment;
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
    let timedOut = false;
    try {
      return await Promise.race([
        invocations.then((store) =>
          store.run({ [REQUEST_ID]: context.awsRequestId }, () => handler(event, context)),
        ),
        new Promise((_, reject) => {
          timer = setTimeout(() => {
            timedOut = true;
            reject(new FunctionTimeoutError(`${name} timed out after ${fn.timeoutSeconds} s`));
          }, fn.timeoutSeconds * 1000);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      // A timed-out environment may still be running: like Lambda, it is discarded rather than reused.
      if (!timedOut) release(fn.entry, environment);
    }
  };
}
export type Invoker = ReturnType<typeof createInvoker>;
