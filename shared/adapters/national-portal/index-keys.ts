// The index the national reconciliation reads: every submitted dossier under its receiving unit by the local day it
// was submitted, with its status and codes projected, so comparing with the portal reads no dossier.
import { localDay } from '../../domain/dossier/on-time.js';
import type { DossierRecord } from '../../dossier/model.js';

export const DOSSIER_INDEX_BY_RECEIVER_SUBMITTED_DAY = 'byReceiverSubmittedDay';
/** What the index copies: the status to compare, the codes to look the dossier up by at the portal. */
export const SUBMITTED_DAY_PROJECTION = ['status', 'code', 'nationalCode'] as const;
export const SUBMITTED_DAY_ATTRIBUTES = ['submittedDay'] as const;

/** `yyyy-mm-dd#<id>` in Vietnam's time: days sort as the range asks, ids keep the keys of one day apart. */
export function submittedDayKeys(dossier: DossierRecord): Record<string, string> {
  if (!dossier.submittedAt) return {};
  return { submittedDay: `${localDay(Date.parse(dossier.submittedAt))}#${dossier.id}` };
}
