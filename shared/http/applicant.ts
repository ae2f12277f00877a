// Who may act on a dossier as its applicant: the account that created it, or, for a dossier filed on the national
// portal, the person the portal named as its owner (SoGiayToChuHoSo), signed in here with a token whose `citizen_id`
// claim is that ID number (VNeID accounts carry it). A self-declared ID number in a dossier made here links nobody.
import type { DossierRecord } from '../dossier/model.js';
import type { Caller } from './handler.js';

export const isApplicant = (caller: Caller, dossier: DossierRecord): boolean =>
  dossier.applicantId === caller.subject ||
  (dossier.submittedVia === 'national-portal' &&
    caller.citizenId !== undefined &&
    caller.citizenId === dossier.applicant.citizenId);
