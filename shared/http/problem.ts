// RFC 9457 problem details, in Vietnamese or English, naming the fields that are wrong.
import type { Language } from './language.js';
import type { Localized } from './messages.js';

export interface FieldError {
  /** Where the value came from and its path, e.g. `query.pageSize` or `body.applicant.phone`. */
  field: string;
  /** What is wrong, in both languages: the answer shows the caller's. */
  message: Localized;
}

/** Problem kinds this API answers with; the title is shown to people, the slug is for programs. */
export const PROBLEMS = {
  'validation-error': { status: 400, title: { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' } },
  'malformed-json': { status: 400, title: { vi: 'Nội dung JSON không đọc được', en: 'Malformed JSON body' } },
  'invalid-cursor': {
    status: 400,
    title: { vi: 'Con trỏ phân trang không hợp lệ', en: 'Invalid pagination cursor' },
  },
  unauthorized: { status: 401, title: { vi: 'Chưa xác thực', en: 'Authentication required' } },
  forbidden: { status: 403, title: { vi: 'Không có quyền', en: 'Forbidden' } },
  'not-found': { status: 404, title: { vi: 'Không tìm thấy', en: 'Not found' } },
  'method-not-allowed': {
    status: 405,
    title: { vi: 'Phương thức không được hỗ trợ', en: 'Method not allowed' },
  },
  conflict: { status: 409, title: { vi: 'Xung đột trạng thái', en: 'Conflict' } },
  gone: { status: 410, title: { vi: 'Không còn hiệu lực', en: 'Gone' } },
  'precondition-failed': {
    status: 412,
    title: { vi: 'Hồ sơ đã thay đổi', en: 'Precondition failed' },
  },
  'precondition-required': {
    status: 428,
    title: { vi: 'Thiếu điều kiện If-Match', en: 'Precondition required' },
  },
  'too-many-requests': { status: 429, title: { vi: 'Quá nhiều yêu cầu', en: 'Too many requests' } },
  'payload-too-large': { status: 413, title: { vi: 'Nội dung quá lớn', en: 'Payload too large' } },
  'unsupported-media-type': {
    status: 415,
    title: { vi: 'Kiểu nội dung không được hỗ trợ', en: 'Unsupported media type' },
  },
  'unprocessable-content': {
    status: 422,
    title: { vi: 'Không thể xử lý yêu cầu', en: 'Unprocessable content' },
  },
  'internal-error': { status: 500, title: { vi: 'Lỗi hệ thống', en: 'Internal error' } },
  'service-unavailable': {
    status: 503,
    title: { vi: 'Tạm thời không phục vụ được', en: 'Service unavailable' },
  },
} as const satisfies Record<string, { status: number; title: Localized }>;

export type ProblemSlug = keyof typeof PROBLEMS;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export class HttpProblem extends Error {
  readonly status: number;
  constructor(
    readonly slug: ProblemSlug,
    readonly detail: Localized,
    readonly errors: FieldError[] = [],
    /** Headers the answer carries, such as `Retry-After` or `Allow`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail.en);
    this.name = 'HttpProblem';
    this.status = PROBLEMS[slug].status;
  }
}

export function problemBody(
  slug: ProblemSlug,
  language: Language,
  options: { detail?: string; instance?: string; errors?: FieldError[] } = {},
) {
  const { status, title } = PROBLEMS[slug];
  return {
    type: `urn:mot-cua:problem:${slug}`,
    title: title[language],
    status,
    ...(options.detail ? { detail: options.detail } : {}),
    ...(options.instance ? { instance: options.instance } : {}),
    ...(options.errors && options.errors.length > 0
      ? { errors: options.errors.map(({ field, message }) => ({ field, message: message[language] })) }
      : {}),
  };
}

/** Shorthand for the common "not found" problem naming what was looked for. */
export function notFound(what: Localized): HttpProblem {
  return new HttpProblem('not-found', what);
}

/** 415 naming the Content-Type header. */
export function wrongContentType(expected: string) {
  return new HttpProblem(
    'unsupported-media-type',
    {
      vi: `Nội dung phải có Content-Type: ${expected}`,
      en: `The body must be sent as Content-Type: ${expected}`,
    },
    [{ field: 'header.content-type', message: { vi: `Phải là ${expected}`, en: `Must be ${expected}` } }],
  );
}
