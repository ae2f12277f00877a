// What the dossier workflow (pipeline stages and reception decisions) works with, wired to the function's resources.
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

/** Everything but the calendar, which each invocation takes as it is then (operators change it: see calendars()). */
export const workflowDeps = (): Omit<WorkflowDeps, 'calendar'> => ({
  dossiers: dossierRepository(),
  catalog: catalogRepository(),
  pipeline: pipeline(),
  now: clock,
  lookupUrl,
});
