// Routing stage (SQS): the responsible agency and first step from the procedure's routing steps.
import { queueHandler } from '../../shared/queue-consumer.js';
import { pipelineDeps } from './dependencies.js';
import { stageMessage } from './messages.js';
import { route } from './use-cases.js';

const deps = pipelineDeps();

export const handler = queueHandler(stageMessage, (message) => route(deps, message.dossierId));
