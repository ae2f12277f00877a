// Reception: the receiving officer of the dossier's receiving unit accepts it (at its first step; the receipt follows) or
// refuses it with a reason, or asks once for a supplement. Each tells the applicant and is version-guarded, so two
// officers cannot both decide.
import { procedureFollowedBy } from '../../shared/catalog/submitted-procedure.js';
import type { Actor, SupplementItem } from '../../shared/domain/dossier/status-machine.js';
import { accept, notificationParams, pendingNotification } from '../../shared/dossier/acceptance.js';
import { act } from '../../shared/dossier/aggregate.js';
import { checklistLines, pendingForm } from '../../shared/dossier/forms.js';
import type { DossierRecord } from '../../shared/dossier/model.js';
import { VersionConflictError, type DossierReads } from '../../shared/dossier/repository.js';
import { jitteredPause } from '../../shared/retry.js';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor.js';
import type { Caller } from '../../shared/http/handler.js';
import { assertNotOwn, requireDuty } from '../../shared/http/duties.js';
import { STATUS_NAMES } from '../../shared/http/messages.js';
import { HttpProblem, notFound } from '../../shared/http/problem.js';
import { dossierView } from '../dossiers/use-cases.js';
import type { WorkflowDeps } from '../../shared/dossier/workflow.js';

export type ReceptionDeps = WorkflowDeps;

/** The officer's receiving unit; a token without one, or without the counter's duty, cannot act at reception. */
function unitOf(caller: Caller): string {
  if (!caller.agency) {
    throw new HttpProblem('forbidden', {
      vi: 'Mã thông báo của cán bộ không ghi đơn vị tiếp nhận',
      en: "The officer's token names no receiving unit",
    });
  }
  requireDuty(caller, 'receive');
  return caller.agency;
}

const officerOf = (caller: Caller, unit: string): Actor => ({
  id: caller.subject,
  role: 'officer',
  agency: unit,
  ...(caller.name ? { name: caller.name } : {}),
  ...(caller.title ? { title: caller.title } : {}),
});

const conflict = (vi: string, en: string) => new HttpProblem('conflict', { vi, en });

/** A dossier waiting at the caller's unit; another unit's dossier is reported as not found. */
async function waitingAt(deps: Pick<ReceptionDeps, 'dossiers'>, caller: Caller, id: string) {
  const unit = unitOf(caller);
  const found = await deps.dossiers.getWithAttachments(id);
  if (!found || found.dossier.receivingUnit !== unit || found.dossier.status === 'draft') {
    throw notFound({ vi: `Không có hồ sơ ${id}`, en: `No dossier ${id}` });
  }
  assertNotOwn(caller, found.dossier);
  if (found.dossier.pendingStage !== 'reception') {
    throw conflict(
      `Hồ sơ không chờ tiếp nhận (trạng thái: ${STATUS_NAMES[found.dossier.status].vi})`,
      `The dossier is not waiting for reception (it is ${STATUS_NAMES[found.dossier.status].en})`,
    );
  }
  return { ...found, unit };
}

/** The dossier changed between the read and the write: another decision, or a background write (a notification). */
class Raced extends Error {}

async function decided<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof VersionConflictError) throw new Raced('The dossier changed meanwhile');
    throw error;
  }
}

const DECISION_ATTEMPTS = 5;

/**
 * A decision read again and taken again when the dossier changed under it: a notification's record does not refuse an
 * officer, while another officer's decision does (the dossier no longer waits for reception: a 409 saying so).
 */
async function deciding<T>(decide: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await decide();
    } catch (error) {
      if (!(error instanceof Raced)) throw error;
      if (attempt >= DECISION_ATTEMPTS)
        throw conflict(
          'Hồ sơ vừa được xử lý bởi người khác',
          'Someone else decided on this dossier meanwhile',
        );
      await jitteredPause(attempt);
    }
  }
}

export async function listReception(
  deps: { dossiers: DossierReads },
  caller: Caller,
  query: { pageSize: number; cursor?: string },
) {
  const unit = unitOf(caller);
  const binding = { unit, pageSize: query.pageSize };
  const after = decodeCursor(query.cursor, binding);
  const split = after?.lastIndexOf('#') ?? -1;
  const { items, more } = await deps.dossiers.awaitingReception(
    unit,
    query.pageSize,
    after && split > 0 ? { since: after.slice(0, split), id: after.slice(split + 1) } : undefined,
  );
  const last = items.at(-1);
  return {
    items: items.map((d) => dossierView(d)),
    nextCursor: more && last ? encodeCursor(`${last.updatedAt}#${last.id}`, binding) : null,
  };
}

