// A dossier filed on the National Public Service Portal becomes a dossier here: submitted (status 1) at the receiving
// unit of its procedure (the current version, as an online submission), under a code of that unit, once per MaHoSo.
// Its documents are fetched off the request path (fetching.ts); then it enters intake like any submission.
import { firstPushTime, type FiledDossier } from '../../shared/adapters/national-portal/inbound.js';
import { creationWrites } from '../../shared/adapters/national-portal/inbound-repository.js';
import type { CatalogRepository } from '../../shared/catalog/repository.js';
import { procedureFollowedBy } from '../../shared/catalog/submitted-procedure.js';
import { localDateAt } from '../../shared/domain/calendar/local-date.js';
import { initialState } from '../../shared/domain/dossier/status-machine.js';
import { act, record } from '../../shared/dossier/aggregate.js';
import type { DossierRecord, NationalDocumentRecord } from '../../shared/dossier/model.js';
import { SequenceTakenError, WriteConditionError } from '../../shared/dossier/repository.js';
import { sanitizeFileName } from '../../shared/dossier/storage.js';
import { leaveLine, nextTurn } from '../../shared/dossier/code-line.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { codeAfter } from '../dossiers/use-cases.js';
import {
  channelsOf,
  portalApplicant,
  updateFiledDossier,
  type UpdateOutcome,
  type UpdatingDeps,
} from './updating.js';

export interface ReceivingDeps extends UpdatingDeps {
  catalog: CatalogRepository;
  newId: () => string;
  /** The key its owner's dossiers are listed under (shared/dossier/applicant-link.ts); null when not configured. */
  linkedId: (citizenId: string) => Promise<string | null>;
}

export type ReceiveOutcome =
  | { kind: 'created' | 'duplicate'; dossierId: string; code: string | null }
  | UpdateOutcome
  | { kind: 'unknown-procedure' }
  | { kind: 'unknown-dossier' };

export async function receiveFiledDossier(deps: ReceivingDeps, filed: FiledDossier): Promise<ReceiveOutcome> {
  const existing = await deps.national.dossierIdOf(filed.nationalCode);
  if (existing) return duplicate(deps, existing, filed);
  if (filed.update) return { kind: 'unknown-dossier' };
  const procedure = await procedureFollowedBy(deps.catalog, { procedureCode: filed.procedureCode });
  if (!procedure) return { kind: 'unknown-procedure' };
  // Listed among its owner's dossiers by the key of the ID number, never the number itself.
  const applicantId = await deps.linkedId(filed.applicant.citizenId);
  if (!applicantId) throw notLinkable();
  const now = deps.now();
  const at = new Date(now).toISOString();
  const id = deps.newId();
  const actor = portalApplicant(filed.nationalCode);
  const channels = channelsOf(filed);
  const draft: DossierRecord = {
    id,
    code: null,
    procedureCode: procedure.code,
    procedureName: procedure.name,
    receivingUnit: procedure.receivingUnit,
    applicantId,
    applicant: filed.applicant,
    form: filed.summary ? { summary: filed.summary } : {},
    channels,
    language: 'vi',
    state: initialState,
    status: initialState.status,
    createdAt: at,
    updatedAt: at,
    submittedAt: null,
    acceptedAt: null,
    version: 0,
    historyLength: 0,
    lastHash: '',
    pendingStage: null,
    handedIn: [],
    nationalCode: filed.nationalCode,
    submittedVia: 'national-portal',
    // What the first update must be later than (updating.ts).
    nationalUpdatedAt: new Date(firstPushTime(filed)).toISOString(),
  };
  const created = record(draft, {
    action: 'created',
    actor,
    at: now,
    note: `procedure=${procedure.code} channel=national-portal`,
  });
  const documents = filed.documents.map((document, index) => pendingDocument(id, index, document));
  // With nothing to fetch, it goes to intake at once (which finds the mandatory documents missing).
  const stage = documents.length > 0 ? 'nationalDocuments' : 'intake';
  let lastIssued: number | undefined;
  let place: number | undefined;
  for (;;) {
    lastIssued ??= await deps.dossiers.lastIssuedSequence(draft.receivingUnit, localDateAt(now));
    const next = codeAfter(draft.receivingUnit, now, lastIssued);
    const result = act(created.dossier, { type: 'submit' }, actor, now, {
      note: `code=${next.code} channel=national-portal`,
    });
    if (!result.ok) throw new Error(`A new dossier cannot be submitted: ${result.error.kind}`);
    const submitted: DossierRecord = {
      ...result.dossier,
      code: next.code,
      submittedAt: at,
      procedureVersion: procedure.version,
      pendingStage: stage,
    };
    try {
      await deps.dossiers.createSubmitted(submitted, [created.event, result.event], {
        sequence: { unit: next.unit, date: next.date, lastIssued },
        writes: creationWrites(filed.nationalCode, id, documents),
      });
    } catch (error) {
      if (!(error instanceof SequenceTakenError)) {
        // Leaving without a code: the waiters behind this one's place do not wait for it.
        await leaveLine(deps, next.unit, next.date, place);
        if (error instanceof WriteConditionError) {
          // A push of the same MaHoSo at the same moment made the dossier: this one is that push again.
          const winner = await deps.national.dossierIdOf(filed.nationalCode);
          if (winner) return duplicate(deps, winner, filed);
        }
        throw error;
      }
      // Lost the unit's next code: its turn in the unit's line, or the portal is asked to push again (busy).
      const turn = await nextTurn(deps, next, place, now);
      if (!turn) throw busyUnit();
      ({ lastIssued, place } = turn);
      continue;
    }
    await leaveLine(deps, next.unit, next.date, place);
    await deps.pipeline.toStage(stage, id);
    return { kind: 'created', dossierId: id, code: next.code };
  }
}

