// The procedure a dossier follows: the version it was submitted under, so a change an operator makes later never
// moves its documents, routing or deadlines; a draft (or a record from before versions) follows the current one.
// Only a re-organisation reaches into a version: a unit merged into another hands its steps to that one.
import type { StoredProcedure } from './model.js';
import type { CatalogRepository } from './repository.js';

export async function procedureFollowedBy(
  catalog: Pick<CatalogRepository, 'getProcedure' | 'getProcedureVersion' | 'getAgencies'>,
  dossier: { procedureCode: string; procedureVersion?: number },
): Promise<StoredProcedure | null> {
  if (dossier.procedureVersion === undefined) return catalog.getProcedure(dossier.procedureCode);
  const procedure = await catalog.getProcedureVersion(dossier.procedureCode, dossier.procedureVersion);
  return procedure && withMergedUnits(catalog, procedure);
}

/** The version with each unit merged since (`mergedInto`, followed to the unit that exists now) replaced. */
async function withMergedUnits(
  catalog: Pick<CatalogRepository, 'getAgencies'>,
  procedure: StoredProcedure,
): Promise<StoredProcedure> {
  const successor = new Map<string, string>();
  let codes = [
    procedure.agencyCode,
    procedure.receivingUnit,
    ...procedure.routingSteps.map((s) => s.agencyCode),
  ];
  // A unit merged into one that was merged in turn: a few hops at most.
  for (let hop = 0; hop < 5 && codes.length > 0; hop += 1) {
    const agencies = await catalog.getAgencies([...new Set(codes)]);
    codes = [];
    for (const agency of agencies.values()) {
      if (agency.mergedInto && !successor.has(agency.code)) {
        successor.set(agency.code, agency.mergedInto);
        codes.push(agency.mergedInto);
      }
    }
  }
  if (successor.size === 0) return procedure;
  const now = (code: string) => {
    let current = code;
    for (let hop = 0; hop < 5 && successor.has(current); hop += 1) current = successor.get(current)!;
    return current;
  };
  return {
    ...procedure,
    agencyCode: now(procedure.agencyCode),
    receivingUnit: now(procedure.receivingUnit),
    routingSteps: procedure.routingSteps.map((step) => ({ ...step, agencyCode: now(step.agencyCode) })),
  };
}

/** The unit that holds a code now: the code itself, or the unit it was merged into (followed a few hops). */
export async function unitNow(
  catalog: Pick<CatalogRepository, 'getAgencies'>,
  code: string,
): Promise<string> {
  let current = code;
  for (let hop = 0; hop < 5; hop += 1) {
    const merged = (await catalog.getAgencies([current])).get(current)?.mergedInto;
    if (!merged) return current;
    current = merged;
  }
  return current;
}
