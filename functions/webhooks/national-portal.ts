// POST /webhooks/national-portal — the signature is checked before anything is read or written; then the push
// becomes a dossier (functions/national-inbound/receiving.ts), answered `{error_code, message}` as the portal expects.
import { ANSWER_CODES, filedDossierOf } from '../../shared/adapters/national-portal/inbound.js';
import { currentCatalogRepository } from '../../shared/catalog/dependencies.js';
import { clock, dossierRepository, newId, pipeline } from '../../shared/dossier/dependencies.js';
import { httpHandler } from '../../shared/http/handler.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { nationalInbound } from '../national-inbound/dependencies.js';
import { receiveFiledDossier } from '../national-inbound/receiving.js';
import { nationalPortalDossierRoute } from './national-portal.route.js';
import { nationalPortalSignature } from './signatures.js';

/** The portal is asked to push again later: an operator sets the unit code meanwhile, and nothing pushed is lost. */
const NOT_CONFIGURED_RETRY_SECONDS = '300';

const deps = {
  dossiers: dossierRepository(),
  national: nationalInbound(),
  // A dossier follows the procedure's current version, as an online submission does.
  catalog: currentCatalogRepository(),
  pipeline: pipeline(),
  now: clock,
  newId,
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
    if (Number.isNaN(filed.filedAt))
      throw new HttpProblem(
        'validation-error',
        { vi: 'Dữ liệu hồ sơ không hợp lệ', en: 'The dossier data is not valid' },
        [
          {
            field: 'body.data.0.NgayNopHoSo',
            message: { vi: 'Không phải một ngày có thật', en: 'Not a real date' },
          },
        ],
      );
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
    if (outcome.kind === 'update-refused')
      return {
        status: 409,
        json: {
          error_code: ANSWER_CODES.updatesNotAccepted,
          message: say(
            `Hồ sơ ${filed.nationalCode} đã được tiếp nhận; cập nhật hồ sơ nộp trên Cổng không nhận qua đẩy hồ sơ mà phải gửi dưới dạng bổ sung hồ sơ`,
            `Dossier ${filed.nationalCode} was taken before; updates of a dossier filed on the portal are not taken by push and must come as a supplement`,
          ),
          dossierId: outcome.dossierId,
          code: outcome.code,
        },
      };
    return {
      status: outcome.kind === 'created' ? 201 : 200,
      json: {
        error_code: ANSWER_CODES.accepted,
        message: say('Đã tiếp nhận hồ sơ', 'The dossier was taken'),
        dossierId: outcome.dossierId,
        code: outcome.code,
        duplicate: outcome.kind === 'duplicate',
      },
    };
  },
  { middlewares: [nationalPortalSignature()] },
);
