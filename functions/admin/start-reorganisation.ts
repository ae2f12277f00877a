// POST /admin/reorganisations
import { SQSClient } from '@aws-sdk/client-sqs';
import { catalogAdminStore } from '../../shared/catalog/dependencies.js';
import { config } from '../../shared/config.js';
import { httpHandler } from '../../shared/http/handler.js';
import { jobView, startReorganisation } from './reorganisation.js';
import { sqsReorganisationQueue } from './reorganisation-queue.js';
import { startReorganisationRoute } from './start-reorganisation.route.js';

const deps = {
  store: catalogAdminStore(),
  queue: sqsReorganisationQueue(new SQSClient({}), config.queueUrl('reorganisation')),
  now: () => Date.now(),
};

export const handler = httpHandler(startReorganisationRoute, async ({ body, caller }) => {
  const { created, job } = await startReorganisation(deps, caller!, body);
  return { status: created ? 202 : 200, json: jobView(job) };
});
