// Intake stage (SQS): completeness against the procedure; auto-accept where allowed, else a receiving officer decides.
import { queueHandler } from '../../shared/queue-consumer.js';
import { workflowDeps } from '../../shared/dossier/workflow.js';
import { calendars } from '../../shared/catalog/dependencies.js';
import { stageMessage } from './messages.js';
import { intake } from './use-cases.js';

const deps = workflowDeps();
const calendar = calendars();

export const handler = queueHandler(stageMessage, async (message) =>
  intake({ ...deps, calendar: await calendar() }, message.dossierId),
);
