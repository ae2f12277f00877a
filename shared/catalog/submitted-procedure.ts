// The procedure a dossier follows: the version it was submitted under, so a change an operator makes later never
// moves its documents, routing or deadlines; a draft (or a record from before versions) follows the current one.
import type { StoredProcedure } from './model.js';
import type { CatalogRepository } from './repository.js';

export async function procedureFollowedBy(
  catalog: Pick<CatalogRepository, 'getProcedure' | 'getProcedureVersion'>,
  dossier: { procedureCode: string; procedureVersion?: number },
): Promise<StoredProcedure | null> {
  if (dossier.procedureVersion === undefined) return catalog.getProcedure(dossier.procedureCode);
  return catalog.getProcedureVersion(dossier.procedureCode, dossier.procedureVersion);
}
