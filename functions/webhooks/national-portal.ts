// POST /webhooks/national-portal — the signature is checked before anything is read or written; then the push
// becomes a dossier (functions/national-inbound/receiving.ts), answered `{error_code, message}` as the portal expects.
import {
  ANSWER_CODES,
  filedDossierOf,
  PORTAL_CLOCK_SKEW_MS,
} from '../../shared/adapters/national-portal/inbound.js';
import { linkedApplicantIdOf } from '../../shared/dossier/applicant-link.js';
import { currentCatalogRepository } from '../../shared/catalog/dependencies.js';
import { clock, dossierRepository, newId, pipeline } from '../../shared/dossier/dependencies.js';
import { httpHandler } from '../../shared/http/handler.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { nationalInbound } from '../national-inbound/dependencies.js';
import { receiveFiledDossier } from '../national-inbound/receiving.js';
import { nationalPortalDossierRoute } from './national-portal.route.js';
import { nationalPortalSignature } from './national-portal-signature.js';

/** The portal is asked to push again later: an operator sets the unit code meanwhile, and nothing pushed is lost. */
const NOT_CONFIGURED_RETRY_SECONDS = '300';

/** Why an update is not applied, as the portal is told: nothing was written. */
const REFUSALS = {
  status: {
    status: 409,
    code: ANSWER_CODES.updatesNotAccepted,
    vi: (code: string) =>
      `Hồ sơ ${code} đã được tiếp nhận và không chờ bổ sung: không thể cập nhật hồ sơ ở trạng thái này`,
    en: (code: string) =>
      `Dossier ${code} was received and is not waiting for a supplement: it takes no update in this status`,
  },
  owner: {
    status: 409,
    code: ANSWER_CODES.ownerChanged,
    vi: (code: string) => `Không thể đổi chủ hồ sơ ${code} (họ tên, số giấy tờ) bằng cập nhật`,
    en: (code: string) => `The owner of dossier ${code} (name, ID number) cannot change by an update`,
  },
  'no-documents': {
    status: 422,
    code: ANSWER_CODES.noSupplementDocuments,
    vi: (code: string) => `Hồ sơ ${code} đang chờ bổ sung: bản cập nhật phải có giấy tờ mới`,
    en: (code: string) => `Dossier ${code} is waiting for a supplement: the update must carry a new document`,
  },
  stale: {
    status: 409,
    code: ANSWER_CODES.staleUpdate,
    vi: (code: string) =>
      `Bản cập nhật hồ sơ ${code} không mới hơn bản đã áp dụng (NgayCapNhat): không thay đổi gì`,
    en: (code: string) =>
      `This update of dossier ${code} is not later than the one applied (NgayCapNhat): nothing was changed`,
  },
  documents: {
    status: 422,
    code: ANSWER_CODES.supplementDocumentsRefused,
    vi: (code: string) => `Giấy tờ bổ sung của hồ sơ ${code} không được nhận`,
    en: (code: string) => `The supplement documents of dossier ${code} are not taken`,
  },
} as const;

/** A field of the push that is not a time the portal could have sent (the problem names it). */
const notATime = (field: string, message: { vi: string; en: string }) =>
  new HttpProblem(
    'validation-error',
    { vi: 'Dữ liệu hồ sơ không hợp lệ', en: 'The dossier data is not valid' },
    [{ field: `body.data.0.${field}`, message }],
  );

const deps = {
  dossiers: dossierRepository(),
  national: nationalInbound(),
  // A dossier follows the procedure's current version, as an online submission does.
  catalog: currentCatalogRepository(),
  pipeline: pipeline(),
  now: clock,
  newId,
  linkedId: linkedApplicantIdOf,
};

