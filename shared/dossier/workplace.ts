// Where a dossier is worked on, and the keys that list it in that agency's inbox, by due date or by filter.
import type { DossierRecord } from './model.js';

/** Sorts after every real date: a dossier whose clock is paused (waiting for a supplement) comes last. */
const NO_DUE_DATE = '9999-12-31T23:59:59.999Z';

/** At a processing step, that step's agency; resolved, back at the counter that received it; otherwise nowhere. */
export function workplaceOf(dossier: DossierRecord): string | null {
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
export function workingDueAt(dossier: DossierRecord): string | null {
  if (dossier.status !== 'resolved' && dossier.step) return dossier.step.dueAt;
  return dossier.state.dueAt === null ? null : new Date(dossier.state.dueAt).toISOString();
}

/** Sorts a dossier by when it was received (accepted, else submitted), ties broken by id: the inbox and "all" lists. */
export const receivedKey = (dossier: DossierRecord) =>
  `${dossier.acceptedAt ?? dossier.submittedAt ?? dossier.createdAt}#${dossier.id}`;

/** Index attributes of the dossier's item while an agency works on it (none otherwise, so it leaves every inbox). */
export function inboxKeys(dossier: DossierRecord): Record<string, string> {
  const agency = workplaceOf(dossier);
  if (!agency) return {};
  const due = `${workingDueAt(dossier) ?? NO_DUE_DATE}#${dossier.id}`;
  return {
    inboxAgency: agency,
    inboxDue: due,
    inboxReceived: receivedKey(dossier),
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
