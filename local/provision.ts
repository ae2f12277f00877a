// Creates the definition's tables (keys, GSIs, TTL), buckets and queues (with DLQ redrive) on the emulators.
import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { queueNames, resourceEnv, visibilityTimeoutSeconds, type AppDefinition } from '../infra/app-model.js';

export interface ProvisionedResources {
  /** Environment variables naming every resource, as the stack sets them for functions. */
  env: Record<string, string>;
  queueUrls: Map<string, string>;
  queueArns: Map<string, string>;
  dlqUrls: Map<string, string>;
}

export const localName = (service: string, kind: string, name: string) => `${service}-local-${kind}-${name}`;

export async function provision(
  app: AppDefinition,
  clients: { dynamodb: DynamoDBClient; s3: S3Client; sqs: SQSClient },
): Promise<ProvisionedResources> {
  const env: Record<string, string> = await provisionTables(app, clients.dynamodb);
  for (const name of Object.keys(app.buckets)) {
    const bucket = localName(app.service, 'bucket', name).toLowerCase();
    env[resourceEnv.bucket(name)] = bucket;
    try {
      await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    } catch (error) {
      if (!['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes((error as Error).name)) throw error;
    }
  }

  const queueUrls = new Map<string, string>();
  const queueArns = new Map<string, string>();
  const dlqUrls = new Map<string, string>();
  for (const [name, def] of Object.entries(app.queues)) {
    const dlq = await clients.sqs.send(
      new CreateQueueCommand({
        QueueName: queueNames(app.service, 'local', name).dlq,
        Attributes: { MessageRetentionPeriod: String(14 * 86_400) },
      }),
    );
    const dlqArn = await queueArn(clients.sqs, dlq.QueueUrl!);
    const queue = await clients.sqs.send(
      new CreateQueueCommand({
        QueueName: queueNames(app.service, 'local', name).queue,
        Attributes: {
          VisibilityTimeout: String(visibilityTimeoutSeconds(app, name)),
          MessageRetentionPeriod: String(14 * 86_400),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: dlqArn,
            maxReceiveCount: def.maxReceiveCount,
          }),
        },
      }),
    );
    queueUrls.set(name, queue.QueueUrl!);
    queueArns.set(name, await queueArn(clients.sqs, queue.QueueUrl!));
    dlqUrls.set(name, dlq.QueueUrl!);
    env[resourceEnv.queueUrl(name)] = queue.QueueUrl!;
    env[resourceEnv.deadLetterQueueUrl(name)] = dlq.QueueUrl!;
  }
  return { env, queueUrls, queueArns, dlqUrls };
}

async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return attributes.Attributes!.QueueArn!;
}

/** Creates the definition's tables (keys, GSIs, TTL); returns the environment variables naming them. */
export async function provisionTables(
  app: Pick<AppDefinition, 'service' | 'tables'>,
  dynamodb: DynamoDBClient,
): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const [name, def] of Object.entries(app.tables)) {
    const tableName = localName(app.service, 'table', name);
    env[resourceEnv.table(name)] = tableName;
    const keyNames = new Set([
      def.partitionKey,
      def.sortKey,
      ...Object.values(def.indexes ?? {}).flatMap((i) => [i.partitionKey, i.sortKey]),
    ]);
    const attributes: AttributeDefinition[] = [...keyNames]
      .filter((n): n is string => Boolean(n))
      .map((AttributeName) => ({ AttributeName, AttributeType: 'S' }));
    const indexes = Object.entries(def.indexes ?? {});
    try {
      await dynamodb.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: attributes,
          KeySchema: [
            { AttributeName: def.partitionKey, KeyType: 'HASH' },
            ...(def.sortKey ? [{ AttributeName: def.sortKey, KeyType: 'RANGE' as const }] : []),
          ],
          GlobalSecondaryIndexes:
            indexes.length === 0
              ? undefined
              : indexes.map(([IndexName, index]) => ({
                  IndexName,
                  KeySchema: [
                    { AttributeName: index.partitionKey, KeyType: 'HASH' },
                    ...(index.sortKey ? [{ AttributeName: index.sortKey, KeyType: 'RANGE' as const }] : []),
                  ],
                  Projection:
                    index.projection === 'keys'
                      ? { ProjectionType: 'KEYS_ONLY' as const }
                      : Array.isArray(index.projection)
                        ? { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...index.projection] }
                        : { ProjectionType: 'ALL' as const },
                })),
        }),
      );
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    if (def.timeToLiveAttribute) {
      const ttl = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
      if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
        await dynamodb.send(
          new UpdateTimeToLiveCommand({
            TableName: tableName,
            TimeToLiveSpecification: { AttributeName: def.timeToLiveAttribute, Enabled: true },
          }),
        );
      }
    }
  }

  return env;
}