export const handler = httpHandler(
  nationalPortalDossierRoute,
  async ({ body, language }) => {
    const say = (vi: string, en: string) => (language === 'en' ? en : vi);
    const unit = process.env.NATIONAL_PORTAL_UNIT_CODE;
    // Without this province's unit code a push for any unit would be taken (the local runner sets one).
    if (!unit)
      throw new HttpProblem(
        'service-unavailable',
        {
          vi: 'Chưa cấu hình nhận hồ sơ từ Cổng Dịch vụ công quốc gia (thiếu mã đơn vị)',
          en: "Pushes from the national portal are not configured (this province's unit code is missing)",
        },
        [],
        { 'retry-after': NOT_CONFIGURED_RETRY_SECONDS },
      );
    if (body.madonvi !== unit)
      return {
        status: 422,
        json: {
          error_code: ANSWER_CODES.otherProvince,
          message: say(
            `Hồ sơ gửi cho đơn vị ${body.madonvi}, không phải ${unit}`,
            `The push is for ${body.madonvi}, not ${unit}`,
          ),
        },
      };
    const filed = filedDossierOf(body.data[0]!, body.isUpdating ?? false);
    const unreal = { vi: 'Không phải một ngày có thật', en: 'Not a real date' };
    if (Number.isNaN(filed.filedAt)) throw notATime('NgayNopHoSo', unreal);
    // Updates apply in the order of their NgayCapNhat (ASSUMED, inbound.ts): an update without one cannot be ordered.
    if (filed.update && filed.updatedAt === null)
      throw notATime('NgayCapNhat', {
        vi: 'Bắt buộc khi cập nhật hồ sơ (isUpdating): thời điểm công dân sửa hồ sơ',
        en: 'Required with isUpdating: when the applicant changed the dossier',
      });
    if (filed.updatedAt !== null && Number.isNaN(filed.updatedAt)) throw notATime('NgayCapNhat', unreal);
    // A time ahead of ours would make every later update look older and shut it out.
    if (filed.updatedAt !== null && filed.updatedAt > deps.now() + PORTAL_CLOCK_SKEW_MS)
      throw notATime('NgayCapNhat', { vi: 'Là một thời điểm chưa đến', en: 'A time still to come' });
    const outcome = await receiveFiledDossier(deps, filed);
    if (outcome.kind === 'unknown-procedure')
      return {
        status: 422,
        json: {
          error_code: ANSWER_CODES.unknownProcedure,
          message: say(
            `Không có thủ tục mã ${filed.procedureCode} trong danh mục`,
            `No procedure with code ${filed.procedureCode} in the catalog`,
          ),
        },
      };
    if (outcome.kind === 'unknown-dossier')
      return {
        status: 404,
        json: {
          error_code: ANSWER_CODES.unknownDossier,
          message: say(
            `Chưa nhận hồ sơ ${filed.nationalCode}: không có gì để cập nhật; hãy gửi hồ sơ (isUpdating: False) trước`,
            `Dossier ${filed.nationalCode} was never taken: there is nothing to update; push it (isUpdating: False) first`,
          ),
        },
      };
    if (outcome.kind === 'refused') {
      const refusal = REFUSALS[outcome.reason];
      const detail = outcome.detail ? say(`: ${outcome.detail.vi}`, `: ${outcome.detail.en}`) : '';
      return {
        status: refusal.status,
        json: {
          error_code: refusal.code,
          message: say(refusal.vi(filed.nationalCode), refusal.en(filed.nationalCode)) + detail,
          dossierId: outcome.dossierId,
          code: outcome.code,
        },
      };
    }
    return {
      status: outcome.kind === 'created' ? 201 : 200,
      json: {
        error_code: ANSWER_CODES.accepted,
        message:
          outcome.kind === 'updated'
            ? say('Đã cập nhật hồ sơ', 'The dossier was updated')
            : say('Đã tiếp nhận hồ sơ', 'The dossier was taken'),
        dossierId: outcome.dossierId,
        code: outcome.code,
        duplicate: outcome.kind === 'duplicate' || outcome.kind === 'unchanged',
      },
    };
  },
  { middlewares: [nationalPortalSignature()] },
);
