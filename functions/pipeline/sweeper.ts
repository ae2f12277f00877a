// Scheduled: re-sends messages for dossiers and notifications waiting past the threshold (lost messages, crashes).
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '../../shared/powertools.js';
import { clock, pipeline, waitingList } from '../../shared/dossier/dependencies.js';
import { sweep } from './use-cases.js';

const deps = { waitingList: waitingList(), pipeline: pipeline(), now: clock };
const stuckAfterMs = Number(process.env.STUCK_AFTER_SECONDS ?? 120) * 1000;

export const handler = middy(async () => {
  const results = await sweep(deps, stuckAfterMs);
  logger.info('Sweep', { results });
  return results;
}).use(injectLambdaContext(logger, { resetKeys: true }));
