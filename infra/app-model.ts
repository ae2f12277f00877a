// Types of the one app definition: functions with their triggers and access, tables, buckets and queues.
import type { RouteContract } from '../shared/http/route.js';
import type { SecretName } from '../shared/resource-env.js';
export { SECRET_NAMES, resourceEnv } from '../shared/resource-env.js';

/**
 * What a function does to a table's items, one mode per kind of call (also inside transactions): `read` is GetItem,
 * BatchGetItem and Query (on the table and its indexes), `put` PutItem, `update` UpdateItem, `delete` DeleteItem.
 * The product never scans a table nor batch-writes one.
 */
export type TableAccess = 'read' | 'put' | 'update' | 'delete';

/** What a function does to objects under a key prefix: `read` GetObject, `write` PutObject, `delete` DeleteObject. */
export type ObjectAccess = 'read' | 'write' | 'delete';

export interface TableDefinition {
  partitionKey: string;
  sortKey?: string;
  /** Global secondary indexes, each projecting what its readers need (every attribute when it says nothing). */
  indexes?: Record<string, IndexDefinition>;
  /** Attribute holding an epoch-seconds expiry. */
  timeToLiveAttribute?: string;
}

export interface IndexDefinition {
  partitionKey: string;
  sortKey?: string;
  /**
   * What the index copies of each item besides the table's and its own keys: `keys` nothing more, a list those
   * attributes. Every write changing a projected attribute writes the index too, so a list projects what it shows.
   */
  projection?: 'all' | 'keys' | readonly string[];
}

export interface BucketDefinition {
  /**
   * Browser uploads (presigned POST) come from the portal origins and land under `prefix`, where they expire after a
   * day: the server keeps what it verified elsewhere.
   */
  browserUploads?: { prefix: string };
}

export interface QueueDefinition {
  /** Receives after which a message moves to the queue's DLQ. */
  maxReceiveCount: number;
}

export type Trigger =
  | {
      type: 'http';
      /** Method, path, access and schemas come from the route contract the handler validates with. */
      route: Pick<RouteContract, 'method' | 'path' | 'auth' | 'operationId'>;
      /** The route's own throttle at API Gateway (requests per second, burst), below the stage's. */
      throttle?: { rateLimit: number; burstLimit: number };
    }
  | {
      type: 'queue';
      queue: string;
      batchSize: number;
      maxBatchingWindowSeconds: number;
    }
  | { type: 'schedule'; rateMinutes: number };

export interface FunctionDefinition {
  /** Source file, relative to the project root, exporting `handler`. */
  entry: string;
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  triggers: readonly Trigger[];
  access?: {
    tables?: Record<string, readonly TableAccess[]>;
    /** Per bucket, per key prefix (ending in `/`: never the whole bucket), what the function does to objects there. */
    buckets?: Record<string, Record<string, readonly ObjectAccess[]>>;
    /** Queues this function sends to. */
    sendsTo?: readonly string[];
    /** Queues into whose DLQ this function puts messages that can never succeed, with why (a partner's refusal). */
    deadLettersTo?: readonly string[];
    /** Sends e-mail through SES. */
    sendsEmail?: boolean;
    /** Signs documents with the stage's KMS signing key (`kms:Sign` on that key, nothing else). */
    signs?: boolean;
  };
  /** Files copied next to the bundle (relative to the project root → relative to the bundle). */
  assets?: readonly { from: string; to: string }[];
  /** Deployment settings (environment variables) this function reads, given per stage with `-c settings=…`. */
  settings?: readonly string[];
  /** Credentials this function reads, each from a secret of its own that only the functions naming it may read. */
  secrets?: readonly SecretName[];
}

export interface AppDefinition {
  service: string;
  tables: Record<string, TableDefinition>;
  buckets: Record<string, BucketDefinition>;
  queues: Record<string, QueueDefinition>;
  functions: Record<string, FunctionDefinition>;
}

/** Visibility timeout of a queue: six times its consumer's timeout, as AWS advises for event source mappings. */
export function visibilityTimeoutSeconds(app: AppDefinition, queue: string): number {
  const consumers = Object.values(app.functions).filter((fn) =>
    fn.triggers.some((t) => t.type === 'queue' && t.queue === queue),
  );
  return consumers.length > 0 ? Math.max(...consumers.map((fn) => fn.timeoutSeconds * 6)) : 30;
}

export function httpRoutes(app: AppDefinition) {
  return Object.entries(app.functions).flatMap(([name, fn]) =>
    fn.triggers.flatMap((trigger) => (trigger.type === 'http' ? [{ name, fn, route: trigger.route }] : [])),
  );
}

export function queueConsumers(app: AppDefinition) {
  return Object.entries(app.functions).flatMap(([name, fn]) =>
    fn.triggers.flatMap((trigger) => (trigger.type === 'queue' ? [{ name, fn, trigger }] : [])),
  );
}

export function schedules(app: AppDefinition) {
  return Object.entries(app.functions).flatMap(([name, fn]) =>
    fn.triggers.flatMap((trigger) => (trigger.type === 'schedule' ? [{ name, fn, trigger }] : [])),
  );
}

/** Checks references between functions and resources once, so both the stack and the runner can trust them. */
export function validateApp(app: AppDefinition): AppDefinition {
  const problems: string[] = [];
  const routes = new Set<string>();
  for (const [name, fn] of Object.entries(app.functions)) {
    for (const table of Object.keys(fn.access?.tables ?? {}))
      if (!app.tables[table]) problems.push(`${name}: unknown table ${table}`);
    for (const [bucket, prefixes] of Object.entries(fn.access?.buckets ?? {})) {
      if (!app.buckets[bucket]) problems.push(`${name}: unknown bucket ${bucket}`);
      for (const prefix of Object.keys(prefixes))
        if (!/^[^*]+\/$/.test(prefix))
          problems.push(`${name}: bucket ${bucket} access needs a key prefix ending in / (got "${prefix}")`);
    }
    for (const queue of [...(fn.access?.sendsTo ?? []), ...(fn.access?.deadLettersTo ?? [])])
      if (!app.queues[queue]) problems.push(`${name}: unknown queue ${queue}`);
    for (const trigger of fn.triggers) {
      if (trigger.type === 'queue' && !app.queues[trigger.queue])
        problems.push(`${name}: unknown queue ${trigger.queue}`);
      if (trigger.type === 'http') {
        const key = `${trigger.route.method} ${trigger.route.path}`;
        if (routes.has(key)) problems.push(`${name}: route ${key} declared twice`);
        routes.add(key);
      }
    }
  }
  if (problems.length > 0) throw new Error(`Invalid app definition:\n${problems.join('\n')}`);
  return app;
}

/** Queue names, fixed so operators (and `npm run redrive`) find a queue and its DLQ by the definition's name. */
export function queueNames(service: string, stage: string, name: string) {
  return { queue: `${service}-${stage}-queue-${name}`, dlq: `${service}-${stage}-dlq-${name}` };
}
