// The applicant withdraws their dossier (status 7) before it is resolved; they are told in the same transaction.
import { act } from '../../shared/dossier/aggregate.js';
import { notificationParams, pendingNotification } from '../../shared/dossier/acceptance.js';
import type { DossierRecord } from '../../shared/dossier/model.js';
import type { Pipeline } from '../../shared/dossier/pipeline.js';
import type { DossierRepository } from '../../shared/dossier/repository.js';
import type { Caller } from '../../shared/http/handler.js';
import { STATUS_NAMES } from '../../shared/http/messages.js';
import { applicantActor, conflict, dossierView, mine, onFreshRead } from './use-cases.js';

export interface WithdrawalDeps {
  dossiers: DossierRepository;
  pipeline: Pipeline;
  now: () => number;
  lookupUrl: (code: string) => string;
}

/**
 * Guarded by the version read; beaten by another write it reads again, so a concurrent change that settles the matter
 * (an officer resolving it, another withdrawal) makes this a 409. The reason is the applicant's own words, kept in
 * the history; the dossier leaves every list an officer or a stage works from.
 */
export function withdrawDossier(
  deps: WithdrawalDeps,
  caller: Caller,
  id: string,
  reason: string | undefined,
) {
  return onFreshRead(() => withdrawOnce(deps, caller, id, reason));
}

async function withdrawOnce(deps: WithdrawalDeps, caller: Caller, id: string, reason: string | undefined) {
  const dossier = mine(caller, id, await deps.dossiers.get(id));
  const now = deps.now();
  const result = act(
    dossier,
    { type: 'withdraw', ...(reason ? { reason } : {}) },
    applicantActor(caller),
    now,
    {
      ...(reason ? { note: reason } : {}),
    },
  );
  if (!result.ok) {
    throw conflict(
      `Hồ sơ đang ở trạng thái ${STATUS_NAMES[dossier.status].vi}, không thể rút: chỉ rút được hồ sơ đã nộp và chưa xử lý xong`,
      `The dossier is ${STATUS_NAMES[dossier.status].en} and cannot be withdrawn: only a submitted dossier not yet resolved can be`,
    );
  }
  const withdrawn: DossierRecord = { ...result.dossier, pendingStage: null, supplementRequest: null };
  const notification = pendingNotification(
    withdrawn,
    'withdrawn',
    notificationParams(dossier, deps.lookupUrl),
    now,
  );
  await deps.dossiers.commit(withdrawn, dossier.version, [result.event], [notification]);
  await deps.pipeline.toNotification(withdrawn.id, notification.id);
  return dossierView(withdrawn);
}
