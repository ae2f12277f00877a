// Re-organisation worker (SQS): one page of a job per message.
import { SQSClient } from '@aws-sdk/client-sqs';
import { dynamodb } from '../../shared/aws/clients.js';
import { catalogAdminStore } from '../../shared/catalog/dependencies.js';
import { config } from '../../shared/config.js';
import { clock, dossierRepository, inboxes } from '../../shared/dossier/dependencies.js';
import { queueHandler } from '../../shared/queue-consumer.js';
import { runReorganisationPage } from './reorganisation.js';
import { dynamoReorganisationMarks } from './reorganisation-marks.js';
import { reorganisationMessage, sqsReorganisationQueue } from './reorganisation-queue.js';

const deps = {
  store: catalogAdminStore(),
  queue: sqsReorganisationQueue(new SQSClient({}), config.queueUrl('reorganisation')),
  dossiers: dossierRepository(),
  inboxes: inboxes(),
  marks: dynamoReorganisationMarks(dynamodb, config.tableName('dossiers')),
  now: clock,
};

export const handler = queueHandler(reorganisationMessage, (message) =>
  runReorganisationPage(deps, message.jobId, message.page),
);
