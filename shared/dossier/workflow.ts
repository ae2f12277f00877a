// What the dossier workflow (pipeline stages and reception decisions) works with, wired to the function's resources.
import { calendar } from '../calendar-data.js';
import type { CatalogRepository } from '../catalog/repository.js';
import type { Calendar } from '../domain/calendar/calendar.js';
import { catalogRepository, clock, dossierRepository, pipeline } from './dependencies.js';
import { lookupUrl } from './lookup.js';
import type { Pipeline } from './pipeline.js';
import type { DossierRepository } from './repository.js';

export interface WorkflowDeps {
  dossiers: DossierRepository;
  catalog: CatalogRepository;
  pipeline: Pipeline;
  calendar: Calendar;
  now: () => number;
  lookupUrl: (code: string) => string;
}

export const workflowDeps = (): WorkflowDeps => ({
  dossiers: dossierRepository(),
  catalog: catalogRepository(),
  pipeline: pipeline(),
  calendar,
  now: clock,
  lookupUrl,
});
