// A re-organisation by decree: units merged into one while their dossiers are open. The job runs in pages through a
// queue, each page read by index (the reception list and the "every dossier ever at the unit" membership index of
// each old unit, then the catalog's procedure partition), each move a version-guarded write retried on conflict.
// Running it twice changes nothing; a repeated or stale message is ignored; POSTing the same merge again resumes it.
import { createHash } from 'node:crypto';
import type { Agency, Procedure } from '../../shared/catalog/model.js';
import type {
  AgencyRecord,
  CatalogAdminStore,
  ProcedureRecord,
  ReorganisationJob,
} from '../../shared/catalog/repository.js';
import { CatalogConflictError } from '../../shared/catalog/repository.js';
import { reassignmentNote } from '../../shared/domain/dossier/reassignment.js';
import { record } from '../../shared/dossier/aggregate.js';
import type { DossierRecord } from '../../shared/dossier/model.js';
import type { DossierRepository, InboxPort } from '../../shared/dossier/repository.js';
import { VersionConflictError, WriteConditionError } from '../../shared/dossier/repository.js';
import { receivedKey } from '../../shared/dossier/workplace.js';
import type { Caller } from '../../shared/http/handler.js';
import { HttpProblem, notFound } from '../../shared/http/problem.js';
import { jitteredPause } from '../../shared/retry.js';
import { CATALOG_CACHE_MS } from '../../shared/catalog/dependencies.js';
import { auditEntry, unusable, type AdminClock } from './changes.js';
import { marksOf, type ReorganisationMarks } from './reorganisation-marks.js';

export const PAGE_SIZE = 25;
const CLOSED = new Set(['draft', 'refused', 'withdrawn', 'stopped', 'released']);

export interface ReorganisationQueue {
  /** Asks for page `page` of the job; a failed send is logged, and POSTing the merge again resends it. */
  send(jobId: string, page: number, delaySeconds?: number): Promise<void>;
}

export interface ReorganisationDeps extends AdminClock {
  store: CatalogAdminStore;
  queue: ReorganisationQueue;
}

export interface ReorganisationWorkerDeps extends ReorganisationDeps {
  dossiers: Pick<DossierRepository, 'get' | 'commit' | 'awaitingReception'>;
  inboxes: Pick<InboxPort, 'everything'>;
  marks: ReorganisationMarks;
}

/**
 * The steps of a job: each old unit's reception list and memberships, then the procedures, then the units (closed,
 * `mergedInto` set); then, once every container's catalog cache has seen that, the old units' lists once more. A
 * dossier the pipeline or an officer put on an old unit after its lists were read (in intake or at acceptance when the
 * job started, forwarded to a step there) is found by that second sweep; after it, the pipeline stages and forwards
 * resolve a merged unit through `mergedInto` themselves.
 */
type Phase =
  | { kind: 'reception'; agency: string }
  | { kind: 'members'; agency: string }
  | { kind: 'procedures' }
  | { kind: 'agencies' }
  | { kind: 'settle' };

const sweep = (job: ReorganisationJob): Phase[] =>
  job.from.flatMap((agency): Phase[] => [
    { kind: 'reception', agency },
    { kind: 'members', agency },
  ]);

const phasesOf = (job: ReorganisationJob): Phase[] => [
  ...sweep(job),
  { kind: 'procedures' },
  { kind: 'agencies' },
  { kind: 'settle' },
  ...sweep(job),
];

/** How long the second sweep waits for the catalog caches (and the indexes) to show the units merged. */
export const SETTLE_SECONDS = Math.ceil(CATALOG_CACHE_MS / 1000) + 5;

/** The same merge has the same id, so asking for it twice finds the first job. */
/** A merge's job is named by what it merges: the same merge asked again is the same job. */
export const jobId = (from: string[], into: string, effectiveAt: string | null) =>
  createHash('sha256')
    .update(JSON.stringify([[...from].sort(), into, effectiveAt]))
    .digest('hex')
    .slice(0, 32);

export const jobView = (job: ReorganisationJob) => ({
  id: job.id,
  status: job.status,
  from: job.from,
  into: job.into,
  effectiveAt: job.effectiveAt,
  moved: job.moved,
  left: job.left,
  proceduresChanged: job.proceduresChanged,
  pagesDone: job.page,
  ...(job.failure ? { failure: job.failure } : {}),
  createdAt: job.createdAt,
  updatedAt: job.updatedAt,
});

