// Wiring shared by the reception handlers.
import { calendar } from '../../shared/calendar-data.js';
import { catalogRepository, clock, dossierRepository, pipeline } from '../../shared/dossier/dependencies.js';
import { lookupUrl } from '../../shared/dossier/lookup.js';
import type { ReceptionDeps } from './use-cases.js';

export const receptionDeps = (): ReceptionDeps => ({
  dossiers: dossierRepository(),
  catalog: catalogRepository(),
  pipeline: pipeline(),
  calendar,
  now: clock,
  lookupUrl,
});
