// The National Public Service Portal's push of a dossier filed there: its envelope, its DongBoHoSoMC-like dossier
// data, how the push is signed, and the answer the portal expects; the rest of the code speaks of dossiers.
//
// ASSUMED: no public specification of the portal's push to a provincial system was found (searched public code for
// DongBoHoSoMC, madonvi, dvcqg, LGSP). The envelope is the one the portal's sync uses, `{session, madonvi, service,
// isUpdating, data: [...]}`, answered `{error_code, message}` (`"0"` accepted); the dossier fields are those of the
// sync message, with `DiaChiChuHoSo` for the applicant's address and, per document of `TaiLieuNop`, its link
// (`DuongDanTaiTepTin`), name, component code (`MaThanhPhanHoSo`, the procedure's document type here), and size and
// SHA-256 when the portal gives them (`KichThuoc`, `MaHash`). The push is signed with a shared secret: the header
// `x-dvcqg-signature` holds the hex HMAC-SHA256 of the raw body (optionally prefixed `sha256=`). All of it lives here.
//
// ASSUMED, the order of updates: no public source shows the portal sending a time or a sequence with `isUpdating`
// (searched DongBoHoSoMC, isUpdating, NgayCapNhat, DVCQG and LGSP adapters: the public sync code sends none). Every
// update carries `NgayCapNhat` (`yyyyMMddHHmmss`, local time), the moment the applicant changed the dossier on the
// portal, inside the signed body; the dossier keeps the latest one applied (the first push counts as of NgayCapNhat,
// else NgayNopHoSo). An update that is not later is stale: the same update again changes nothing and is answered as a
// replay, any other is refused (`"8"`) and nothing is written, so a late resend of an older update never undoes a
// newer one. A time more than a few minutes ahead of ours is refused as no real time (it would shut out every update).
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { messageKey } from '../../http/messages.js';
import {
  nationalCodeMessage,
  portalTimeMessage,
  procedureCodeMessage,
  sha256Message,
} from '../../http/field-messages.js';
import { citizenId, line, vietnamesePhone } from '../../dossier/applicant.js';

export const SIGNATURE_HEADER = 'x-dvcqg-signature';
/** The service name of a pushed dossier. */
export const PUSH_SERVICE = 'DongBoHoSoMC';

/** The portal's answer codes (`error_code`): 0 taken, the others say why not. ASSUMED, as above. */
export const ANSWER_CODES = {
  accepted: '0',
  unknownProcedure: '2',
  otherProvince: '3',
  /** An update (`isUpdating`) of a dossier whose status takes none: received (2) or later, but a supplement (5). */
  updatesNotAccepted: '4',
  /** An update of a MaHoSo never taken here. */
  unknownDossier: '5',
  /** An update naming another owner (ChuHoSo, SoGiayToChuHoSo) than the dossier's. */
  ownerChanged: '6',
  /** An update of a dossier waiting for a supplement that carries no new document. */
  noSupplementDocuments: '7',
  /** An update whose NgayCapNhat is not later than the one applied last: older, or as old with other content. */
  staleUpdate: '8',
  /** A supplement's new documents that its procedure does not take (type, format, size) or that are too many. */
  supplementDocumentsRefused: '9',
  retryLater: '99',
} as const;

export const portalSignature = (body: string, secret: string) =>
  createHmac('sha256', secret).update(body).digest('hex');

/** Whether `header` is the signature of `body` with `secret` (constant time). */
export function signedByPortal(body: string, secret: string, header: string | undefined): boolean {
  const given = (header ?? '').trim().replace(/^sha256=/i, '');
  if (!/^[0-9a-f]{64}$/i.test(given)) return false;
  return timingSafeEqual(
    Buffer.from(given.toLowerCase(), 'hex'),
    Buffer.from(portalSignature(body, secret), 'hex'),
  );
}

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
/** `yyyyMMddHHmmss`, local time (Asia/Ho_Chi_Minh). */
const portalTime = z.string().check(z.regex(/^[0-9]{14}$/, messageKey(portalTimeMessage)));
/** The most documents a dossier may hold here (functions/dossiers/use-cases.ts MAX_ATTACHMENTS). */
const MAX_DOCUMENTS = 40;

export const portalDocumentSchema = z.object({
  TepDinhKemId: z.optional(text(100)),
  TenTepDinhKem: text(255),
  MaThanhPhanHoSo: text(64),
  DuongDanTaiTepTin: z.url().check(z.maxLength(2000)),
  KichThuoc: z.optional(z.int().check(z.positive(), z.maximum(50 * 1024 * 1024))),
  MaHash: z.optional(z.string().check(z.regex(/^[0-9a-fA-F]{64}$/, messageKey(sha256Message)))),
  DuocSoHoa: z.optional(z.boolean()),
  DuocTaiSuDung: z.optional(z.boolean()),
});

