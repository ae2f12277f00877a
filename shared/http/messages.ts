// Every message a refusal shows about a field, in Vietnamese and in English from this one place, in plain words.
import type * as z from 'zod/mini';
import type { Status } from '../domain/dossier/status-machine.js';

export interface Localized {
  vi: string;
  en: string;
}

/**
 * Messages a schema names by key: zod carries one string per check, so a schema gives the key (`z.regex(re, 'x')`)
 * and the answer shows it in the caller's language.
 */
export const FIELD_MESSAGES = {
  'citizen-id': {
    vi: 'Số căn cước công dân gồm 12 chữ số, bắt đầu bằng mã tỉnh từ 001 đến 096',
    en: 'A citizen ID number has 12 digits and starts with a province code from 001 to 096',
  },
  'mobile-phone': {
    vi: 'Cần một số điện thoại di động Việt Nam, ví dụ 0912345678 hoặc +84912345678',
    en: 'A Vietnamese mobile number is needed, for example 0912345678 or +84912345678',
  },
  'procedure-code': {
    vi: 'Mã thủ tục có dạng 1.001193',
    en: 'A procedure code looks like 1.001193',
  },
  'form-id': {
    vi: 'Mã phiếu là receipt, hoặc supplement-request-<số>, refusal-<số>, apology-<số>, stop-notice-<số> như trong thông báo gửi Ông/Bà',
    en: 'A form id is receipt, or supplement-request-<number>, refusal-<number>, apology-<number> or stop-notice-<number> as the notification names it',
  },
  'unit-identifier': {
    vi: 'Mã đơn vị gồm các nhóm chữ in hoa và chữ số cách nhau bởi dấu chấm, ví dụ 000.00.02.H56',
    en: 'A unit code is groups of capital letters and digits separated by dots, for example 000.00.02.H56',
  },
  'document-type': {
    vi: 'Loại giấy tờ chỉ gồm chữ thường, chữ số và dấu gạch ngang, như trong danh mục thủ tục',
    en: 'A document type has lower-case letters, digits and hyphens only, as in the procedure catalog',
  },
  'form-field-name': {
    vi: 'Tên trường bắt đầu bằng một chữ cái, chỉ gồm chữ cái, chữ số và dấu gạch dưới, tối đa 64 ký tự',
    en: 'A field name starts with a letter and has letters, digits and underscores only, at most 64 characters',
  },
  'form-fields-max': { vi: 'Biểu mẫu có tối đa 50 trường', en: 'The form has at most 50 fields' },
  'form-value': {
    vi: 'Giá trị phải là chữ (tối đa 2000 ký tự), số hoặc true/false',
    en: 'A value must be text (at most 2000 characters), a number or true/false',
  },
  'form-number': {
    vi: 'Số quá lớn để lưu chính xác: tối đa 15 chữ số (±9007199254740991); hãy gửi dưới dạng chữ nếu cần dài hơn',
    en: 'The number is too large to keep exactly: at most 15 digits (±9007199254740991); send it as text if longer',
  },
  'unique-channels': {
    vi: 'Mỗi kênh nhận thông báo chỉ được chọn một lần',
    en: 'Each notification channel may be chosen only once',
  },
  'email-for-email-channel': {
    vi: 'Cần địa chỉ email để nhận thông báo qua email',
    en: 'An email address is needed to be told by email',
  },
  'tracking-id': {
    vi: 'Mã theo dõi không đúng dạng đã gửi cho nhà cung cấp',
    en: 'The tracking ID is not in the form it was sent to the provider',
  },
  'dossier-code': {
    vi: 'Mã hồ sơ có dạng mã đơn vị-năm tháng ngày-số thứ tự, ví dụ 000.00.16.H39-190626-0001',
    en: 'A dossier code is the unit code, the date and a sequence number, for example 000.00.16.H39-190626-0001',
  },
  'lookup-verifier': {
    vi: 'Mã xác minh là 4 chữ số cuối của số điện thoại người nộp hoặc mã PIN 6 ký tự in trên phiếu hẹn',
    en: "The verifier is the last 4 digits of the applicant's phone or the 6-character PIN printed on the receipt",
  },
  'lookup-proof': {
    vi: 'Mã chứng thực là chuỗi 22 ký tự trong đường dẫn của mã QR trên phiếu hẹn',
    en: 'The proof is the 22-character string in the link of the QR code on the receipt',
  },
  'lookup-one-verifier': {
    vi: 'Cần đúng một trong hai: mã xác minh (verifier) hoặc mã chứng thực của đường dẫn (proof)',
    en: "Exactly one of the verifier or the signed link's proof is needed",
  },
  'local-date': {
    vi: 'Ngày viết theo năm-tháng-ngày, ví dụ 2026-12-01',
    en: 'A date is written year-month-day, for example 2026-12-01',
  },
  'date-range': {
    vi: 'Ngày kết thúc không được trước ngày bắt đầu, và khoảng thời gian tối đa 366 ngày',
    en: 'The end date must not be before the start date, and the range is at most 366 days',
  },
  instant: {
    vi: 'Một ngày (2026-12-01) hoặc một thời điểm theo giờ UTC (2026-12-01T08:00:00Z)',
    en: 'A day (2026-12-01) or an instant in UTC (2026-12-01T08:00:00Z)',
  },
  'routing-days-sum': {
    vi: 'Tổng số ngày làm việc của các bước xử lý phải bằng thời hạn giải quyết (processingDays)',
    en: "The routing steps' working days must add up to the processing time (processingDays)",
  },
  'unique-document-types': {
    vi: 'Mỗi loại giấy tờ chỉ được khai một lần',
    en: 'Each document type may be listed only once',
  },
  'unique-step-ids': {
    vi: 'Mỗi bước xử lý cần một mã riêng',
    en: 'Each routing step needs an id of its own',
  },
  'active-agency': {
    vi: 'Không có cơ quan đang hoạt động nào mang mã này trong danh mục',
    en: 'No active agency in the catalog has this code',
  },
  'portal-time': {
    vi: 'Thời điểm theo định dạng yyyyMMddHHmmss, giờ Việt Nam',
    en: 'A time as yyyyMMddHHmmss, Vietnam time',
  },
  sha256: {
    vi: 'Mã băm SHA-256 gồm 64 chữ số hệ mười sáu',
    en: 'A SHA-256 hash is 64 hexadecimal digits',
  },
  'national-code': {
    vi: 'Mã hồ sơ trên Cổng Dịch vụ công quốc gia gồm tối đa 64 chữ cái, chữ số, dấu chấm, gạch ngang hoặc gạch dưới',
    en: 'A national portal dossier code has at most 64 letters, digits, dots, hyphens or underscores',
  },
} as const satisfies Record<string, Localized>;

