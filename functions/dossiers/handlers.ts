// Wiring shared by the citizen dossier handlers.
import {
  attachmentStorage,
  catalogRepository,
  clock,
  dossierRepository,
  newId,
  pipeline,
  sequences,
} from '../../shared/dossier/dependencies.js';
import type { DossierDeps } from './use-cases.js';

export const dossierDeps = (): DossierDeps => ({
  dossiers: dossierRepository(),
  catalog: catalogRepository(),
  sequences: sequences(),
  storage: attachmentStorage(),
  pipeline: pipeline(),
  now: clock,
  newId,
});
