// Agencies as data: an operator creates or replaces one, and closes one (it stays, inactive, for history).
import type { Agency } from '../../shared/catalog/model.js';
import type { AgencyRecord, CatalogAdminStore, CatalogRepository } from '../../shared/catalog/repository.js';
import type { Caller } from '../../shared/http/handler.js';
import { HttpProblem, notFound } from '../../shared/http/problem.js';
import { assertIfMatch, auditEntry, onLatest, unusable, type AdminClock } from './changes.js';
import type { AgencyBody } from './contract.js';

export interface AgencyAdminDeps extends AdminClock {
  store: CatalogAdminStore;
  catalog: Pick<CatalogRepository, 'queryProcedures'>;
}

export const agencyEtag = (record: AgencyRecord) => `"r${record.revision}"`;

export function adminAgencyView({ agency, revision }: AgencyRecord) {
  const { parentCode, active, ...rest } = agency;
  return { ...rest, ...(parentCode ? { parent: parentCode } : {}), active: active !== false, revision };
}

export async function listAdminAgencies(deps: Pick<AgencyAdminDeps, 'store'>) {
  const records = await deps.store.listAgencyRecords();
  return { items: records.sort((a, b) => a.agency.code.localeCompare(b.agency.code)).map(adminAgencyView) };
}

/** Creates or replaces an agency; replacing an inactive one opens it again. */
export async function putAgency(
  deps: AgencyAdminDeps,
  caller: Caller,
  code: string,
  body: AgencyBody,
  ifMatch: string | undefined,
) {
  if (body.parent === code) {
    throw new HttpProblem(
      'unprocessable-content',
      {
        vi: 'Một cơ quan không thể là cơ quan cấp trên của chính nó',
        en: 'An agency cannot be its own parent',
      },
      [{ field: 'body.parent', message: { vi: 'Trùng với mã cơ quan', en: 'The same as the agency code' } }],
    );
  }
  return onLatest(async () => {
    const [current, parent] = await Promise.all([
      deps.store.getAgencyRecord(code),
      body.parent ? deps.store.getAgencyRecord(body.parent) : Promise.resolve(null),
    ]);
    assertIfMatch(ifMatch, current ? agencyEtag(current) : null);
    if (body.parent && (!parent || parent.agency.active === false))
      throw unusable([{ field: 'body.parent', code: body.parent }]);
    const agency: Agency = {
      code,
      name: body.name,
      level: body.level,
      ...(body.parent ? { parentCode: body.parent } : {}),
      ...(body.hotline ? { hotline: body.hotline } : {}),
      ...(body.address ? { address: body.address } : {}),
      ...(body.place ? { place: body.place } : {}),
    };
    const audit = auditEntry(
      caller,
      current ? 'agency.replace' : 'agency.create',
      { kind: 'agency', code },
      current?.agency,
      agency,
      deps.now(),
    );
    const written = await deps.store.putAgency(agency, current?.revision ?? null, audit);
    return { created: !current, record: written };
  });
}

/** Closes an agency: it stays in the catalog, inactive, and officers' tokens naming it are refused. */
export async function deactivateAgency(
  deps: AgencyAdminDeps,
  caller: Caller,
  code: string,
  ifMatch: string | undefined,
) {
  return onLatest(async () => {
    const current = await deps.store.getAgencyRecord(code);
    if (!current) throw notFound({ vi: `Không có cơ quan mã ${code}`, en: `No agency with code ${code}` });
    assertIfMatch(ifMatch, agencyEtag(current));
    if (current.agency.active === false) return current;
    // A procedure it handles would send new dossiers to a closed unit: it must move first (or a re-organisation
    // moves it with the dossiers).
    const handled = await deps.catalog.queryProcedures({ terms: [], agency: code, limit: 5 });
    if (handled.items.length > 0) {
      const codes = handled.items.map((p) => p.code).join(', ');
      throw new HttpProblem('conflict', {
        vi: `Cơ quan còn giải quyết thủ tục ${codes}; hãy giao các thủ tục đó cho cơ quan khác trước`,
        en: `The agency still handles procedure ${codes}; give those procedures to another agency first`,
      });
    }
    const agency: Agency = { ...current.agency, active: false };
    const audit = auditEntry(
      caller,
      'agency.deactivate',
      { kind: 'agency', code },
      current.agency,
      agency,
      deps.now(),
    );
    return deps.store.putAgency(agency, current.revision, audit);
  });
}
