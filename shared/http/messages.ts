// Every message a refusal shows about a field, in Vietnamese and in English, in plain words: the generic wording of
// each zod issue here, a schema's own messages in field-messages.ts.
import type * as z from 'zod/mini';
import type { Status } from '../domain/dossier/status-machine.js';
import { formFieldNameMessage, formValueMessage } from './field-messages.js';

export interface Localized {
  vi: string;
  en: string;
}

/** A message a schema gives its own check, under a key unique among them (field-messages.ts holds them all). */
export interface FieldMessage extends Localized {
  key: string;
}

/** The messages of the schemas this function has built, by key. */
const GIVEN = new Map<string, Localized>();

/**
 * The key a schema gives as its check's message: zod carries one string per check, so the schema gives the key
 * (`z.regex(re, messageKey(citizenIdMessage))`) and the answer shows the message in the caller's language. Taking
 * the message itself, not its key, lets a bundle carry only the messages of the schemas it holds.
 */
export function messageKey(message: FieldMessage): string {
  GIVEN.set(message.key, { vi: message.vi, en: message.en });
  return message.key;
}

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
  const own = GIVEN.get(issue.message);
  if (own) return own;
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
      return { vi: formFieldNameMessage.vi, en: formFieldNameMessage.en };
    case 'invalid_union':
      return { vi: formValueMessage.vi, en: formValueMessage.en };
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
