// Public lookup use cases: a dossier's status for whoever holds its code and a verifier (or the receipt's signed
// link), with a lockout of the code after too many wrong verifiers, and nothing personal in the answer.
import {
  MAX_WRONG_VERIFIERS,
  maskName,
  publicTimeline,
  verifies,
  type Verifier,
} from '../../shared/domain/dossier/lookup.js';
import { nationalStatus } from '../../shared/domain/dossier/status-machine.js';
import type { CatalogRepository } from '../../shared/catalog/repository.js';
import type { LookupRepository } from '../../shared/dossier/lookup-repository.js';
import type { DossierRecord } from '../../shared/dossier/model.js';
import type { DossierRepository } from '../../shared/dossier/repository.js';
import { workplaceOf } from '../../shared/dossier/workplace.js';
import type { HistoryEvent } from '../../shared/domain/dossier/history.js';
import { HttpProblem, notFound } from '../../shared/http/problem.js';

export interface LookupDeps {
  dossiers: Pick<DossierRepository, 'getWithHistory'>;
  lookups: LookupRepository;
  catalog: Pick<CatalogRepository, 'getAgencies'>;
  /** The stage's lookup secret (PINs and link proofs). */
  secret: () => Promise<string>;
  now: () => number;
  /** How long wrong verifiers of one code are counted together (15 minutes). */
  lockoutWindowMs: number;
}

/** Read in place of a dossier when no code matched, so that both answers cost the same reads. */
const NO_DOSSIER = '00000000-0000-0000-0000-000000000000';

/** One answer for a code that does not exist and a verifier that is wrong: nothing tells them apart. */
const notOpened = () =>
  notFound({
    vi: 'Không có hồ sơ nào mở được với mã hồ sơ và mã xác minh này',
    en: 'No dossier opens with this code and verifier',
  });

export const locked = (until: number, now: number) =>
  new HttpProblem(
    'too-many-requests',
    {
      vi: 'Mã hồ sơ này bị tạm khóa tra cứu do nhập sai mã xác minh nhiều lần; vui lòng thử lại sau',
      en: 'Lookups of this code are paused after too many wrong verifiers; try again later',
    },
    [],
    { 'retry-after': String(Math.max(1, Math.ceil((until - now) / 1000))) },
  );

/** The dossier and its history, or the same read of nothing. */
async function readDossier(deps: LookupDeps, id: string | null) {
  const { dossier, history } = await deps.dossiers.getWithHistory(id ?? NO_DOSSIER);
  return { dossier: id ? dossier : null, history };
}

export async function lookupDossier(deps: LookupDeps, code: string, verifier: Verifier) {
  const now = deps.now();
  const key = `code#${code}`;
  const [window, id] = await Promise.all([deps.lookups.attempts(key, now), deps.lookups.idByCode(code)]);
  if (window && window.count >= MAX_WRONG_VERIFIERS) throw locked(window.endsAt, now);
  const [{ dossier, history }, secret] = await Promise.all([readDossier(deps, id), deps.secret()]);
  const opened = verifies(secret, code, dossier?.applicant.phone ?? '', verifier) && dossier?.code === code;
  if (!opened || !dossier) {
    const consumed = await deps.lookups.consumeAttempt(key, now, deps.lockoutWindowMs, MAX_WRONG_VERIFIERS);
    if (!consumed.ok) throw locked(consumed.until, now);
    throw notOpened();
  }
  return publicView(deps, dossier, history);
}

const iso = (epochMs: number | null | undefined) =>
  epochMs === null || epochMs === undefined ? null : new Date(epochMs).toISOString();

/** What the public sees: the history up to the event the dossier points at (a later one may be mid-write). */
async function publicView(deps: LookupDeps, dossier: DossierRecord, history: HistoryEvent[]) {
  const at = workplaceOf(dossier) ?? dossier.receivingUnit;
  const agencies = await deps.catalog.getAgencies([at]);
  return {
    code: dossier.code!,
    procedure: { code: dossier.procedureCode, name: dossier.procedureName },
    agency: { code: at, name: agencies.get(at)?.name ?? at },
    step: dossier.step ? { id: dossier.step.id, name: dossier.step.name } : null,
    status: dossier.status,
    nationalStatus: nationalStatus(dossier.status),
    receivedAt: dossier.acceptedAt,
    dueAt: iso(dossier.state.dueAt),
    resolvedAt: dossier.resolvedAt ?? null,
    releasedAt: dossier.releasedAt ?? null,
    applicantName: maskName(dossier.applicant.fullName),
    timeline: publicTimeline(history.slice(0, dossier.historyLength)),
  };
}
