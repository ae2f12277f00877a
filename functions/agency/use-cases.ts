// Agency workspace use cases: the staff view of a dossier and the actions that carry it to the end of its life.
import { procedureFollowedBy } from '../../shared/catalog/submitted-procedure.js';
import type { CatalogRepository } from '../../shared/catalog/repository.js';
import { DUTY_OF } from '../../shared/domain/dossier/duties.js';
import { act } from '../../shared/dossier/aggregate.js';
import { notificationParams, pendingNotification } from '../../shared/dossier/acceptance.js';
import { pendingForm } from '../../shared/dossier/forms.js';
import type { DossierRecord } from '../../shared/dossier/model.js';
import type { Pipeline } from '../../shared/dossier/pipeline.js';
import { VersionConflictError, type StaffRecord } from '../../shared/dossier/repository.js';
import { jitteredPause } from '../../shared/retry.js';
import { requireDuty } from '../../shared/http/duties.js';
import type { Caller } from '../../shared/http/handler.js';
import { STATUS_NAMES } from '../../shared/http/messages.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { actionableBy, assertCurrent, etagOf, visibleTo } from './access.js';
import { plan, type ActionBodies } from './actions.js';
import {
  actionsFor,
  staffView,
  type StaffAction,
  type StaffReadDeps,
  type StaffViewDeps,
} from './staff-view.js';

export interface AgencyDeps extends StaffViewDeps {
  catalog: CatalogRepository;
  pipeline: Pipeline;
  lookupUrl: (code: string) => string;
}

async function procedureOf(deps: Pick<AgencyDeps, 'catalog'>, dossier: DossierRecord) {
  const procedure = await procedureFollowedBy(deps.catalog, dossier);
  if (!procedure)
    throw new Error(`Procedure ${dossier.procedureCode} of dossier ${dossier.id} is not in the catalog`);
  return procedure;
}

export async function getAgencyDossier(
  deps: StaffReadDeps & Pick<AgencyDeps, 'catalog'>,
  caller: Caller,
  id: string,
) {
  const found = await deps.dossiers.getForStaff(id);
  visibleTo(caller, id, found?.dossier);
  const procedure = await procedureOf(deps, found!.dossier);
  return {
    view: await staffView(deps, caller, found!, procedure.routingSteps.at(-1)?.id),
    etag: etagOf(found!.dossier),
  };
}

const officer = (caller: Caller) => ({
  id: caller.subject,
  role: 'officer' as const,
  agency: caller.agency,
  ...(caller.name ? { name: caller.name } : {}),
  ...(caller.title ? { title: caller.title } : {}),
});

/**
 * One action, in the order a refusal is decided: never at the caller's agency (404), not their duty or their own
 * dossier (403), no If-Match (428), a stale one (412), a status that does not allow it (409). The dossier, its event
 * and the applicant's notification are one transaction guarded by the version read.
 */
export async function actOnDossier<A extends StaffAction>(
  deps: AgencyDeps,
  caller: Caller,
  id: string,
  action: A,
  body: ActionBodies[A],
  ifMatch: string | undefined,
) {
  for (let attempt = 1; ; attempt += 1) {
    const found = await deps.dossiers.getForStaff(id);
    const dossier = actionableBy(caller, id, found?.dossier, ifMatch);
    requireDuty(caller, DUTY_OF[action]!);
    assertCurrent(dossier, ifMatch);
    try {
      return await applyAction(deps, caller, found!, action, body);
    } catch (error) {
      // Another write landed since the read. If it was an officer's decision, the next read answers 412; a
      // recorded notification or delivery report changed nothing the officer decided on: act again on it.
      if (!(error instanceof VersionConflictError)) throw error;
      if (attempt >= 5) throw busyDossier();
      await jitteredPause(attempt);
    }
  }
}

const busyDossier = () =>
  new HttpProblem(
    'service-unavailable',
    {
      vi: 'Hồ sơ đang được cập nhật liên tục; thao tác chưa được ghi, hãy thử lại sau giây lát',
      en: 'The dossier is being updated continuously; nothing was written, try again in a moment',
    },
    [],
    { 'retry-after': '1' },
  );

async function applyAction<A extends StaffAction>(
  deps: AgencyDeps,
  caller: Caller,
  found: StaffRecord,
  action: A,
  body: ActionBodies[A],
) {
  const { dossier } = found;
  const procedure = await procedureOf(deps, dossier);
  const lastStepId = procedure.routingSteps.at(-1)?.id;
  const now = deps.now();
  if (!actionsFor(caller, dossier, now, lastStepId).includes(action)) {
    throw new HttpProblem('conflict', {
      vi: `Hồ sơ đang ở trạng thái ${STATUS_NAMES[dossier.status].vi}${dossier.step ? ` tại bước ${dossier.step.name}` : ''}, không thể thực hiện việc này lúc này`,
      en: `The dossier is ${STATUS_NAMES[dossier.status].en}${dossier.step ? ` at step ${dossier.step.id}` : ''}; this cannot be done now`,
    });
  }
  const results = new Map(
    found.results
      .filter((r) => r.status === 'verified' && r.sha256)
      .map((r) => [
        r.id,
        {
          sha256: r.sha256!,
          fileName: r.fileName,
          contentType: r.contentType,
          ...(r.signatureCheck ? { signatureCheck: r.signatureCheck } : {}),
        },
      ]),
  );
  const planned = plan(action, body, { dossier, procedure, calendar: deps.calendar, now, results });
  const moved = act(dossier, planned.action, officer(caller), now, {
    note: planned.note,
    ...(planned.documentHashes ? { documentHashes: planned.documentHashes } : {}),
    ...(planned.signatures ? { signatures: planned.signatures } : {}),
  });
  if (!moved.ok) {
    throw new HttpProblem('conflict', {
      vi: 'Không thể thực hiện việc này với hồ sơ lúc này',
      en: 'This cannot be done to the dossier now',
    });
  }
  const next: DossierRecord = { ...moved.dossier, ...planned.patch(moved.dossier) };
  // The form comes from the officer's agency, signed by the officer who decided (the leader approving an extension).
  const form = planned.form
    ? pendingForm(
        next,
        planned.form.type,
        {
          ...planned.form.params,
          agency: caller.agency ?? dossier.receivingUnit,
          signedBy: caller.name ?? caller.subject,
        },
        now,
      )
    : undefined;
  const notification = planned.notify
    ? pendingNotification(
        next,
        planned.notify.event,
        {
          ...notificationParams(dossier, deps.lookupUrl),
          ...planned.notify.params,
          ...(form ? { form: form.id } : {}),
        },
        now,
      )
    : undefined;
  const joins = (planned.joins ?? []).filter((agency) => !(dossier.agencies ?? []).includes(agency));
  await deps.dossiers.commit(next, dossier.version, [moved.event], notification ? [notification] : [], {
    joins,
    ...(form ? { forms: [form] } : {}),
    ...(planned.writes ? { writes: planned.writes } : {}),
  });
  await Promise.all([
    ...(notification ? [deps.pipeline.toNotification(next.id, notification.id)] : []),
    ...(form ? [deps.pipeline.toForm(next.id, form.id)] : []),
  ]);
  // The answer is the dossier as this action committed it: no second read of its partition.
  const after: StaffRecord = { ...found, dossier: next, history: [...found.history, moved.event] };
  return { view: await staffView(deps, caller, after, lastStepId), etag: etagOf(next) };
}
