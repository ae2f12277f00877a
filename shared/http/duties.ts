// Refuses an officer what their duties do not cover (saying which duty it takes), and any dossier of their own.
import type { Duty } from '../domain/dossier/duties.js';
import type { DossierRecord } from '../dossier/model.js';
import type { Caller } from './handler.js';
import type { Localized } from './messages.js';
import { HttpProblem } from './problem.js';

export const DUTY_NAMES: Record<Duty, Localized> = {
  receive: {
    vi: 'tiếp nhận và trả kết quả (bộ phận một cửa)',
    en: 'receiving and returning (the one-stop counter)',
  },
  process: { vi: 'xử lý hồ sơ (chuyên viên)', en: 'processing (specialists)' },
  approve: { vi: 'phê duyệt (lãnh đạo)', en: 'approving (leaders)' },
};

/** Refuses unless the caller carries one of these duties (a 403 naming them). */
export function requireDuty(caller: Caller, ...duties: [Duty, ...Duty[]]): void {
  if (duties.some((duty) => caller.duties.includes(duty))) return;
  if (duties.length === 1) {
    const [duty] = duties;
    throw new HttpProblem('forbidden', {
      vi: `Việc này thuộc nhiệm vụ ${DUTY_NAMES[duty].vi}, mã thông báo của bạn không có nhiệm vụ đó`,
      en: `This takes the duty of ${DUTY_NAMES[duty].en}, which your token does not carry`,
    });
  }
  throw new HttpProblem('forbidden', {
    vi: `Việc này thuộc nhiệm vụ ${duties.map((d) => DUTY_NAMES[d].vi).join(' hoặc ')}, mã thông báo của bạn không có nhiệm vụ nào trong số đó`,
    en: `This takes the duty of ${duties.map((d) => DUTY_NAMES[d].en).join(' or ')}, which your token does not carry`,
  });
}

/**
 * Whether the caller applied for this dossier: the same subject, or an officer whose token carries the applicant's
 * citizen ID (the same person signed in through another account).
 */
export const isOwnDossier = (caller: Caller, dossier: DossierRecord): boolean =>
  dossier.applicantId === caller.subject ||
  (caller.citizenId !== undefined && caller.citizenId === dossier.applicant.citizenId);

/** Nobody decides on, or sees the staff view of, a dossier they applied for. */
export function assertNotOwn(caller: Caller, dossier: DossierRecord): void {
  if (isOwnDossier(caller, dossier)) {
    throw new HttpProblem('forbidden', {
      vi: 'Cán bộ không được tự xử lý hồ sơ của chính mình; hãy để một cán bộ khác tiếp nhận',
      en: 'An officer may not decide on their own dossier; another officer must handle it',
    });
  }
}
