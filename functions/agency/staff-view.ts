// The staff view of a dossier: everything an officer needs to process it, the actions open to this officer now,
// and a record in the access log of who read the applicant's data and was given links to the documents.
import type { Calendar } from '../../shared/domain/calendar/calendar.js';
import { remainingWorkingDays } from '../../shared/domain/calendar/deadlines.js';
import { DUTY_OF } from '../../shared/domain/dossier/duties.js';
import { allowedActions, nationalStatus } from '../../shared/domain/dossier/status-machine.js';
import { DOWNLOAD_LINK_SECONDS, type DownloadPresigner } from '../../shared/dossier/download-presigner.js';
import type { AttachmentRecord, DossierRecord } from '../../shared/dossier/model.js';
import type { DossierReads, DossierRepository, StaffRecord } from '../../shared/dossier/repository.js';
import { workingDueAt, workplaceOf } from '../../shared/dossier/workplace.js';
import { isOwnDossier } from '../../shared/http/duties.js';
import type { Caller } from '../../shared/http/handler.js';
import { STAFF_ACTIONS, type StaffAction } from './staff-actions.js';
import { agencyOf } from './access.js';

/** What showing a dossier to its officers takes: reads only (and the access log entry the read leaves). */
export interface StaffReadDeps {
  dossiers: DossierReads;
  downloads: DownloadPresigner;
  calendar: Calendar;
  now: () => number;
}

export interface StaffViewDeps extends StaffReadDeps {
  dossiers: DossierRepository;
}

export { STAFF_ACTIONS, type StaffAction } from './staff-actions.js';

/** What this officer may do now: the status machine's actions, their duties, and where the dossier is. */
export function actionsFor(
  caller: Caller,
  dossier: DossierRecord,
  now: number,
  lastStepId?: string,
): StaffAction[] {
  const agency = caller.agency;
  if (!agency || workplaceOf(dossier) !== agency) return [];
  if (isOwnDossier(caller, dossier)) return [];
  const open = allowedActions(dossier.state, { actor: { id: caller.subject, role: 'officer', agency }, now });
  return STAFF_ACTIONS.filter((action) => {
    const duty = DUTY_OF[action];
    if (!open.includes(action) || !duty || !caller.duties.includes(duty)) return false;
    // The result is approved at the last step; a supplement asked at reception is answered at reception.
    if (action === 'resolve') return dossier.step?.id === lastStepId;
    if (action === 'forward') return dossier.step !== null && dossier.step?.id !== lastStepId;
    if (action === 'request-supplement') return dossier.status === 'processing';
    return true;
  });
}

const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();

export async function staffView(
  deps: StaffReadDeps,
  caller: Caller,
  record: StaffRecord,
  lastStepId: string | undefined,
) {
  const { dossier, attachments, results, history } = record;
  const now = deps.now();
  const verified = [...attachments, ...results].filter((a) => a.status === 'verified' && a.objectKey);
  // The log entry is written before any personal data or link leaves: a read that is not recorded is not answered.
  await deps.dossiers.recordAccess({
    dossierId: dossier.id,
    at: new Date(now).toISOString(),
    officer: caller.subject,
    agency: agencyOf(caller),
    what: verified.length > 0 ? 'download-links' : 'view',
    documents: verified.map((a) => a.id),
  });
  const links = new Map(
    await Promise.all(
      verified.map(
        async (a) =>
          [a.id, await deps.downloads.presignGet(a.objectKey!, a.fileName, DOWNLOAD_LINK_SECONDS)] as const,
      ),
    ),
  );
  const document = (a: AttachmentRecord) => ({
    id: a.id,
    documentType: a.documentType,
    fileName: a.fileName,
    contentType: a.contentType,
    status: a.status,
    size: a.size,
    sha256: a.sha256,
    downloadUrl: links.get(a.id) ?? null,
  });
  const working = workingDueAt(dossier);
  const open = workplaceOf(dossier) !== null && working !== null;
  return {
    id: dossier.id,
    code: dossier.code,
    procedure: { code: dossier.procedureCode, name: dossier.procedureName },
    status: dossier.status,
    nationalStatus: nationalStatus(dossier.status),
    receivingUnit: dossier.receivingUnit,
    step: dossier.step ?? null,
    dueAt: iso(dossier.state.dueAt),
    statutoryDueAt: iso(dossier.statutoryDueAt),
    overdue: open && now > Date.parse(working),
    workingDaysLeft: open ? remainingWorkingDays(deps.calendar, now, Date.parse(working)) : null,
    applicant: dossier.applicant,
    form: dossier.form,
    channels: dossier.channels,
    submittedAt: dossier.submittedAt,
    acceptedAt: dossier.acceptedAt,
    resolvedAt: dossier.resolvedAt ?? null,
    releasedAt: dossier.releasedAt ?? null,
    supplementRequest: dossier.supplementRequest ?? null,
    fee: dossier.fee ?? null,
    documents: attachments.map(document),
    results: results.map((r) => ({ ...document(r), signatureCheck: r.signatureCheck ?? null })),
    ...(dossier.nationalCode
      ? {
          nationalCode: dossier.nationalCode,
          // The portal's links are left out: they may carry the portal's access token.
          nationalDocuments: (record.nationalDocuments ?? []).map((d) => ({
            index: d.index,
            documentType: d.documentType,
            fileName: d.fileName,
            status: d.status,
            attachmentId: d.attachmentId,
            reason: d.reason,
            settledAt: d.settledAt,
          })),
        }
      : {}),
    history: history.map((event) => ({ ...event, at: new Date(event.at).toISOString() })),
    allowedActions: actionsFor(caller, dossier, now, lastStepId),
  };
}
