// The messages schemas name for their own checks, in Vietnamese and in English, one constant each: a schema that
// names one carries it (messageKey), so a function bundles the messages of its own schemas and no others.
import type { FieldMessage } from './messages.js';

export const citizenIdMessage: FieldMessage = {
  key: 'citizen-id',
  vi: 'Số căn cước công dân gồm 12 chữ số, bắt đầu bằng mã tỉnh từ 001 đến 096',
  en: 'A citizen ID number has 12 digits and starts with a province code from 001 to 096',
};

export const mobilePhoneMessage: FieldMessage = {
  key: 'mobile-phone',
  vi: 'Cần một số điện thoại di động Việt Nam, ví dụ 0912345678 hoặc +84912345678',
  en: 'A Vietnamese mobile number is needed, for example 0912345678 or +84912345678',
};

export const procedureCodeMessage: FieldMessage = {
  key: 'procedure-code',
  vi: 'Mã thủ tục có dạng 1.001193',
  en: 'A procedure code looks like 1.001193',
};

export const formIdMessage: FieldMessage = {
  key: 'form-id',
  vi: 'Mã phiếu là receipt, hoặc supplement-request-<số>, refusal-<số>, apology-<số>, stop-notice-<số> như trong thông báo gửi Ông/Bà',
  en: 'A form id is receipt, or supplement-request-<number>, refusal-<number>, apology-<number> or stop-notice-<number> as the notification names it',
};

export const unitIdentifierMessage: FieldMessage = {
  key: 'unit-identifier',
  vi: 'Mã đơn vị gồm các nhóm chữ in hoa và chữ số cách nhau bởi dấu chấm, ví dụ 000.00.02.H56',
  en: 'A unit code is groups of capital letters and digits separated by dots, for example 000.00.02.H56',
};

export const documentTypeMessage: FieldMessage = {
  key: 'document-type',
  vi: 'Loại giấy tờ chỉ gồm chữ thường, chữ số và dấu gạch ngang, như trong danh mục thủ tục',
  en: 'A document type has lower-case letters, digits and hyphens only, as in the procedure catalog',
};

export const formFieldNameMessage: FieldMessage = {
  key: 'form-field-name',
  vi: 'Tên trường bắt đầu bằng một chữ cái, chỉ gồm chữ cái, chữ số và dấu gạch dưới, tối đa 64 ký tự',
  en: 'A field name starts with a letter and has letters, digits and underscores only, at most 64 characters',
};

export const formFieldsMaxMessage: FieldMessage = {
  key: 'form-fields-max',
  vi: 'Biểu mẫu có tối đa 50 trường',
  en: 'The form has at most 50 fields',
};

export const formValueMessage: FieldMessage = {
  key: 'form-value',
  vi: 'Giá trị phải là chữ (tối đa 2000 ký tự), số hoặc true/false',
  en: 'A value must be text (at most 2000 characters), a number or true/false',
};

export const formNumberMessage: FieldMessage = {
  key: 'form-number',
  vi: 'Số quá lớn để lưu chính xác: tối đa 15 chữ số (±9007199254740991); hãy gửi dưới dạng chữ nếu cần dài hơn',
  en: 'The number is too large to keep exactly: at most 15 digits (±9007199254740991); send it as text if longer',
};

export const uniqueChannelsMessage: FieldMessage = {
  key: 'unique-channels',
  vi: 'Mỗi kênh nhận thông báo chỉ được chọn một lần',
  en: 'Each notification channel may be chosen only once',
};

export const emailForEmailChannelMessage: FieldMessage = {
  key: 'email-for-email-channel',
  vi: 'Cần địa chỉ email để nhận thông báo qua email',
  en: 'An email address is needed to be told by email',
};

export const trackingIdMessage: FieldMessage = {
  key: 'tracking-id',
  vi: 'Mã theo dõi không đúng dạng đã gửi cho nhà cung cấp',
  en: 'The tracking ID is not in the form it was sent to the provider',
};

