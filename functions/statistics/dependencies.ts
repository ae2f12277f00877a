// Wires the statistics reads to the tables the app definition grants the function.
import { dynamodb } from '../../shared/aws/clients.js';
import { catalogRepository } from '../../shared/catalog/dependencies.js';
import { config } from '../../shared/config.js';
import { dynamoStatistics } from '../../shared/dossier/statistics.js';
import type { StatisticsDeps } from './use-cases.js';

export const statisticsDeps = (): StatisticsDeps => ({
  statistics: dynamoStatistics(dynamodb, {
    statistics: config.tableName('statistics'),
    dossiers: config.tableName('dossiers'),
  }),
  catalog: catalogRepository(),
  now: () => Date.now(),
});
