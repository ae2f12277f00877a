// Which dossiers an officer may see and act on: those that are or were at their agency to see, those at their
// agency now to act, never their own; and the ETag that guards every action.
import { workplaceOf } from '../../shared/dossier/workplace.js';
import type { DossierRecord } from '../../shared/dossier/model.js';
import type { Caller } from '../../shared/http/handler.js';
import { assertNotOwn } from '../../shared/http/duties.js';
import { HttpProblem, notFound } from '../../shared/http/problem.js';

export function agencyOf(caller: Caller): string {
  if (!caller.agency) {
    throw new HttpProblem('forbidden', {
      vi: 'Mã thông báo của cán bộ không ghi cơ quan công tác',
      en: "The officer's token names no agency",
    });
  }
  return caller.agency;
}

const notHere = (id: string) => notFound({ vi: `Không có hồ sơ ${id}`, en: `No dossier ${id}` });

/** The dossier if it is or was at the caller's agency; a 404 otherwise (as if it did not exist). */
export function visibleTo(caller: Caller, id: string, dossier: DossierRecord | undefined): DossierRecord {
  const agency = agencyOf(caller);
  if (!dossier || dossier.status === 'draft') throw notHere(id);
  const seen = dossier.agencies ?? [dossier.receivingUnit];
  if (!seen.includes(agency) && dossier.receivingUnit !== agency) throw notHere(id);
  // The staff view carries other officers' names and notes: an officer sees their own dossier as its applicant does.
  assertNotOwn(caller, dossier);
  return dossier;
}

/**
 * The dossier if it is at the caller's agency now and not their own: 404 if it never was there; if it was and has
 * moved on, 412 for a caller who decided on an older version, 409 for one who did not.
 */
export function actionableBy(
  caller: Caller,
  id: string,
  dossier: DossierRecord | undefined,
  ifMatch: string | undefined,
): DossierRecord {
  const agency = agencyOf(caller);
  if (!dossier || workplaceOf(dossier) !== agency) {
    const seen = dossier && (dossier.agencies ?? [dossier.receivingUnit]).includes(agency);
    if (!seen) throw notHere(id);
    if (ifMatch && ifMatch.trim() !== etagOf(dossier)) throw changedSince();
    throw new HttpProblem('conflict', {
      vi: 'Hồ sơ không còn ở cơ quan của bạn nên không thao tác được',
      en: 'The dossier is no longer at your agency, so you cannot act on it',
    });
  }
  assertNotOwn(caller, dossier);
  return dossier;
}

/** The ETag names the status machine's moves, which officers decide on (see `revision`). */
export const etagOf = (dossier: DossierRecord) => `"v${dossier.revision ?? 0}"`;

/** Every action names the version it was decided on: 428 without it, 412 when the dossier moved on since. */
export function assertCurrent(dossier: DossierRecord, ifMatch: string | undefined): void {
  if (!ifMatch) {
    throw new HttpProblem(
      'precondition-required',
      {
        vi: 'Cần tiêu đề If-Match với ETag của hồ sơ vừa xem, để không ghi đè thay đổi của người khác',
        en: "An If-Match header with the dossier's ETag is required, so that nobody's change is overwritten",
      },
      [{ field: 'header.if-match', message: { vi: 'Bắt buộc phải có', en: 'Required' } }],
    );
  }
  if (ifMatch.trim() !== etagOf(dossier)) throw changedSince();
}

export const changedSince = () =>
  new HttpProblem(
    'precondition-failed',
    {
      vi: 'Hồ sơ đã thay đổi kể từ khi bạn xem; hãy tải lại hồ sơ rồi thao tác lại',
      en: 'The dossier changed since you viewed it; reload it and act again',
    },
    [{ field: 'header.if-match', message: { vi: 'Đã cũ', en: 'Out of date' } }],
  );
