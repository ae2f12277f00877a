// Procedures as data: each change an operator makes is a new version (dossiers keep the one they were submitted
// under); withdrawing one takes it out of search and submission, open dossiers unaffected.
import {
  agencyReferences,
  unusableAgencies,
  type Agency,
  type Procedure,
} from '../../shared/catalog/model.js';
import type { CatalogAdminStore, ProcedureRecord } from '../../shared/catalog/repository.js';
import type { Caller } from '../../shared/http/handler.js';
import { HttpProblem, notFound } from '../../shared/http/problem.js';
import { assertIfMatch, auditEntry, onLatest, unusable, type AdminClock } from './changes.js';

export interface ProcedureAdminDeps extends AdminClock {
  store: CatalogAdminStore;
}

export const procedureEtag = (record: ProcedureRecord) => `"v${record.version}"`;

export const adminProcedureView = (record: ProcedureRecord) => ({
  code: record.procedure.code,
  version: record.version,
  withdrawnAt: record.withdrawnAt ?? null,
  procedure: record.procedure,
});

export async function putProcedure(
  deps: ProcedureAdminDeps,
  caller: Caller,
  code: string,
  procedure: Procedure,
  ifMatch: string | undefined,
) {
  if (procedure.code !== code) {
    throw new HttpProblem(
      'validation-error',
      { vi: 'Mã thủ tục không khớp', en: 'The procedure code does not match' },
      [
        {
          field: 'body.code',
          message: { vi: 'Phải trùng với mã thủ tục trên đường dẫn', en: 'Must be the code in the path' },
        },
      ],
    );
  }
  return onLatest(async () => {
    const [current, agencies] = await Promise.all([
      deps.store.getProcedureRecord(code),
      deps.store.listAgencyRecords(),
    ]);
    assertIfMatch(ifMatch, current ? procedureEtag(current) : null);
    const known = new Map<string, Agency>(agencies.map((r) => [r.agency.code, r.agency]));
    const missing = unusableAgencies(procedure, known);
    if (missing.length > 0)
      throw unusable(
        missing.map(({ path, code: agency }) => ({ field: ['body', ...path].join('.'), code: agency })),
      );
    const audit = auditEntry(
      caller,
      current ? 'procedure.change' : 'procedure.create',
      { kind: 'procedure', code },
      current ? adminProcedureView(current) : null,
      { code, version: (current?.version ?? 0) + 1, withdrawnAt: null, procedure },
      deps.now(),
    );
    // The agencies it names are guarded with it: closing one of them meanwhile makes one of the two read again.
    const named = new Set(agencyReferences(procedure).map((reference) => reference.code));
    const uses = agencies.filter((record) => named.has(record.agency.code));
    const written = await deps.store.putProcedure(procedure, current?.version ?? null, audit, uses);
    return { created: !current, record: written };
  });
}

export async function withdrawProcedure(
  deps: ProcedureAdminDeps,
  caller: Caller,
  code: string,
  ifMatch: string | undefined,
) {
  return onLatest(async () => {
    const current = await deps.store.getProcedureRecord(code);
    if (!current) throw notFound({ vi: `Không có thủ tục mã ${code}`, en: `No procedure with code ${code}` });
    assertIfMatch(ifMatch, procedureEtag(current));
    if (current.withdrawnAt) return current;
    const at = new Date(deps.now()).toISOString();
    const audit = auditEntry(
      caller,
      'procedure.withdraw',
      { kind: 'procedure', code },
      adminProcedureView(current),
      adminProcedureView({ ...current, withdrawnAt: at }),
      deps.now(),
    );
    return deps.store.withdrawProcedure(current, at, audit);
  });
}