export async function startReorganisation(
  deps: ReorganisationDeps,
  caller: Caller,
  input: { from: string[]; into: string; effectiveAt?: string },
) {
  const from = [...new Set(input.from)];
  if (from.includes(input.into)) {
    throw new HttpProblem(
      'validation-error',
      {
        vi: 'Đơn vị nhận không được nằm trong các đơn vị bị sáp nhập',
        en: 'The unit merged into cannot be merged itself',
      },
      [
        {
          field: 'body.into',
          message: { vi: 'Trùng với một mã trong from', en: 'The same as a code in from' },
        },
      ],
    );
  }
  const agencies = new Map((await deps.store.listAgencyRecords()).map((r) => [r.agency.code, r.agency]));
  const unknown = from.flatMap((code, i) => (agencies.has(code) ? [] : [{ field: `body.from.${i}`, code }]));
  const into = agencies.get(input.into);
  if (!into || into.active === false) unknown.push({ field: 'body.into', code: input.into });
  if (unknown.length > 0) throw unusable(unknown);

  const now = deps.now();
  const effectiveAt = input.effectiveAt ? new Date(input.effectiveAt).toISOString() : null;
  const id = jobId(from, input.into, effectiveAt);
  const existing = await deps.store.getJob(id);
  if (existing) {
    // Resumes a job whose next message was lost (a crash between its write and its send), or one that failed when
    // its unit was closed and is open again (checked above); a running one ignores a page it is past.
    if (existing.status === 'failed') {
      const { failure: _failure, ...rest } = existing;
      const resumed: ReorganisationJob = {
        ...rest,
        status: 'running',
        updatedAt: new Date(now).toISOString(),
      };
      if (!(await deps.store.saveJob(resumed, existing.page))) return { created: false, job: existing };
      await deps.queue.send(id, resumed.page);
      return { created: false, job: resumed };
    }
    if (existing.status === 'running') await deps.queue.send(id, existing.page);
    return { created: false, job: existing };
  }
  const at = new Date(now).toISOString();
  const job: ReorganisationJob = {
    id,
    from,
    into: input.into,
    effectiveAt,
    status: 'running',
    moved: 0,
    left: 0,
    proceduresChanged: 0,
    page: 0,
    phase: 0,
    cursor: null,
    createdAt: at,
    updatedAt: at,
    actor: { subject: caller.subject, ...(caller.name ? { name: caller.name } : {}) },
  };
  const audit = auditEntry(
    caller,
    'reorganisation.start',
    { kind: 'agency', code: input.into },
    null,
    jobView(job),
    now,
  );
  if (!(await deps.store.createJob(job, audit)))
    return { created: false, job: (await deps.store.getJob(id))! };
  await deps.queue.send(id, 0, delayUntil(effectiveAt, now));
  return { created: true, job };
}

/** Seconds to wait for a future effective time (SQS delays at most 15 minutes: the job then asks again). */
const delayUntil = (effectiveAt: string | null, now: number) =>
  effectiveAt ? Math.max(0, Math.min(900, Math.ceil((Date.parse(effectiveAt) - now) / 1000))) : 0;

export async function getReorganisation(deps: Pick<ReorganisationDeps, 'store'>, id: string) {
  const job = await deps.store.getJob(id);
  if (!job) throw notFound({ vi: `Không có đợt sắp xếp ${id}`, en: `No re-organisation ${id}` });
  return jobView(job);
}

/** The dossier as the new unit holds it, or null when it stays as it is (closed, or not at an old unit). */
export function reassigned(
  dossier: DossierRecord,
  from: ReadonlySet<string>,
  into: string,
  jobId: string,
  now: number,
) {
  if (CLOSED.has(dossier.status)) return null;
  const receiving = from.has(dossier.receivingUnit);
  const atStep = dossier.step ? from.has(dossier.step.agency) : false;
  if (!receiving && !atStep) return null;
  const previous = [receiving ? dossier.receivingUnit : null, atStep ? dossier.step!.agency : null].filter(
    (code): code is string => code !== null,
  );
  const moved: DossierRecord = {
    ...dossier,
    receivingUnit: receiving ? into : dossier.receivingUnit,
    step: atStep && dossier.step ? { ...dossier.step, agency: into } : dossier.step,
    agencies: [...new Set([...(dossier.agencies ?? [dossier.receivingUnit]), into])],
  };
  const { dossier: next, event } = record(moved, {
    action: 'reassigned',
    actor: { id: `reorganisation:${jobId}`, role: 'system' },
    at: now,
    note: reassignmentNote({
      from: previous,
      into,
      receivingBefore: receiving ? dossier.receivingUnit : null,
      job: jobId,
    }),
  });
  const joins = (dossier.agencies ?? [dossier.receivingUnit]).includes(into) ? [] : [into];
  return { dossier: next, event, joins };
}

