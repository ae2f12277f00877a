// Re-organisation worker (SQS): one page of a job per message.
import { SQSClient } from '@aws-sdk/client-sqs';
import { catalogAdminStore } from '../../shared/catalog/dependencies.js';
import { config } from '../../shared/config.js';
import { clock, dossierRepository, inboxes } from '../../shared/dossier/dependencies.js';
import { queueHandler } from '../../shared/queue-consumer.js';
import { runReorganisationPage } from './reorganisation.js';
import { reorganisationMessage, sqsReorganisationQueue } from './reorganisation-queue.js';

const deps = {
  store: catalogAdminStore(),
  queue: sqsReorganisationQueue(new SQSClient({}), config.queueUrl('reorganisation')),
  dossiers: dossierRepository(),
  inboxes: inboxes(),
  now: clock,
};

export const handler = queueHandler(reorganisationMessage, (message) =>
  runReorganisationPage(deps, message.jobId, message.page),
);
