// A dossier as the national portal wants it: the DongBoHoSoMC record of its current state and a CapNhatTienDoHoSoMC
// update per processing step, in the portal's words and dates. Pure: the sync consumer reads what it maps.
import type { HistoryEvent } from '../../domain/dossier/history.js';
import { DUTY_OF, type Duty } from '../../domain/dossier/duties.js';
import { nationalStatus, type Status } from '../../domain/dossier/status-machine.js';
import type { AttachmentRecord, DossierRecord } from '../../dossier/model.js';
import type { StaffRecord } from '../../dossier/repository.js';
import type { PartnerFileRef } from '../../partner-files/link.js';
import type { DossierSync, ProgressUpdate } from './messages.js';

const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

/** `yyyyMMddHHmmss` in Vietnam's time (UTC+7, no daylight saving); empty for no date. */
export function portalTime(at: string | number | null | undefined): string {
  if (at === null || at === undefined || at === '') return '';
  const ms = typeof at === 'number' ? at : Date.parse(at);
  return new Date(ms + VIETNAM_OFFSET_MS).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * The dossier's code at the portal: a dossier filed on the portal keeps the portal's MaHoSo (`nationalCode`), every
 * other one is known there by its own code.
 */
export function portalCode(dossier: Pick<DossierRecord, 'code'> & { nationalCode?: unknown }): string {
  return typeof dossier.nationalCode === 'string' && dossier.nationalCode !== ''
    ? dossier.nationalCode
    : (dossier.code ?? '');
}

export const portalStatus = (status: Status) =>
  String(nationalStatus(status)?.code ?? '') as DossierSync['TrangThaiHoSo'];

/** The history actions that are steps of processing the portal follows with CapNhatTienDoHoSoMC. */
export const PROGRESS_ACTIONS = ['start-processing', 'forward', 'return', 'reassigned'] as const;
export const isProgress = (event: HistoryEvent) =>
  (PROGRESS_ACTIONS as readonly string[]).includes(event.action);

/** What the portal shows of a step, when the officer wrote no note. */
const PROGRESS_WORDS: Record<(typeof PROGRESS_ACTIONS)[number], string> = {
  'start-processing': 'Chuyển xử lý',
  forward: 'Chuyển bước xử lý tiếp theo',
  return: 'Trả lại bước trước',
  reassigned: 'Chuyển đơn vị xử lý do sắp xếp tổ chức',
};

/**
 * An officer's generic title by the duty the step's action needs, for a token that carried no `title` claim: the
 * counter's officer, a specialist, a leader. Steps the system makes (routing, a re-organisation) name no title.
 */
export const GENERIC_TITLES: Record<Duty, string> = {
  receive: 'Cán bộ tiếp nhận',
  process: 'Chuyên viên',
  approve: 'Lãnh đạo',
};

/** ChucDanh of a step: the officer's own title, else their duty's generic one; empty for the system. */
export function titleOf(event: HistoryEvent): string {
  if (event.actor.role !== 'officer') return '';
  if (event.actor.title) return event.actor.title;
  const duty = DUTY_OF[event.action as keyof typeof DUTY_OF];
  return duty ? GENERIC_TITLES[duty] : '';
}

/** Names of the catalog the message shows: the procedure's field (lĩnh vực) and agencies by unit identifier. */
export interface CatalogNames {
  field: string;
  agencies: Map<string, string>;
}

/** What an officer typed in a history note, without the facts the product writes first (`key=value`). */
export const officerText = (note: string | null) => (note ?? '').replace(/^(?:[A-Za-z]+=\S+\s*)*/, '').trim();

const agencyName = (names: CatalogNames, code: string | undefined) =>
  code ? (names.agencies.get(code) ?? code) : '';

const lastOf = (history: readonly HistoryEvent[], action: string) =>
  history.filter((event) => event.action === action).at(-1);

/**
 * The link the portal fetches a document by (shared/partner-files/link.ts, signed and expiring); empty where links are
 * not configured.
 */
export type DocumentLink = (ref: PartnerFileRef) => string;
const noLinks: DocumentLink = () => '';

function submittedDocuments(record: StaffRecord, link: DocumentLink): DossierSync['TaiLieuNop'] {
  const handedIn = new Set(record.dossier.handedIn);
  return (
    record.attachments
      .filter((a) => a.status === 'verified' && handedIn.has(a.id))
      // In a stable order: by document type, then as handed in.
      .sort((a, b) => a.documentType.localeCompare(b.documentType) || a.createdAt.localeCompare(b.createdAt))
      .map((a: AttachmentRecord) => ({
        TepDinhKemId: a.id,
        TenTepDinhKem: a.fileName,
        IsDeleted: 'False' as const,
        MaThanhPhanHoSo: a.documentType,
        DuongDanTaiTepTin: link({ dossierId: record.dossier.id, kind: 'attachment', documentId: a.id }),
        DuocSoHoa: '1' as const,
        DuocTaiSuDung: '0' as const,
        DuocLayTuKhoDMQG: '0' as const,
      }))
  );
}

function fees(dossier: DossierRecord): DossierSync['DanhSachLePhi'] {
  const method = dossier.fee?.payment?.method;
  const collected = method === 'online' ? '2' : method === 'transfer' ? '3' : '1';
  return (dossier.fee?.items ?? []).map((item) => ({
    TenPhiLePhi: item.name,
    MaPhiLePhi: '',
    HinhThucThu: collected,
    Gia: String(item.amountVnd),
    LoaiPhiLePhi: '1' as const,
  }));
}

/** Each supplement request with the answer that followed it, if any. */
function supplements(history: readonly HistoryEvent[]): DossierSync['DanhSachHoSoBoSung'] {
  return history.flatMap((event, index) => {
    if (event.action !== 'request-supplement') return [];
    const answer = history.slice(index + 1).find((later) => later.action === 'receive-supplement');
    return [
      {
        HoSoBoSungId: String(event.seq),
        NguoiYeuCauBoSung: event.actor.name ?? event.actor.id,
        NoiDungBoSung: officerText(event.note) || 'Yêu cầu bổ sung hồ sơ',
        NgayBoSung: portalTime(event.at),
        NguoiTiepNhanBoSung: answer
          ? answer.actor.role === 'citizen'
            ? 'Công dân'
            : (answer.actor.name ?? '')
          : '',
        ThongTinTiepNhan: answer ? `${answer.documentHashes.length} giấy tờ bổ sung` : '',
        NgayTiepNhanBoSung: answer ? portalTime(answer.at) : '',
        TrangThaiBoSung: answer ? ('True' as const) : ('False' as const),
        NgayHenTraTruoc: '',
        NgayHenTraMoi: '',
      },
    ];
  });
}

function resultDocuments(record: StaffRecord, link: DocumentLink): DossierSync['DanhSachGiayToKetQua'] {
  const handedOver = new Set(record.dossier.results ?? []);
  return record.results
    .filter((r) => r.status === 'verified' && handedOver.has(r.id))
    .map((r) => ({
      TenGiayTo: r.fileName,
      MaThanhPhanHoSo: '',
      GiayToId: r.id,
      DuongDanTepTinKetQua: link({ dossierId: record.dossier.id, kind: 'result', documentId: r.id }),
      MaGiayToKetQua: '',
    }));
}

/** The DongBoHoSoMC record of a dossier as it is now (null for one never submitted), its documents with their links. */
export function dossierSyncOf(
  record: StaffRecord,
  names: CatalogNames,
  link: DocumentLink = noLinks,
): DossierSync | null {
  const { dossier, history } = record;
  if (!dossier.code || !dossier.submittedAt || dossier.status === 'draft') return null;
  const refused = dossier.status === 'refused' ? lastOf(history, 'refuse') : undefined;
  const unit = dossier.step?.agency ?? dossier.receivingUnit;
  return {
    MaHoSo: portalCode(dossier),
    MaTTHC: dossier.procedureCode,
    TenTTHC: dossier.procedureName,
    MaLinhVuc: names.field,
    // Every dossier here is filed online, on this portal or on the national one.
    KenhThucHien: '2',
    ChuHoSo: dossier.applicant.fullName,
    SoGiayToChuHoSo: dossier.applicant.citizenId,
    LoaiDoiTuong: '1',
    SoDienThoai: dossier.applicant.phone,
    Email: dossier.applicant.email ?? '',
    TrichYeuHoSo: dossier.procedureName,
    NgayNopHoSo: portalTime(dossier.submittedAt),
    NgayTiepNhan: portalTime(dossier.acceptedAt),
    NgayHenTra: portalTime(dossier.state.dueAt),
    TrangThaiHoSo: portalStatus(dossier.status),
    NgayTra: portalTime(dossier.releasedAt),
    NgayTuChoi: portalTime(refused?.at),
    DonViXuLy: agencyName(names, unit),
    TaiLieuNop: submittedDocuments(record, link),
    DanhSachLePhi: fees(dossier),
    DanhSachHoSoBoSung: supplements(history),
    DanhSachGiayToKetQua: resultDocuments(record, link),
  };
}

/**
 * The CapNhatTienDoHoSoMC update of one processing step: who did it (name and title, see titleOf), at which agency,
 * what, and the step's window when the dossier is still at that step.
 */
export function progressOf(record: StaffRecord, event: HistoryEvent, names: CatalogNames): ProgressUpdate {
  const { dossier } = record;
  const step = dossier.step;
  const atStep = step && Date.parse(step.startedAt) === event.at;
  const words = PROGRESS_WORDS[event.action as (typeof PROGRESS_ACTIONS)[number]];
  return {
    MaHoSo: portalCode(dossier),
    NguoiXuLy: event.actor.name ?? (event.actor.role === 'system' ? 'Hệ thống một cửa' : event.actor.id),
    ChucDanh: titleOf(event),
    ThoiDiemXuLy: portalTime(event.at),
    PhongBanXuLy: agencyName(names, event.actor.agency ?? (atStep ? step.agency : dossier.receivingUnit)),
    NoiDungXuLy: officerText(event.note) || words,
    TrangThai: portalStatus(event.to),
    NgayBatDau: portalTime(event.at),
    NgayKetThucTheoQuyDinh: atStep ? portalTime(step.dueAt) : portalTime(dossier.state.dueAt),
  };
}
