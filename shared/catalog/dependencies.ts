// The catalog repository a function uses, wired to the table its definition grants, cached per container.
import { dynamodb } from '../aws/clients.js';
import { storedCalendar } from '../calendar-data.js';
import { config } from '../config.js';
import { cachedCatalog } from './cache.js';
import { dynamoCatalogAdminStore, dynamoCatalogRepository } from './repository.js';

/** How stale a container's view of an agency or a procedure's current version may be after an operator's change. */
export const CATALOG_CACHE_MS = 5_000;

export const catalogRepository = () =>
  cachedCatalog(dynamoCatalogRepository(dynamodb, config.tableName('catalog')), CATALOG_CACHE_MS);

/** The admin routes read and write the table itself, uncached. */
export const catalogAdminStore = () => dynamoCatalogAdminStore(dynamodb, config.tableName('catalog'));

/** Read at the moment it matters, uncached: the version a dossier is submitted under is the one current then. */
export const currentCatalogRepository = () => dynamoCatalogRepository(dynamodb, config.tableName('catalog'));

/** The working-day calendar with the schedules operators stored, read again every few seconds. */
export const calendars = () =>
  storedCalendar(
    () => dynamoCatalogRepository(dynamodb, config.tableName('catalog')).listSchedules(),
    CATALOG_CACHE_MS,
  );