/**
 * Moves one dossier, reading it again whenever an officer's write came first: their update is kept, then moved. The
 * job counts it once (see reorganisation-marks.ts): moved with the move that moves it, or left when it is closed (it
 * stays where it was); an open dossier no longer at an old unit counts for nothing.
 */
async function moveDossier(deps: ReorganisationWorkerDeps, job: ReorganisationJob, id: string, page: number) {
  const from = new Set(job.from);
  for (let attempt = 1; ; attempt += 1) {
    const [dossier, marked] = await Promise.all([deps.dossiers.get(id), deps.marks.isMarked(job.id, id)]);
    if (!dossier) return;
    const move = reassigned(dossier, from, job.into, job.id, deps.now());
    if (!move) {
      if (!marked && CLOSED.has(dossier.status)) await deps.marks.markLeft(job.id, id, page);
      return;
    }
    try {
      await deps.dossiers.commit(move.dossier, dossier.version, [move.event], [], {
        joins: move.joins,
        writes: marked ? [] : marksOf(job.id, id, page, 'moved'),
      });
      return;
    } catch (error) {
      const raced = error instanceof VersionConflictError || error instanceof WriteConditionError;
      if (!raced || attempt >= 10) throw error;
      await jitteredPause(attempt);
    }
  }
}

/** The operator who started the job, named in the audit entries of the changes it makes. */
const jobCaller = (job: ReorganisationJob): Caller => ({
  ...job.actor,
  roles: ['admin'],
  agency: undefined,
  duties: [],
});

/** Replaces the old units by the new one wherever a procedure names them: a new version, as an operator's change. */
function procedureFor(procedure: Procedure, from: ReadonlySet<string>, into: string): Procedure | null {
  const swap = (code: string) => (from.has(code) ? into : code);
  const changed: Procedure = {
    ...procedure,
    agencyCode: swap(procedure.agencyCode),
    receivingUnit: swap(procedure.receivingUnit),
    routingSteps: procedure.routingSteps.map((step) => ({ ...step, agencyCode: swap(step.agencyCode) })),
  };
  return JSON.stringify(changed) === JSON.stringify(procedure) ? null : changed;
}

async function moveProcedure(deps: ReorganisationWorkerDeps, job: ReorganisationJob, start: ProcedureRecord) {
  const from = new Set(job.from);
  let current: ProcedureRecord | null = start;
  for (let attempt = 1; current; attempt += 1) {
    const changed = procedureFor(current.procedure, from, job.into);
    if (!changed) return false;
    const audit = auditEntry(
      jobCaller(job),
      'procedure.change',
      { kind: 'procedure', code: changed.code },
      { version: current.version, procedure: current.procedure },
      { version: current.version + 1, procedure: changed, reorganisation: job.id },
      deps.now(),
    );
    try {
      await deps.store.putProcedure(changed, current.version, audit);
      return true;
    } catch (error) {
      if (!(error instanceof CatalogConflictError) || attempt >= 10) throw error;
      current = await deps.store.getProcedureRecord(start.procedure.code);
    }
  }
  return false;
}

/** The active agencies under an old unit now report to the new one (a closed parent would leave them hanging). */
async function moveChildren(deps: ReorganisationWorkerDeps, job: ReorganisationJob) {
  const from = new Set(job.from);
  const children = (await deps.store.listAgencyRecords()).filter(
    ({ agency }) =>
      agency.parentCode && from.has(agency.parentCode) && !from.has(agency.code) && agency.active !== false,
  );
  for (const child of children) {
    let current: AgencyRecord | null = child;
    for (let attempt = 1; current; attempt += 1) {
      if (
        !current.agency.parentCode ||
        !from.has(current.agency.parentCode) ||
        current.agency.active === false
      )
        break;
      const agency: Agency = { ...current.agency, parentCode: job.into };
      const audit = auditEntry(
        jobCaller(job),
        'agency.replace',
        { kind: 'agency', code: agency.code },
        current.agency,
        agency,
        deps.now(),
      );
      try {
        await deps.store.putAgency(agency, current.revision, audit);
        break;
      } catch (error) {
        if (!(error instanceof CatalogConflictError) || attempt >= 10) throw error;
        current = await deps.store.getAgencyRecord(child.agency.code);
      }
    }
  }
}

