// GET /lookup/{code} — public: no token; a verifier or the receipt link's proof opens the dossier.
import {
  catalogRepository,
  clock,
  dossierReader,
  lookupRepository,
} from '../../shared/dossier/dependencies.js';
import { lookupSecret, lockoutWindowMs } from '../../shared/dossier/lookup.js';
import { httpHandler } from '../../shared/http/handler.js';
import { lookupDossierRoute } from './lookup.route.js';
import { lookupDossier, type LookupDeps } from './use-cases.js';

const deps: LookupDeps = {
  dossiers: dossierReader(),
  lookups: lookupRepository(),
  catalog: catalogRepository(),
  secret: lookupSecret,
  now: clock,
  lockoutWindowMs: lockoutWindowMs(),
};

export const handler = httpHandler(lookupDossierRoute, async ({ path, query }) => ({
  json: await lookupDossier(
    deps,
    path.code,
    query.proof !== undefined
      ? { kind: 'proof', value: query.proof }
      : { kind: 'verifier', value: query.verifier! },
  ),
  headers: { 'cache-control': 'no-store' },
}));
