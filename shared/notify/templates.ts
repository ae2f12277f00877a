// What applicants are told, per event, in Vietnamese (and English); Zalo ZNS uses a template id and parameters.
import type { NotificationEvent } from '../dossier/model.js';

export interface Rendered {
  subject: string;
  text: string;
}

type Params = Record<string, string>;

const TEMPLATES: Record<NotificationEvent, { vi: (p: Params) => Rendered; en: (p: Params) => Rendered }> = {
  submitted: {
    vi: (p) => ({
      subject: `Đã nhận hồ sơ trực tuyến ${p.code}`,
      text: `Hồ sơ ${p.code} (${p.procedure}) đã được gửi trực tuyến và đang chờ cán bộ tiếp nhận kiểm tra.`,
    }),
    en: (p) => ({
      subject: `Online dossier ${p.code} received`,
      text: `Dossier ${p.code} (${p.procedure}) was submitted online and awaits a receiving officer.`,
    }),
  },
  received: {
    vi: (p) => ({
      subject: `Hồ sơ ${p.code} đã được tiếp nhận`,
      text: `Hồ sơ ${p.code} (${p.procedure}) đã được tiếp nhận. Ngày hẹn trả kết quả: ${p.dueDate}. Tra cứu: ${p.lookupUrl}`,
    }),
    en: (p) => ({
      subject: `Dossier ${p.code} accepted`,
      text: `Dossier ${p.code} (${p.procedure}) was accepted. Result due on ${p.dueDate}. Track it: ${p.lookupUrl}`,
    }),
  },
  'supplement-requested': {
    vi: (p) => ({
      subject: `Hồ sơ ${p.code} cần bổ sung`,
      text: `Hồ sơ ${p.code} cần bổ sung: ${p.checklist}.${p.form ? ' Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ có trong mục hồ sơ của Ông/Bà.' : ''}`,
    }),
    en: (p) => ({
      subject: `Dossier ${p.code} needs more documents`,
      text: `Dossier ${p.code} needs: ${p.checklist}.${p.form ? ' The supplement request form is with your dossier.' : ''}`,
    }),
  },
  'result-ready': {
    vi: (p) => ({
      subject: `Hồ sơ ${p.code} đã có kết quả`,
      text: `Hồ sơ ${p.code} (${p.procedure}) đã có kết quả.`,
    }),
    en: (p) => ({
      subject: `Dossier ${p.code}: result ready`,
      text: `The result of dossier ${p.code} (${p.procedure}) is ready.`,
    }),
  },
  extended: {
    vi: (p) => ({
      subject: `Xin lỗi về việc trễ hẹn hồ sơ ${p.code}`,
      text: `Hồ sơ ${p.code} được hẹn lại ngày ${p.dueDate}. Lý do: ${p.reason}. Phiếu xin lỗi và hẹn lại ngày trả kết quả của cơ quan có trong mục hồ sơ của Ông/Bà, tra cứu tại ${p.lookupUrl}.`,
    }),
    en: (p) => ({
      subject: `Apology: dossier ${p.code} delayed`,
      text: `Dossier ${p.code} is now due on ${p.dueDate}. Reason: ${p.reason}. The agency's letter of apology with the new date is with your dossier, see ${p.lookupUrl}.`,
    }),
  },
  'fee-requested': {
    vi: (p) => ({
      subject: `Hồ sơ ${p.code}: đề nghị nộp phí, lệ phí`,
      text: `Hồ sơ ${p.code} (${p.procedure}) cần nộp phí, lệ phí: ${p.fees}; tổng cộng ${p.total}. Tra cứu: ${p.lookupUrl}`,
    }),
    en: (p) => ({
      subject: `Dossier ${p.code}: fees to pay`,
      text: `Dossier ${p.code} (${p.procedure}) needs these fees paid: ${p.fees}; ${p.total} in all. Track it: ${p.lookupUrl}`,
    }),
  },
  'fee-paid': {
    vi: (p) => ({
      subject: `Hồ sơ ${p.code}: đã nhận phí, lệ phí`,
      text: `Đã ghi nhận phí, lệ phí của hồ sơ ${p.code} (${p.procedure}), mã giao dịch ${p.reference}. Hồ sơ tiếp tục được giải quyết. Tra cứu: ${p.lookupUrl}`,
    }),
    en: (p) => ({
      subject: `Dossier ${p.code}: fees received`,
      text: `The fees of dossier ${p.code} (${p.procedure}) were received, transaction ${p.reference}. Work on it goes on. Track it: ${p.lookupUrl}`,
    }),
  },
  released: {
    vi: (p) => ({
      subject: `Hồ sơ ${p.code} đã trả kết quả`,
      text: `Kết quả hồ sơ ${p.code} (${p.procedure}) đã được trả (${p.method}). Mời bạn đánh giá mức độ hài lòng: ${p.lookupUrl}`,
    }),
    en: (p) => ({
      subject: `Dossier ${p.code}: result returned`,
      text: `The result of dossier ${p.code} (${p.procedure}) was returned (${p.method}). Tell us how we did: ${p.lookupUrl}`,
    }),
  },
  stopped: {
    vi: (p) => ({
      subject: `Hồ sơ ${p.code} đã dừng xử lý`,
      text: `Hồ sơ ${p.code} (${p.procedure}) đã dừng xử lý. Lý do: ${p.reason}.${p.form ? ' Thông báo dừng xử lý hồ sơ có trong mục hồ sơ của Ông/Bà.' : ''}`,
    }),
    en: (p) => ({
      subject: `Dossier ${p.code}: processing stopped`,
      text: `Processing of dossier ${p.code} (${p.procedure}) was stopped. Reason: ${p.reason}.${p.form ? ' The stop notice is with your dossier.' : ''}`,
    }),
  },
  'inquiry-answered': {
    vi: (p) => ({
      subject: `Tình trạng hồ sơ ${p.code}`,
      text: `Hồ sơ ${p.code}: ${p.status}. Cơ quan: ${p.agency}. Ngày hẹn trả kết quả: ${p.dueDate}.`,
    }),
    en: (p) => ({
      subject: `Status of dossier ${p.code}`,
      text: `Dossier ${p.code}: ${p.status}. Agency: ${p.agency}. Result due on: ${p.dueDate}.`,
    }),
  },
  'inquiry-not-found': {
    vi: (p) => ({
      subject: `Tra cứu hồ sơ ${p.code}`,
      text: `Không tìm thấy hồ sơ ${p.code} cho số điện thoại hoặc tài khoản Zalo này. Tra cứu tại cổng dịch vụ công bằng mã PIN trên phiếu hẹn.`,
    }),
    en: (p) => ({
      subject: `Dossier lookup ${p.code}`,
      text: `No dossier ${p.code} was found for this phone number or Zalo account. Look it up on the portal with the PIN on your receipt.`,
    }),
  },
  withdrawn: {
    vi: (p) => ({
      subject: `Hồ sơ ${p.code} đã được rút`,
      text: `Theo yêu cầu của bạn, hồ sơ ${p.code} (${p.procedure}) đã được rút và không tiếp tục xử lý.`,
    }),
    en: (p) => ({
      subject: `Dossier ${p.code} withdrawn`,
      text: `As you asked, dossier ${p.code} (${p.procedure}) was withdrawn and will not be processed further.`,
    }),
  },
  refused: {
    vi: (p) => ({
      subject: `Hồ sơ ${p.code} không được tiếp nhận`,
      text: `Hồ sơ ${p.code} không được tiếp nhận. Lý do: ${p.reason}.${p.form ? ' Phiếu từ chối tiếp nhận giải quyết hồ sơ có trong mục hồ sơ của Ông/Bà.' : ''}`,
    }),
    en: (p) => ({
      subject: `Dossier ${p.code} refused`,
      text: `Dossier ${p.code} was refused. Reason: ${p.reason}.${p.form ? ' The refusal form is with your dossier.' : ''}`,
    }),
  },
};

export function render(event: NotificationEvent, params: Params, language: 'vi' | 'en' = 'vi'): Rendered {
  return TEMPLATES[event][language](params);
}
