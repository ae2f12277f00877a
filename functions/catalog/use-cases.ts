// Catalog use cases: plain functions over a repository, shaping what portals show applicants.
import type { Agency, Procedure } from '../../shared/catalog/model.js';
import type { CatalogRepository } from '../../shared/catalog/repository.js';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor.js';
import { notFound } from '../../shared/http/problem.js';
import type { SERVICE_LEVELS } from './contract.js';

const ONLINE_LABELS = {
  'toan-trinh': { vi: 'Dịch vụ công trực tuyến toàn trình', en: 'Fully online public service' },
  'mot-phan': { vi: 'Dịch vụ công trực tuyến một phần', en: 'Partly online public service' },
} as const;

function agencyRef(code: string, agencies: Map<string, Agency>) {
  return { code, name: agencies.get(code)?.name ?? code };
}

function summary(procedure: Procedure, agencies: Map<string, Agency>) {
  const { onlineService, legacyLevel } = procedure.serviceLevel;
  return {
    code: procedure.code,
    name: procedure.name,
    field: procedure.field,
    agency: agencyRef(procedure.agencyCode, agencies),
    serviceLevel: {
      onlineService,
      legacyLevel,
      labels: {
        vi: `${ONLINE_LABELS[onlineService].vi} (mức độ ${legacyLevel})`,
        en: `${ONLINE_LABELS[onlineService].en} (level ${legacyLevel})`,
      },
    },
    processingDays: procedure.processingDays,
    fee: procedure.fee,
  };
}

/** The agencies applicants deal with: closed and merged ones stay in the catalog for history, not in this list. */
export async function listAgencies(repo: CatalogRepository) {
  const items = await repo.listAgencies();
  return {
    items: items
      .filter((agency) => agency.active !== false)
      .map(({ active: _active, mergedInto: _merged, ...agency }) => agency)
      .sort((a, b) => a.code.localeCompare(b.code)),
  };
}

export interface ProcedureSearch {
  q?: string;
  agency?: string;
  serviceLevel?: (typeof SERVICE_LEVELS)[number];
  pageSize: number;
  cursor?: string;
}

export async function searchProcedures(repo: CatalogRepository, search: ProcedureSearch) {
  const { cursor, pageSize, ...filters } = search;
  const after = decodeCursor(cursor, { ...filters, pageSize });
  const level = search.serviceLevel;
  const { items, more } = await repo.queryProcedures({
    terms: (search.q ?? '').split(' ').filter(Boolean),
    agency: search.agency,
    onlineService: level === 'toan-trinh' || level === 'mot-phan' ? level : undefined,
    legacyLevel: level && /^\d$/.test(level) ? (Number(level) as 2 | 3 | 4) : undefined,
    after,
    limit: pageSize,
  });
  const agencies = await repo.getAgencies(items.map((p) => p.agencyCode));
  const last = items.at(-1);
  return {
    items: items.map((p) => summary(p, agencies)),
    nextCursor: more && last ? encodeCursor(last.code, { ...filters, pageSize }) : null,
  };
}

export async function getProcedure(repo: CatalogRepository, code: string) {
  const procedure = await repo.getProcedure(code);
  if (!procedure) throw notFound({ vi: `Không có thủ tục mã ${code}`, en: `No procedure with code ${code}` });
  const agencies = await repo.getAgencies([
    procedure.agencyCode,
    procedure.receivingUnit,
    ...procedure.routingSteps.map((s) => s.agencyCode),
  ]);
  return {
    ...summary(procedure, agencies),
    version: procedure.version,
    receivingUnit: procedure.receivingUnit,
    requiredDocuments: procedure.requiredDocuments,
    routingSteps: procedure.routingSteps.map((step) => ({
      id: step.id,
      name: step.name,
      agency: agencyRef(step.agencyCode, agencies),
      workingDays: step.workingDays,
    })),
    supplementPolicy: procedure.supplementPolicy,
    autoAccept: procedure.autoAccept,
    result: procedure.result,
    legalBasis: procedure.legalBasis,
  };
}
