// Notification stage (SQS): sends on the applicant's channels with fallback and records every attempt.
import { clock, plainDossierRepository } from '../../shared/dossier/dependencies.js';
import { providersFromEnv, replyProvidersFromEnv } from '../../shared/notify/providers.js';
import { queueHandler } from '../../shared/queue-consumer.js';
import { notificationMessage } from './messages.js';
import { notify, type NotifyDeps } from './use-cases.js';

const deps: NotifyDeps = {
  dossiers: plainDossierRepository(),
  providers: providersFromEnv(process.env),
  replies: replyProvidersFromEnv(process.env),
  now: clock,
};

export const handler = queueHandler(notificationMessage, (message) =>
  notify(deps, message.dossierId, message.notificationId),
);