export function acceptAtReception(deps: ReceptionDeps, caller: Caller, id: string) {
  return deciding(async () => {
    const { dossier, attachments, unit } = await waitingAt(deps, caller, id);
    const procedure = await procedureFollowedBy(deps.catalog, dossier);
    if (!procedure) {
      throw conflict(
        `Thủ tục ${dossier.procedureCode} không còn trong danh mục`,
        `Procedure ${dossier.procedureCode} is no longer in the catalog`,
      );
    }
    const result = accept({
      dossier,
      procedure,
      calendar: deps.calendar,
      actor: officerOf(caller, unit),
      now: deps.now(),
      lookupUrl: deps.lookupUrl,
      note: 'accepted-by-officer',
    });
    if (!result.ok) throw conflict('Không thể tiếp nhận hồ sơ lúc này', 'The dossier cannot be accepted now');
    await decided(() =>
      deps.dossiers.commit(result.dossier, dossier.version, result.events, [result.notification], {
        joins: result.joins,
        forms: [result.receipt],
      }),
    );
    await Promise.all([
      deps.pipeline.toNotification(dossier.id, result.notification.id),
      deps.pipeline.toForm(dossier.id, result.receipt.id),
    ]);
    return dossierView(result.dossier, attachments);
  });
}

/** The officer a form names as its signer: the token's name, or its subject. */
const signerOf = (caller: Caller) => caller.name ?? caller.subject;

export function refuseAtReception(
  deps: Omit<ReceptionDeps, 'catalog' | 'calendar'>,
  caller: Caller,
  id: string,
  reason: string,
) {
  return deciding(async () => {
    const { dossier, attachments, unit } = await waitingAt(deps, caller, id);
    const now = deps.now();
    const result = act(dossier, { type: 'refuse', reason }, officerOf(caller, unit), now, { note: reason });
    if (!result.ok) throw conflict('Không thể từ chối hồ sơ lúc này', 'The dossier cannot be refused now');
    const refused: DossierRecord = { ...result.dossier, pendingStage: null };
    // Phiếu từ chối tiếp nhận giải quyết hồ sơ, issued off the request path from what this write records.
    const form = pendingForm(refused, 'refusal', { reason, agency: unit, signedBy: signerOf(caller) }, now);
    const notification = pendingNotification(
      refused,
      'refused',
      { ...notificationParams(dossier, deps.lookupUrl), reason, form: form.id },
      now,
    );
    await decided(() =>
      deps.dossiers.commit(refused, dossier.version, [result.event], [notification], { forms: [form] }),
    );
    await Promise.all([
      deps.pipeline.toNotification(dossier.id, notification.id),
      deps.pipeline.toForm(dossier.id, form.id),
    ]);
    return dossierView(refused, attachments);
  });
}

export function requestSupplementAtReception(
  deps: Omit<ReceptionDeps, 'calendar'>,
  caller: Caller,
  id: string,
  checklist: SupplementItem[],
) {
  return deciding(async () => {
    const { dossier, attachments, unit } = await waitingAt(deps, caller, id);
    const procedure = await procedureFollowedBy(deps.catalog, dossier);
    const unknown = checklist.flatMap((item, i) =>
      item.documentType && !procedure?.requiredDocuments.some((d) => d.type === item.documentType)
        ? [
            {
              field: `body.checklist.${i}.documentType`,
              message: {
                vi: `Thủ tục ${dossier.procedureCode} không có loại giấy tờ này`,
                en: `Procedure ${dossier.procedureCode} has no such document`,
              },
            },
          ]
        : [],
    );
    if (unknown.length > 0) {
      throw new HttpProblem(
        'unprocessable-content',
        { vi: 'Giấy tờ không thuộc thủ tục', en: 'Documents that are not part of the procedure' },
        unknown,
      );
    }
    const now = deps.now();
    const result = act(dossier, { type: 'request-supplement', checklist }, officerOf(caller, unit), now, {
      note: checklist.map((item) => item.documentType ?? item.description).join('; '),
    });
    if (!result.ok)
      throw conflict(
        'Không thể yêu cầu bổ sung lúc này (mỗi hồ sơ chỉ được yêu cầu bổ sung một lần)',
        'A supplement cannot be requested now (a dossier is asked for one only once)',
      );
    const waiting: DossierRecord = {
      ...result.dossier,
      supplementRequest: { checklist, requestedAt: new Date(now).toISOString() },
      pendingStage: null,
    };
    // Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ, issued off the request path from what this write records.
    const form = pendingForm(
      waiting,
      'supplement-request',
      { items: checklistLines(checklist), agency: unit, signedBy: signerOf(caller) },
      now,
    );
    const notification = pendingNotification(
      waiting,
      'supplement-requested',
      {
        ...notificationParams(dossier, deps.lookupUrl),
        checklist: checklist.map((item) => item.description).join('; '),
        form: form.id,
      },
      now,
    );
    // The counter has it now, waiting for the applicant: listed among the unit's dossiers (a re-organisation finds it
    // there), though in no inbox until the supplement comes.
    await decided(() =>
      deps.dossiers.commit(waiting, dossier.version, [result.event], [notification], {
        joins: [dossier.receivingUnit],
        forms: [form],
      }),
    );
    await Promise.all([
      deps.pipeline.toNotification(dossier.id, notification.id),
      deps.pipeline.toForm(dossier.id, form.id),
    ]);
    return dossierView(waiting, attachments);
  });
}
