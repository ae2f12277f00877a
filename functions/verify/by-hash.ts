// GET /verify/{sha256} — public: no token; the registry's fields of an issued or accepted document.
import { catalogRepository, verificationRegistry } from './dependencies.js';
import { httpHandler } from '../../shared/http/handler.js';
import { verifyDocumentByHashRoute } from './by-hash.route.js';
import { verifyByHash, type VerifyDeps } from './use-cases.js';

const deps: VerifyDeps = { registry: verificationRegistry(), catalog: catalogRepository() };

export const handler = httpHandler(verifyDocumentByHashRoute, async ({ path }) => ({
  json: await verifyByHash(deps, path.sha256),
  headers: { 'cache-control': 'no-store' },
}));
