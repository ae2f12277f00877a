// The catalog repository a function uses, wired to the table its definition grants, cached per container.
import { dynamodb } from '../aws/clients.js';
import { config } from '../config.js';
import { cachedCatalog } from './cache.js';
import { dynamoCatalogRepository } from './repository.js';

const CATALOG_CACHE_MS = 60_000;

export const catalogRepository = () =>
  cachedCatalog(dynamoCatalogRepository(dynamodb, config.tableName('catalog')), CATALOG_CACHE_MS);
