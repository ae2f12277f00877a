// Wiring shared by the pipeline stages.
import { calendar } from '../../shared/calendar-data.js';
import { catalogRepository, clock, dossierRepository, pipeline } from '../../shared/dossier/dependencies.js';
import { lookupUrl } from '../../shared/dossier/lookup.js';
import type { PipelineDeps } from './use-cases.js';

export const pipelineDeps = (): PipelineDeps => ({
  dossiers: dossierRepository(),
  catalog: catalogRepository(),
  pipeline: pipeline(),
  calendar,
  now: clock,
  lookupUrl,
});