export const dossierCodeMessage: FieldMessage = {
  key: 'dossier-code',
  vi: 'Mã hồ sơ có dạng mã đơn vị-năm tháng ngày-số thứ tự, ví dụ 000.00.16.H39-190626-0001',
  en: 'A dossier code is the unit code, the date and a sequence number, for example 000.00.16.H39-190626-0001',
};

export const lookupVerifierMessage: FieldMessage = {
  key: 'lookup-verifier',
  vi: 'Mã xác minh là 4 chữ số cuối của số điện thoại người nộp hoặc mã PIN 6 ký tự in trên phiếu hẹn',
  en: "The verifier is the last 4 digits of the applicant's phone or the 6-character PIN printed on the receipt",
};

export const lookupProofMessage: FieldMessage = {
  key: 'lookup-proof',
  vi: 'Mã chứng thực là chuỗi 22 ký tự trong đường dẫn của mã QR trên phiếu hẹn',
  en: 'The proof is the 22-character string in the link of the QR code on the receipt',
};

export const lookupOneVerifierMessage: FieldMessage = {
  key: 'lookup-one-verifier',
  vi: 'Cần đúng một trong hai: mã xác minh (verifier) hoặc mã chứng thực của đường dẫn (proof)',
  en: "Exactly one of the verifier or the signed link's proof is needed",
};

export const localDateMessage: FieldMessage = {
  key: 'local-date',
  vi: 'Ngày viết theo năm-tháng-ngày, ví dụ 2026-12-01',
  en: 'A date is written year-month-day, for example 2026-12-01',
};

export const dateRangeMessage: FieldMessage = {
  key: 'date-range',
  vi: 'Ngày kết thúc không được trước ngày bắt đầu, và khoảng thời gian tối đa 366 ngày',
  en: 'The end date must not be before the start date, and the range is at most 366 days',
};

export const instantMessage: FieldMessage = {
  key: 'instant',
  vi: 'Một ngày (2026-12-01) hoặc một thời điểm theo giờ UTC (2026-12-01T08:00:00Z)',
  en: 'A day (2026-12-01) or an instant in UTC (2026-12-01T08:00:00Z)',
};

export const routingDaysSumMessage: FieldMessage = {
  key: 'routing-days-sum',
  vi: 'Tổng số ngày làm việc của các bước xử lý phải bằng thời hạn giải quyết (processingDays)',
  en: "The routing steps' working days must add up to the processing time (processingDays)",
};

export const uniqueDocumentTypesMessage: FieldMessage = {
  key: 'unique-document-types',
  vi: 'Mỗi loại giấy tờ chỉ được khai một lần',
  en: 'Each document type may be listed only once',
};

export const uniqueStepIdsMessage: FieldMessage = {
  key: 'unique-step-ids',
  vi: 'Mỗi bước xử lý cần một mã riêng',
  en: 'Each routing step needs an id of its own',
};

export const activeAgencyMessage: FieldMessage = {
  key: 'active-agency',
  vi: 'Không có cơ quan đang hoạt động nào mang mã này trong danh mục',
  en: 'No active agency in the catalog has this code',
};

export const portalTimeMessage: FieldMessage = {
  key: 'portal-time',
  vi: 'Thời điểm theo định dạng yyyyMMddHHmmss, giờ Việt Nam',
  en: 'A time as yyyyMMddHHmmss, Vietnam time',
};

export const sha256Message: FieldMessage = {
  key: 'sha256',
  vi: 'Mã băm SHA-256 gồm 64 chữ số hệ mười sáu',
  en: 'A SHA-256 hash is 64 hexadecimal digits',
};

export const nationalCodeMessage: FieldMessage = {
  key: 'national-code',
  vi: 'Mã hồ sơ trên Cổng Dịch vụ công quốc gia gồm tối đa 64 chữ cái, chữ số, dấu chấm, gạch ngang hoặc gạch dưới',
  en: 'A national portal dossier code has at most 64 letters, digits, dots, hyphens or underscores',
};
