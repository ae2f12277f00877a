// National documents stage (SQS): fetches and checks a national-portal dossier's documents, then hands it to intake.
import { calendars, currentCatalogRepository } from '../../shared/catalog/dependencies.js';
import {
  attachmentStorage,
  clock,
  dossierRepository,
  newId,
  pipeline,
} from '../../shared/dossier/dependencies.js';
import { queueHandler } from '../../shared/queue-consumer.js';
import { stageMessage } from '../pipeline/messages.js';
import { DOCUMENT_BUDGET_MS, files, nationalInbound } from './dependencies.js';
import { fetchDocuments } from './fetching.js';

const deps = {
  dossiers: dossierRepository(),
  national: nationalInbound(),
  catalog: currentCatalogRepository(),
  storage: attachmentStorage(),
  pipeline: pipeline(),
  files: files(),
  now: clock,
  newId,
  documentBudgetMs: DOCUMENT_BUDGET_MS,
  calendar: calendars(),
};

export const handler = queueHandler(stageMessage, async (message, _record, context) =>
  fetchDocuments(deps, message.dossierId, () => context.getRemainingTimeInMillis()),
);
