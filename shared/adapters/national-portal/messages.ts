// The National Public Service Portal's (DVCQG) messages, in one module: the envelope every service call travels in,
// the dossier sync (DongBoHoSoMC), the progress update (CapNhatTienDoHoSoMC), the lookup (TraCuuHoSo), the login that
// opens a session, and the portal's answers. The local fake validates what it receives with these same schemas.
//
// Sources: the field names follow the public integrations of provincial systems with the portal's adapter (OpenCPS's
// DVCQG integration, the `TD.DichVuCongApi` sync to DVCQG): a login `{username, password}` answered `{session,
// error_code}`, then POSTs of `{session, madonvi, service, isUpdating, data}` answered `{error_code, message}`; every
// value is a string, `isUpdating` is "True"/"False", dates are `yyyyMMddHHmmss` in Vietnam's time, TraCuuHoSo takes
// `mahoso` and answers `result: [...]`. ASSUMED where no public source says (marked below): which fields the portal
// requires, the codes of KenhThucHien and of the fee fields, and what each error_code means.
import * as z from 'zod/mini';

export const SERVICES = ['DongBoHoSoMC', 'CapNhatTienDoHoSoMC', 'TraCuuHoSo'] as const;
export type Service = (typeof SERVICES)[number];

/** `yyyyMMddHHmmss`, or empty where the portal allows a date to be absent. */
export const portalDate = z.string().check(z.regex(/^\d{14}$/));
const optionalDate = z.string().check(z.regex(/^(\d{14})?$/));
const text = z.string().check(z.minLength(1));
const flag = z.enum(['0', '1']);
const bool = z.enum(['True', 'False']);
/** National status codes 1–10, as strings. */
export const statusCode = z.enum(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);

/** A document handed in (TaiLieuNop); DuocSoHoa / DuocTaiSuDung / DuocLayTuKhoDMQG are the portal's 0/1 flags. */
export const submittedDocument = z.object({
  TepDinhKemId: text,
  TenTepDinhKem: text,
  IsDeleted: bool,
  MaThanhPhanHoSo: text,
  DuongDanTaiTepTin: z.string(),
  DuocSoHoa: flag,
  DuocTaiSuDung: flag,
  DuocLayTuKhoDMQG: flag,
});

/**
 * A fee (DanhSachLePhi). ASSUMED codes: HinhThucThu 1 at the counter, 2 online, 3 by transfer; LoaiPhiLePhi 1 a fee
 * (lệ phí), 2 a charge (phí). Gia is a whole number of đồng.
 */
export const feeItem = z.object({
  TenPhiLePhi: text,
  MaPhiLePhi: z.string(),
  HinhThucThu: z.enum(['1', '2', '3']),
  Gia: z.string().check(z.regex(/^\d+$/)),
  LoaiPhiLePhi: z.enum(['1', '2']),
});

/** A supplement request and its answer (DanhSachHoSoBoSung); TrangThaiBoSung says whether it was answered. */
export const supplementItem = z.object({
  HoSoBoSungId: text,
  NguoiYeuCauBoSung: text,
  NoiDungBoSung: text,
  NgayBoSung: portalDate,
  NguoiTiepNhanBoSung: z.string(),
  ThongTinTiepNhan: z.string(),
  NgayTiepNhanBoSung: optionalDate,
  TrangThaiBoSung: bool,
  NgayHenTraTruoc: optionalDate,
  NgayHenTraMoi: optionalDate,
});

/** A result document (DanhSachGiayToKetQua). */
export const resultDocument = z.object({
  TenGiayTo: text,
  MaThanhPhanHoSo: z.string(),
  GiayToId: text,
  DuongDanTepTinKetQua: z.string(),
  MaGiayToKetQua: z.string(),
});

/**
 * One dossier as DongBoHoSoMC carries it. ASSUMED codes: KenhThucHien 1 at the counter, 2 online, 3 by post;
 * LoaiDoiTuong 1 a citizen, 2 a business (OpenCPS maps them so).
 */
