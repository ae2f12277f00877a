// Routing stage (SQS): the responsible agency and first step from the procedure's routing steps.
import { queueHandler } from '../../shared/queue-consumer.js';
import { catalogRepository, clock, dossierRepository } from '../../shared/dossier/dependencies.js';
import { calendars } from '../../shared/catalog/dependencies.js';
import { stageMessage } from './messages.js';
import { route } from './use-cases.js';

// Routing hands nothing on, so it carries no queue client.
const deps = { dossiers: dossierRepository(), catalog: catalogRepository(), now: clock };
const calendar = calendars();

export const handler = queueHandler(stageMessage, async (message) =>
  route({ ...deps, calendar: await calendar() }, message.dossierId),
);