export const portalDossierSchema = z.object({
  MaHoSo: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, messageKey(nationalCodeMessage))),
  MaTTHC: z.string().check(z.regex(/^[0-9]\.[0-9]{6}$/, messageKey(procedureCodeMessage))),
  TenTTHC: z.optional(text(500)),
  // Cleaned as an online submission's are: they print on forms and messages.
  ChuHoSo: line(100),
  SoGiayToChuHoSo: citizenId,
  SoDienThoai: vietnamesePhone,
  Email: z.optional(z.email().check(z.maxLength(254))),
  DiaChiChuHoSo: line(300),
  TrichYeuHoSo: z.optional(line(500)),
  NgayNopHoSo: portalTime,
  /** When the applicant last changed the dossier on the portal: required with `isUpdating` (ASSUMED, see above). */
  NgayCapNhat: z.optional(portalTime),
  TaiLieuNop: z._default(z.array(portalDocumentSchema).check(z.maxLength(MAX_DOCUMENTS)), []),
});
export type PortalDossier = z.infer<typeof portalDossierSchema>;

/** One dossier per push: the answer is about that one. */
export const portalPushSchema = z.object({
  session: text(200),
  madonvi: text(64),
  service: z.literal(PUSH_SERVICE),
  isUpdating: z.optional(z.boolean()),
  data: z.array(portalDossierSchema).check(z.minLength(1), z.maxLength(1)),
});
export type PortalPush = z.infer<typeof portalPushSchema>;

export const portalAnswerSchema = z.object({ error_code: z.string(), message: z.string() });

/** A pushed dossier in the product's words. */
export interface FiledDossier {
  nationalCode: string;
  /** The portal sends it as an update (`isUpdating`) of a dossier it pushed before. */
  update: boolean;
  procedureCode: string;
  applicant: { fullName: string; citizenId: string; phone: string; email?: string; address: string };
  summary: string | null;
  filedAt: number;
  /** NgayCapNhat in epoch milliseconds: what orders the portal's updates; null when the push gives none. */
  updatedAt: number | null;
  documents: {
    documentType: string;
    fileName: string;
    url: string;
    declaredSize: number | null;
    declaredSha256: string | null;
  }[];
}

/** Epoch milliseconds of a portal time (UTC+7); NaN when it is no date. */
export function portalTimeToEpoch(value: string): number {
  const [y, mo, d, h, mi, s] = [0, 4, 6, 8, 10, 12].map((at, i) =>
    Number(value.slice(at, at + (i === 0 ? 4 : 2))),
  );
  const epoch = Date.UTC(y!, mo! - 1, d!, h! - 7, mi!, s!);
  const back = new Date(epoch + 7 * 3_600_000);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo! - 1 && back.getUTCDate() === d
    ? epoch
    : NaN;
}

/** How far ahead of our clock a portal time may be (clocks drift); later is no time the applicant acted at. */
export const PORTAL_CLOCK_SKEW_MS = 5 * 60_000;

/** The portal time of a dossier as it was first pushed: what its first update must be later than. */
export const firstPushTime = (filed: FiledDossier) => filed.updatedAt ?? filed.filedAt;

export function filedDossierOf(data: PortalDossier, isUpdating: boolean): FiledDossier {
  return {
    nationalCode: data.MaHoSo,
    update: isUpdating,
    procedureCode: data.MaTTHC,
    applicant: {
      fullName: data.ChuHoSo,
      citizenId: data.SoGiayToChuHoSo,
      phone: data.SoDienThoai,
      ...(data.Email ? { email: data.Email } : {}),
      address: data.DiaChiChuHoSo,
    },
    summary: data.TrichYeuHoSo ?? null,
    filedAt: portalTimeToEpoch(data.NgayNopHoSo),
    updatedAt: data.NgayCapNhat === undefined ? null : portalTimeToEpoch(data.NgayCapNhat),
    documents: data.TaiLieuNop.map((document) => ({
      documentType: document.MaThanhPhanHoSo,
      fileName: document.TenTepDinhKem,
      url: document.DuongDanTaiTepTin,
      declaredSize: document.KichThuoc ?? null,
      declaredSha256: document.MaHash?.toLowerCase() ?? null,
    })),
  };
}