export type FieldMessageKey = keyof typeof FIELD_MESSAGES;

/** The key a schema gives as its check's message (typed, so a misspelt key does not compile). */
export const messageKey = (key: FieldMessageKey): string => key;

const KIND: Record<string, Localized> = {
  string: { vi: 'chữ', en: 'text' },
  number: { vi: 'số', en: 'a number' },
  int: { vi: 'số nguyên', en: 'a whole number' },
  boolean: { vi: 'true hoặc false', en: 'true or false' },
  array: { vi: 'một danh sách', en: 'a list' },
  object: { vi: 'một đối tượng JSON', en: 'a JSON object' },
  record: { vi: 'một đối tượng JSON', en: 'a JSON object' },
};

function bytes(n: number): Localized {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0)
    return { vi: `${n / 1024 / 1024} MB`, en: `${n / 1024 / 1024} MB` };
  if (n >= 1024 && n % 1024 === 0) return { vi: `${n / 1024} KB`, en: `${n / 1024} KB` };
  return { vi: `${n} byte`, en: `${n} bytes` };
}

/** A size in the words a person reads (20 MB, not 20971520 bytes). */
export const sizeInWords = bytes;

const count = (n: number | bigint, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A zod issue in plain words; a schema's own message key wins over the generic wording. */
export function describeIssue(issue: z.core.$ZodIssue): Localized {
  if (issue.message in FIELD_MESSAGES) return FIELD_MESSAGES[issue.message as FieldMessageKey];
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return { vi: 'Bắt buộc phải có', en: 'Required' };
      const kind = KIND[issue.expected] ?? { vi: 'đúng kiểu', en: 'of the right kind' };
      return { vi: `Phải là ${kind.vi}`, en: `Must be ${kind.en}` };
    }
    case 'too_small': {
      const n = issue.minimum;
      if (issue.origin === 'string')
        return Number(n) <= 1
          ? { vi: 'Không được để trống', en: 'Must not be empty' }
          : { vi: `Cần ít nhất ${n} ký tự`, en: `Needs at least ${count(n, 'character', 'characters')}` };
      if (issue.origin === 'array')
        return { vi: `Cần ít nhất ${n} mục`, en: `Needs at least ${count(n, 'item', 'items')}` };
      return issue.inclusive === false
        ? { vi: `Phải lớn hơn ${n}`, en: `Must be more than ${n}` }
        : { vi: `Phải từ ${n} trở lên`, en: `Must be at least ${n}` };
    }
    case 'too_big': {
      const n = issue.maximum;
      if (issue.origin === 'string')
        return { vi: `Tối đa ${n} ký tự`, en: `At most ${count(n, 'character', 'characters')}` };
      if (issue.origin === 'array')
        return { vi: `Tối đa ${n} mục`, en: `At most ${count(n, 'item', 'items')}` };
      return issue.inclusive === false
        ? { vi: `Phải nhỏ hơn ${n}`, en: `Must be less than ${n}` }
        : { vi: `Tối đa là ${n}`, en: `Must be at most ${n}` };
    }
    case 'invalid_format':
      return issue.format === 'email'
        ? { vi: 'Không phải một địa chỉ email hợp lệ', en: 'Not a valid email address' }
        : { vi: 'Không đúng định dạng', en: 'Not in the expected format' };
    case 'invalid_value':
      return {
        vi: `Phải là một trong: ${issue.values.map(String).join(', ')}`,
        en: `Must be one of: ${issue.values.map(String).join(', ')}`,
      };
    case 'unrecognized_keys':
      return { vi: 'Trường này không được nhận', en: 'This field is not accepted' };
    case 'invalid_key':
      return FIELD_MESSAGES['form-field-name'];
    case 'invalid_union':
      return FIELD_MESSAGES['form-value'];
    case 'not_multiple_of':
      return { vi: `Phải là bội số của ${issue.divisor}`, en: `Must be a multiple of ${issue.divisor}` };
    default:
      return { vi: 'Giá trị không hợp lệ', en: 'Not a valid value' };
  }
}

/** Dossier statuses as people say them. */
export const STATUS_NAMES: Record<Status, Localized> = {
  draft: { vi: 'bản nháp', en: 'a draft' },
  submitted: { vi: 'mới đăng ký', en: 'submitted' },
  refused: { vi: 'không được tiếp nhận', en: 'refused' },
  accepted: { vi: 'được tiếp nhận', en: 'accepted' },
  processing: { vi: 'đang xử lý', en: 'being processed' },
  'supplement-requested': { vi: 'chờ bổ sung giấy tờ', en: 'waiting for a supplement' },
  'fee-requested': { vi: 'chờ nộp phí, lệ phí', en: 'waiting for fees to be paid' },
  withdrawn: { vi: 'đã rút', en: 'withdrawn' },
  stopped: { vi: 'dừng xử lý', en: 'stopped' },
  resolved: { vi: 'đã xử lý xong', en: 'resolved' },
  released: { vi: 'đã trả kết quả', en: 'returned to the applicant' },
};
