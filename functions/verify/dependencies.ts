// Wires the verification registry and the copy checks to the resources the app definition grants: the dossiers table
// (registry and checks), the attachments bucket's copy prefix, the `copies` queue. Clients are built where they are used,
// so a function bundles only the SDK clients it may call.
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { dynamodb } from '../../shared/aws/clients.js';
import { config } from '../../shared/config.js';
import { dynamoVerificationRegistry } from '../../shared/signing/verify-registry.js';
import { dynamoCopyCheckStore, s3CopyHeader, sqsCopyCheckQueue } from './copy-check-store.js';

export { catalogRepository } from '../../shared/catalog/dependencies.js';

export const verificationRegistry = () => dynamoVerificationRegistry(dynamodb, config.tableName('dossiers'));
export const copyChecks = () => dynamoCopyCheckStore(dynamodb, config.tableName('dossiers'));
export const toCopyCheck = () => sqsCopyCheckQueue(new SQSClient({}), () => config.queueUrl('copies'));
export const s3 = () =>
  new S3Client({
    requestChecksumCalculation: 'WHEN_REQUIRED',
    forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3),
  });
export const copyHeader = (client: S3Client) => s3CopyHeader(client, config.bucketName('attachments'));
export const attachmentsBucket = () => config.bucketName('attachments');
export const clock = () => Date.now();
export const newId = () => randomUUID();
