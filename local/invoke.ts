// Loads a function's handler in-process and invokes it with a Lambda-like context and its timeout.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { InvokeStoreBase } from '@aws/lambda-invoke-store';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionDefinition } from '../infra/app-model.js';

export class FunctionTimeoutError extends Error {
  override name = 'FunctionTimeoutError';
}

type Handler = (event: unknown, context: Context) => Promise<unknown>;
type InvocationState = Record<string | symbol, unknown>;

/**
 * The store Lambda's runtime gives invocations that share an environment, except that code running outside any
 * invocation (module init, a test calling a use case directly) shares one state instead of failing.
 */
class LocalInvokeStore extends InvokeStoreBase {
  readonly #invocation = new AsyncLocalStorage<InvocationState>();
  readonly #outside: InvocationState = {};
  getContext(): InvocationState {
    return this.#invocation.getStore() ?? this.#outside;
  }
  hasContext(): boolean {
    return this.#invocation.getStore() !== undefined;
  }
  get<T = unknown>(key: string | symbol): T | undefined {
    return this.getContext()[key] as T | undefined;
  }
  set<T = unknown>(key: string | symbol, value: T): void {
    if (this.isProtectedKey(key))
      throw new Error(`Cannot modify protected Lambda context field: ${String(key)}`);
    this.getContext()[key] = value;
  }
  run<T>(context: InvocationState, fn: () => T): T {
    return this.#invocation.run(context, fn);
  }
}

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
  globalThis.awslambda ??= {} as typeof globalThis.awslambda;
  globalThis.awslambda.InvokeStore ??= new LocalInvokeStore();
  const invocations = globalThis.awslambda.InvokeStore;
  const { REQUEST_ID } = InvokeStoreBase.PROTECTED_KEYS;
  const idle = new Map<string, Promise<Handler>[]>();
  const started = new Map<string, number>();
  const load = (entry: string, instance: number): Promise<Handler> => {
    const url = pathToFileURL(path.join(projectRoot, entry));
    if (instance > 0) url.searchParams.set('instance', String(instance));
    return import(url.href).then((module: { handler?: Handler }) => {
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
        invocations.run({ [REQUEST_ID]: context.awsRequestId }, () => handler(event, context)),
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
