// Agencies as data: an operator creates or replaces one, and closes one (it stays, inactive, for history).
import { agencyReferences, type Agency, type Procedure } from '../../shared/catalog/model.js';
import type { AgencyRecord, CatalogAdminStore } from '../../shared/catalog/repository.js';
import type { Caller } from '../../shared/http/handler.js';
import { HttpProblem, notFound } from '../../shared/http/problem.js';
import { assertIfMatch, auditEntry, onLatest, unusable, type AdminClock } from './changes.js';
import type { AgencyBody } from './contract.js';

export interface AgencyAdminDeps extends AdminClock {
  store: CatalogAdminStore;
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
    const written = await deps.store.putAgency(agency, current?.revision ?? null, audit, parent ?? undefined);
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
    const blockers = await closingBlockers(deps.store, code);
    if (blockers.procedures.length > 0 || blockers.children.length > 0) throw cannotClose(code, blockers);
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

/** Where a procedure names an agency: its main agency, its receiving unit (counter), or one of its routing steps. */
function rolesIn(procedure: Procedure, code: string): string[] {
  return agencyReferences(procedure)
    .filter((reference) => reference.code === code)
    .map(({ path }) =>
      path[0] === 'routingSteps' ? `step ${procedure.routingSteps[path[1] as number]!.id}` : String(path[0]),
    );
}

/**
 * What keeps an agency open: a current procedure naming it anywhere (new dossiers would be received, handled or
 * forwarded there) and the active agencies under it (they would hang from a closed parent). Withdrawn procedures do
 * not count: their open dossiers follow their own version, and a re-organisation moves them with the unit.
 */
export async function closingBlockers(
  store: Pick<CatalogAdminStore, 'procedurePage' | 'listAgencyRecords'>,
  code: string,
) {
  const procedures: { code: string; roles: string[] }[] = [];
  let after: string | null = null;
  do {
    const page = await store.procedurePage(after, 100);
    for (const record of page.items) {
      if (record.withdrawnAt) continue;
      const roles = rolesIn(record.procedure, code);
      if (roles.length > 0) procedures.push({ code: record.procedure.code, roles });
    }
    after = page.last;
  } while (after);
  const children = (await store.listAgencyRecords())
    .filter(({ agency }) => agency.parentCode === code && agency.active !== false)
    .map(({ agency }) => agency.code)
    .sort();
  return { procedures, children };
}

const MAX_NAMED = 10;
const listed = (items: string[]) =>
  items.length > MAX_NAMED
    ? `${items.slice(0, MAX_NAMED).join('; ')}; … (${items.length})`
    : items.join('; ');

function cannotClose(code: string, blockers: Awaited<ReturnType<typeof closingBlockers>>) {
  const uses = listed(blockers.procedures.map((p) => `${p.code} (${p.roles.join(', ')})`));
  const children = listed(blockers.children);
  const vi = [
    uses ? `còn được thủ tục ${uses} sử dụng` : '',
    children ? `còn các cơ quan trực thuộc đang hoạt động ${children}` : '',
  ].filter(Boolean);
  const en = [
    uses ? `procedures still name it: ${uses}` : '',
    children ? `active agencies still report to it: ${children}` : '',
  ].filter(Boolean);
  return new HttpProblem('conflict', {
    vi: `Chưa thể đóng cơ quan ${code}: ${vi.join('; ')}. Hãy giao cho cơ quan khác hoặc sắp xếp (sáp nhập) trước`,
    en: `The agency ${code} cannot be closed yet: ${en.join('; ')}. Give them to another agency or merge it first`,
  });
}
