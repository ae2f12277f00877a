// National queue consumer (SQS): syncs a dossier with the National Public Service Portal (functions/national/syncing.ts).
import { queueHandler } from '../../shared/queue-consumer.js';
import { catalogRepository } from '../../shared/catalog/dependencies.js';
import { dossierRepository } from '../../shared/dossier/dependencies.js';
import {
  nationalDeadLetters,
  nationalPortal,
  nationalQueue,
  partnerLinks,
  nationalSyncStore,
} from '../../shared/adapters/national-portal/dependencies.js';
import { nationalMessage } from '../../shared/adapters/national-portal/queue.js';
import { nationalSettingsFromEnv, syncDossier, type NationalSyncDeps } from './syncing.js';

const deadLetters = nationalDeadLetters();
const deps: NationalSyncDeps = {
  dossiers: dossierRepository(),
  catalog: catalogRepository(),
  store: nationalSyncStore(),
  portal: nationalPortal(),
  links: partnerLinks(),
  send: nationalQueue(),
  deadLetter: (message) => deadLetters(message),
  settings: nationalSettingsFromEnv(process.env),
  now: () => Date.now(),
};

export const handler = queueHandler(nationalMessage, (message) => syncDossier(deps, message));