export const dossierSync = z.object({
  MaHoSo: text,
  MaTTHC: text,
  TenTTHC: text,
  MaLinhVuc: text,
  KenhThucHien: z.enum(['1', '2', '3']),
  ChuHoSo: text,
  SoGiayToChuHoSo: text,
  LoaiDoiTuong: z.enum(['1', '2']),
  SoDienThoai: z.string(),
  Email: z.string(),
  TrichYeuHoSo: text,
  NgayNopHoSo: portalDate,
  NgayTiepNhan: optionalDate,
  NgayHenTra: optionalDate,
  TrangThaiHoSo: statusCode,
  NgayTra: optionalDate,
  NgayTuChoi: optionalDate,
  DonViXuLy: text,
  TaiLieuNop: z.array(submittedDocument),
  DanhSachLePhi: z.array(feeItem),
  DanhSachHoSoBoSung: z.array(supplementItem),
  DanhSachGiayToKetQua: z.array(resultDocument),
});
export type DossierSync = z.infer<typeof dossierSync>;

/** One step of processing as CapNhatTienDoHoSoMC carries it (TrangThai: the status after the step). */
export const progressUpdate = z.object({
  MaHoSo: text,
  NguoiXuLy: text,
  ChucDanh: z.string(),
  ThoiDiemXuLy: portalDate,
  PhongBanXuLy: z.string(),
  NoiDungXuLy: text,
  TrangThai: statusCode,
  NgayBatDau: optionalDate,
  NgayKetThucTheoQuyDinh: optionalDate,
});
export type ProgressUpdate = z.infer<typeof progressUpdate>;

const session = { session: text, madonvi: text };

export const syncEnvelope = z.object({
  ...session,
  service: z.literal('DongBoHoSoMC'),
  isUpdating: bool,
  data: z.array(dossierSync).check(z.minLength(1)),
});
export const progressEnvelope = z.object({
  ...session,
  service: z.literal('CapNhatTienDoHoSoMC'),
  data: z.array(progressUpdate).check(z.minLength(1)),
});
export const lookupEnvelope = z.object({ ...session, service: z.literal('TraCuuHoSo'), mahoso: text });
export const envelope = z.discriminatedUnion('service', [syncEnvelope, progressEnvelope, lookupEnvelope]);
export type SyncEnvelope = z.infer<typeof syncEnvelope>;
export type ProgressEnvelope = z.infer<typeof progressEnvelope>;
export type LookupEnvelope = z.infer<typeof lookupEnvelope>;
export type Envelope = z.infer<typeof envelope>;

export const loginRequest = z.object({ username: text, password: text });

/** The portal writes error_code as a number or a string depending on the service: both are read as a string. */
const errorCode = z.pipe(
  z.union([z.string(), z.number()]),
  z.transform((code) => String(code)),
);
export const answer = z.object({ error_code: errorCode, message: z.optional(z.string()) });
export type Answer = z.infer<typeof answer>;
export const loginAnswer = z.object({ error_code: errorCode, session: z.optional(z.string()) });
/** What TraCuuHoSo answers of a dossier: its code and status (other fields are ignored). */
export const lookupAnswer = z.object({
  error_code: errorCode,
  message: z.optional(z.string()),
  result: z._default(
    z.array(z.looseObject({ MaHoSo: z.string(), TrangThaiHoSo: z.union([z.string(), z.number()]) })),
    [],
  ),
});

/**
 * What an error_code means. ASSUMED (no public list of the adapter's codes was found): "0"/"00" accepted; "-1" (the
 * adapter's own failure) and "99" (busy) are worth trying again, as is "401" (session expired: log in again);
 * every other code is a refusal of the message itself (invalid or missing data), which retrying cannot mend.
 */
export const ACCEPTED_CODES = ['0', '00'];
export const RETRY_CODES = ['-1', '99'];
export const SESSION_EXPIRED_CODE = '401';
export type Verdict = 'accepted' | 'retry' | 'session-expired' | 'refused';
export function verdictOf(code: string): Verdict {
  if (ACCEPTED_CODES.includes(code)) return 'accepted';
  if (code === SESSION_EXPIRED_CODE) return 'session-expired';
  return RETRY_CODES.includes(code) ? 'retry' : 'refused';
}