async function closeAgencies(deps: ReorganisationWorkerDeps, job: ReorganisationJob) {
  await moveChildren(deps, job);
  for (const code of job.from) {
    for (let attempt = 1; ; attempt += 1) {
      const current = await deps.store.getAgencyRecord(code);
      if (!current || (current.agency.active === false && current.agency.mergedInto === job.into)) break;
      const agency: Agency = { ...current.agency, active: false, mergedInto: job.into };
      const audit = auditEntry(
        jobCaller(job),
        'agency.merge',
        { kind: 'agency', code },
        current.agency,
        agency,
        deps.now(),
      );
      try {
        await deps.store.putAgency(agency, current.revision, audit);
        break;
      } catch (error) {
        if (!(error instanceof CatalogConflictError) || attempt >= 10) throw error;
      }
    }
  }
}

/**
 * Does page `page` of the job, if it is the one the job is at (a repeated or stale message changes nothing), then
 * records where it got to and asks for the next. A crash before the record makes SQS deliver the page again; the
 * moves it already made are seen as done.
 */
export async function runReorganisationPage(deps: ReorganisationWorkerDeps, jobId: string, page: number) {
  const job = await deps.store.getJob(jobId);
  if (!job || job.status !== 'running' || job.page !== page) return 'skipped';
  const now = deps.now();
  if (job.effectiveAt && Date.parse(job.effectiveAt) > now) {
    await deps.queue.send(job.id, page, delayUntil(job.effectiveAt, now));
    return 'skipped';
  }
  const next: ReorganisationJob = { ...job, page: page + 1, updatedAt: new Date(now).toISOString() };
  // The unit merged into was closed meanwhile: nothing more moves there (what moved stays, with its history).
  const target = await deps.store.getAgencyRecord(job.into);
  if (!target || target.agency.active === false) {
    const failed = { ...next, status: 'failed' as const, failure: `${job.into} is no longer active` };
    return (await deps.store.saveJob(failed, page)) ? 'processed' : 'skipped';
  }
  const phases = phasesOf(job);
  const phase = phases[job.phase]!;
  let done = true;
  if (phase.kind === 'reception') {
    // Moved dossiers leave the old unit's reception list, so each page reads its beginning again.
    const waiting = await deps.dossiers.awaitingReception(phase.agency, PAGE_SIZE);
    for (const dossier of waiting.items) await moveDossier(deps, job, dossier.id, page);
    done = !waiting.more && waiting.items.length < PAGE_SIZE;
  } else if (phase.kind === 'members') {
    const members = await deps.inboxes.everything(phase.agency, PAGE_SIZE, job.cursor ?? undefined);
    for (const dossier of members.items) await moveDossier(deps, job, dossier.id, page);
    const last = members.items.at(-1);
    done = !members.more || !last;
    next.cursor = done || !last ? null : { sortValue: receivedKey(last), id: last.id };
  } else if (phase.kind === 'procedures') {
    const procedures = await deps.store.procedurePage(job.cursor?.id ?? null, PAGE_SIZE);
    for (const procedure of procedures.items) {
      if (procedure.withdrawnAt) continue;
      if (await moveProcedure(deps, job, procedure)) next.proceduresChanged += 1;
    }
    done = procedures.last === null;
    next.cursor = done ? null : { sortValue: procedures.last!, id: procedures.last! };
  } else if (phase.kind === 'agencies') {
    await closeAgencies(deps, job);
  }
  if (phase.kind === 'reception' || phase.kind === 'members') {
    // What this page counted, the moves of a run of it that died before this record included.
    const counted = await deps.marks.pageCounts(job.id, page);
    next.moved += counted.moved;
    next.left += counted.left;
  }
  if (done) {
    next.phase += 1;
    next.cursor = null;
  }
  if (next.phase >= phases.length) next.status = 'done';
  if (!(await deps.store.saveJob(next, page))) return 'skipped';
  if (next.status === 'running')
    await deps.queue.send(job.id, next.page, phase.kind === 'settle' ? SETTLE_SECONDS : 0);
  return 'processed';
}
