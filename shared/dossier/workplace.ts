// Where a dossier is worked on, and the keys that list it in that agency's inbox, by due date or by filter.
import type { Applicant, DossierRecord } from './model.js';

/** What the agencies' lists show and sort by: all their index items carry (see INBOX_PROJECTION). */
export const LISTED_FIELDS = [
  'id',
  'code',
  'procedureCode',
  'procedureName',
  'status',
  'step',
  'state',
  'receivingUnit',
  'acceptedAt',
  'submittedAt',
  'createdAt',
  'pendingStage',
] as const satisfies readonly (keyof DossierRecord)[];

/** A dossier as an agency's list reads it: the state it shows, and of the applicant the name only. */
export type ListedDossier = Pick<DossierRecord, (typeof LISTED_FIELDS)[number]> & {
  applicant: Pick<Applicant, 'fullName'>;
};

/** A dossier as the "all" view reads it from its root: what the lists show, and its resolution and release dates. */
export type RootListedDossier = ListedDossier &
  Pick<DossierRecord, 'resolvedAt' | 'releasedAt' | 'statutoryDueAt'>;

/**
 * The attributes the inbox indexes copy from a dossier's root item, besides the keys (its id is its key): the listed
 * fields and the applicant's name. A write that changes none of them (a notification recorded) leaves the indexes be.
 */
export const INBOX_PROJECTION = [...LISTED_FIELDS.filter((name) => name !== 'id'), 'applicantName'] as const;

/** Sorts after every real date: a dossier whose clock is paused (waiting for a supplement) comes last. */
const NO_DUE_DATE = '9999-12-31T23:59:59.999Z';

/** At a processing step, that step's agency; resolved, back at the counter that received it; otherwise nowhere. */
export function workplaceOf(dossier: ListedDossier): string | null {
  switch (dossier.status) {
    case 'accepted':
    case 'processing':
    case 'fee-requested':
      return dossier.step?.agency ?? dossier.receivingUnit;
    case 'supplement-requested':
      // Asked at reception, the dossier is the counter's (the reception list); asked at a step, that step's.
      return dossier.state.resumeTo === 'submitted' ? null : (dossier.step?.agency ?? dossier.receivingUnit);
    case 'resolved':
      return dossier.receivingUnit;
    default:
      return null;
  }
}

/** The deadline an officer works to: the step's own while at a step, else the dossier's. */
export function workingDueAt(dossier: ListedDossier): string | null {
  if (dossier.status !== 'resolved' && dossier.step) return dossier.step.dueAt;
  return dossier.state.dueAt === null ? null : new Date(dossier.state.dueAt).toISOString();
}

/** Sorts a dossier by when it was received (accepted, else submitted), ties broken by id: the inbox and "all" lists. */
export const receivedKey = (dossier: ListedDossier) =>
  `${dossier.acceptedAt ?? dossier.submittedAt ?? dossier.createdAt}#${dossier.id}`;

/**
 * Index attributes of the dossier's item while an agency works on it (none otherwise, so it leaves every inbox).
 * Dates only: an index orders equal dates by the item's key (the dossier id), so the id need not be repeated in the
 * item every transition rewrites.
 */
export function inboxKeys(dossier: ListedDossier): Record<string, string> {
  const agency = workplaceOf(dossier);
  if (!agency) return {};
  return {
    inboxAgency: agency,
    inboxDue: workingDueAt(dossier) ?? NO_DUE_DATE,
    inboxReceived: dossier.acceptedAt ?? dossier.submittedAt ?? dossier.createdAt,
    inboxStatus: `${agency}#${dossier.status}`,
    inboxProcedure: `${agency}#${dossier.procedureCode}`,
    ...(dossier.step ? { inboxStep: `${agency}#${dossier.step.id}` } : {}),
  };
}

export const INBOX_ATTRIBUTES = [
  'inboxAgency',
  'inboxDue',
  'inboxReceived',
  'inboxStatus',
  'inboxProcedure',
  'inboxStep',
] as const;
