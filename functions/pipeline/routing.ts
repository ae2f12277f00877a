// Routing stage (SQS): the responsible agency and first step from the procedure's routing steps.
import { queueHandler } from '../../shared/queue-consumer.js';
import { catalogRepository, clock, dossierRepository } from '../../shared/dossier/dependencies.js';
import { calendar } from '../../shared/calendar-data.js';
import { stageMessage } from './messages.js';
import { route } from './use-cases.js';

// Routing hands nothing on, so it carries no queue client.
const deps = { dossiers: dossierRepository(), catalog: catalogRepository(), calendar, now: clock };

export const handler = queueHandler(stageMessage, (message) => route(deps, message.dossierId));
