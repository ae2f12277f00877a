// The catalog repository a function uses, wired to the table its definition grants.
import { dynamodb } from '../aws/clients.js';
import { config } from '../config.js';
import { dynamoCatalogRepository } from './repository.js';

export const catalogRepository = () => dynamoCatalogRepository(dynamodb, config.tableName('catalog'));
