// Wires dossier repositories, storage and the pipeline to the resources the app definition grants a function.
import { randomUUID } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { dynamodb } from '../aws/clients.js';
import { catalogRepository } from '../catalog/dependencies.js';
import { config } from '../config.js';
import { dynamoLookupRepository } from './lookup-repository.js';
import { sqsPipeline } from './pipeline.js';
import {
  dynamoDossierCreation,
  dynamoDossierReads,
  dynamoDossierRepository,
  dynamoInbox,
  dynamoWaitingList,
} from './repository.js';
import { s3AttachmentStorage } from './storage.js';
import { handingOffEvents } from '../events/hand-off.js';
import { resourceEnv } from '../resource-env.js';
import { s3UploadPresigner } from './upload-presigner.js';
import { s3DownloadPresigner } from './download-presigner.js';

/**
 * The repository for a function that is not granted the events queue (reads, uploads, and writes whose events the
 * sweeper hands on): without the hand-off below, so its bundle carries no SQS client it could not use.
 */
export const plainDossierRepository = () =>
  dynamoDossierRepository(dynamodb, config.tableName('dossiers'), () => config.tableName('statistics'));

/** The reads alone, for a function that only reads dossiers: its bundle carries none of the writes. */
export const dossierReader = () => dynamoDossierReads(dynamodb, config.tableName('dossiers'));

/** Opening drafts alone (POST /dossiers): its bundle carries no other write. */
export const dossierCreation = () => dynamoDossierCreation(dynamodb, config.tableName('dossiers'));

/** A function that may send to the events queue hands each commit's events to it at once (else the sweeper does). */
export const dossierRepository = () => {
  const repository = plainDossierRepository();
  return process.env[resourceEnv.queueUrl('events')]
    ? handingOffEvents(repository, pipeline().toEvents)
    : repository;
};
export const lookupRepository = () => dynamoLookupRepository(dynamodb, config.tableName('dossiers'));
export const waitingList = () => dynamoWaitingList(dynamodb, config.tableName('dossiers'));
export const inboxes = () => dynamoInbox(dynamodb, config.tableName('dossiers'));
export const pipeline = () => sqsPipeline(new SQSClient({}), (queue) => config.queueUrl(queue));
const s3 = () =>
  new S3Client({
    requestChecksumCalculation: 'WHEN_REQUIRED',
    forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3),
  });
export const attachmentStorage = () => s3AttachmentStorage(s3(), config.bucketName('attachments'));
export const uploadPresigner = () => s3UploadPresigner(s3(), config.bucketName('attachments'));
export const downloadPresigner = () => s3DownloadPresigner(s3(), config.bucketName('attachments'));
export const clock = () => Date.now();
export const newId = () => randomUUID();
export { catalogRepository };

/** A positive whole number from a deployment setting, or the default when it is not set. */
function countSetting(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** Per-citizen limits (settings `CITIZEN_DRAFTS_PER_DAY`, `CITIZEN_SUBMISSIONS_PER_HOUR`). */
export const citizenLimits = () => ({
  draftsPerDay: countSetting('CITIZEN_DRAFTS_PER_DAY', 20),
  submissionsPerHour: countSetting('CITIZEN_SUBMISSIONS_PER_HOUR', 20),
});