/**
 * The dossier a MaHoSo became. A push again never starts its documents' fetch again: a replayed push would fetch them
 * as often as it is sent; a hand-off that was lost is the sweeper's to redo, once the stage has waited long enough.
 * An update is applied where the dossier's status allows it (updating.ts).
 */
async function duplicate(
  deps: ReceivingDeps,
  dossierId: string,
  filed: FiledDossier,
): Promise<ReceiveOutcome> {
  if (filed.update) return updateFiledDossier(deps, dossierId, filed);
  const dossier = await deps.dossiers.get(dossierId);
  return { kind: 'duplicate', dossierId, code: dossier?.code ?? null };
}

/** The portal is asked to push again later: an operator puts the link secret meanwhile, and nothing pushed is lost. */
const notLinkable = () =>
  new HttpProblem(
    'service-unavailable',
    {
      vi: 'Chưa cấu hình liên kết hồ sơ với tài khoản người nộp (thiếu APPLICANT_LINK_SECRET); hãy gửi lại hồ sơ sau',
      en: "Linking dossiers to their applicants' accounts is not configured (APPLICANT_LINK_SECRET); push again later",
    },
    [],
    { 'retry-after': '300' },
  );

const busyUnit = () =>
  new HttpProblem(
    'service-unavailable',
    {
      vi: 'Đơn vị tiếp nhận đang nhận rất nhiều hồ sơ cùng lúc; hãy gửi lại hồ sơ sau giây lát',
      en: 'The receiving unit is taking very many dossiers at once; push the dossier again in a moment',
    },
    [],
    { 'retry-after': '1' },
  );

/** A document the portal listed, as a record waiting for the nationalDocuments consumer to fetch and check it. */
export function pendingDocument(
  dossierId: string,
  index: number,
  document: FiledDossier['documents'][number],
): NationalDocumentRecord {
  return {
    dossierId,
    index,
    documentType: document.documentType,
    fileName: sanitizeFileName(document.fileName),
    url: document.url,
    declaredSize: document.declaredSize,
    declaredSha256: document.declaredSha256,
    status: 'pending',
    attachmentId: null,
    reason: null,
    settledAt: null,
  };
}
