// What each workspace action changes besides the status machine's move: the step and its sub-deadline, the due date
// (supplements, extensions), fees, results, release, and what the applicant is told. Pure: no I/O here.
import type { Procedure } from '../../shared/catalog/model.js';
import { CalendarRangeError, type Calendar } from '../../shared/domain/calendar/calendar.js';
import { dayMonthYearAt, InvalidDateError } from '../../shared/domain/calendar/local-date.js';
import {
  computeDeadline,
  DeadlineRuleError,
  type ClockEvent,
} from '../../shared/domain/calendar/deadlines.js';
import type { Action, SupplementItem } from '../../shared/domain/dossier/status-machine.js';
import type { DocumentSignatures } from '../../shared/domain/dossier/history.js';
import type {
  DossierRecord,
  FormType,
  NotificationEvent,
  ReleaseMethod,
  SignatureCheck,
} from '../../shared/dossier/model.js';
import type { ConditionalPut } from '../../shared/dossier/repository.js';
import { registryWrite, signatureSummary } from '../../shared/signing/verify-registry.js';
import { checklistLines } from '../../shared/dossier/forms.js';
import { enterStep, withAgency } from '../../shared/dossier/steps.js';
import type { Localized } from '../../shared/http/messages.js';
import { HttpProblem } from '../../shared/http/problem.js';
import type { StaffAction } from './staff-view.js';

export interface ActionBodies {
  forward: { toStep: string; note?: string };
  return: { note: string };
  'request-supplement': { checklist: SupplementItem[] };
  'request-fee': { items: { name: string; amountVnd: number }[] };
  'confirm-payment': { reference: string; method: 'counter' | 'transfer' };
  extend: { newDueDate: string; reason: string };
  resolve: { resultIds: string[] };
  release: { method: ReleaseMethod };
  stop: { reason: string };
}

export interface Planned {
  action: Action;
  note: string;
  documentHashes?: string[];
  /** Fields set on the dossier after the status machine's move (its state included, for deadline changes). */
  patch: (moved: DossierRecord) => Partial<DossierRecord>;
  notify?: { event: NotificationEvent; params: Record<string, string> };
  /** A form the applicant is issued for this action, rendered off the request path (shared/dossier/forms.ts). */
  form?: { type: FormType; params: Record<string, string> };
  joins?: string[];
  /** The signatures of the results handed over, recorded in the history event. */
  signatures?: DocumentSignatures[];
  /** Items written in the commit's transaction (the verification registry's entries of the results). */
  writes?: ConditionalPut[];
}

/** A verified result as `resolve` needs it: its bytes' hash and what its signature check found. */
export interface VerifiedResult {
  sha256: string;
  fileName: string;
  contentType: string;
  signatureCheck?: SignatureCheck;
}

export interface PlanContext {
  dossier: DossierRecord;
  procedure: Procedure;
  calendar: Calendar;
  now: number;
  /** Verified results of the dossier, by id. */
  results: Map<string, VerifiedResult>;
}

const unprocessable = (field: string, message: Localized) =>
  new HttpProblem('unprocessable-content', message, [{ field, message }]);

const vnd = (amount: number) => `${amount.toLocaleString('vi-VN')} đồng`;

const RELEASE_WORDS: Record<ReleaseMethod, string> = {
  online: 'trực tuyến / online',
  counter: 'tại bộ phận một cửa / at the counter',
  post: 'qua bưu chính / by post',
};

/** The clock of a dossier accepted before clocks were kept: its acceptance alone. */
const clockOf = (dossier: DossierRecord): ClockEvent[] =>
  dossier.clock ?? (dossier.acceptedAt ? [{ type: 'accepted', at: Date.parse(dossier.acceptedAt) }] : []);

export function deadlineAfter(context: PlanContext, events: ClockEvent[]) {
  return computeDeadline(
    context.calendar,
    { workingDays: context.procedure.processingDays, supplementPolicy: context.procedure.supplementPolicy },
    events,
  );
}

export function plan<A extends StaffAction>(action: A, body: ActionBodies[A], context: PlanContext): Planned {
  const { dossier, procedure, calendar, now } = context;
  const steps = procedure.routingSteps;
  const at = steps.findIndex((s) => s.id === dossier.step?.id);
  switch (action) {
    case 'forward': {
      const { toStep, note } = body as ActionBodies['forward'];
      const index = steps.findIndex((s) => s.id === toStep);
      if (index <= at) {
        throw unprocessable('body.toStep', {
          vi: `Bước ${toStep} không phải một bước sau bước hiện tại của thủ tục; các bước sau: ${
            steps
              .slice(at + 1)
              .map((s) => s.id)
              .join(', ') || 'không còn'
          }`,
          en: `Step ${toStep} is not a step after the current one; later steps: ${
            steps
              .slice(at + 1)
              .map((s) => s.id)
              .join(', ') || 'none'
          }`,
        });
      }
      const next = steps[index]!;
      const step = enterStep(calendar, next, now);
      return {
        action: { type: 'forward', stepId: next.id, agency: next.agencyCode },
        note: [`step=${next.id} agency=${next.agencyCode} stepDue=${step.dueAt}`, note]
          .filter(Boolean)
          .join(' '),
        patch: () => ({ step, agencies: withAgency(dossier, next.agencyCode) }),
        joins: [next.agencyCode],
      };
    }
    case 'return': {
      const { note } = body as ActionBodies['return'];
      const previousId = dossier.state.steps.at(-2)?.stepId;
      const previous = steps.find((s) => s.id === previousId);
      if (!previous) {
        throw new HttpProblem('conflict', {
          vi: 'Không có bước trước để trả lại',
          en: 'There is no previous step',
        });
      }
      // The step it goes back to gets its share of the working days again, from now.
      const step = enterStep(calendar, previous, now);
      return {
        action: { type: 'return', note },
        note: `step=${previous.id} agency=${previous.agencyCode} stepDue=${step.dueAt} ${note}`,
        patch: () => ({ step }),
      };
    }
    case 'request-supplement': {
      const { checklist } = body as ActionBodies['request-supplement'];
      const clock: ClockEvent[] = [...clockOf(dossier), { type: 'supplement-requested', at: now }];
      const deadline = deadlineAfter(context, clock);
      return {
        action: { type: 'request-supplement', checklist },
        note: `policy=${procedure.supplementPolicy} ${checklist.map((i) => i.description).join('; ')}`,
        form: { type: 'supplement-request', params: { items: checklistLines(checklist) } },
        patch: (moved) => ({
          supplementRequest: { checklist, requestedAt: new Date(now).toISOString() },
          clock,
          state: { ...moved.state, dueAt: deadline.dueAt },
          statutoryDueAt: deadline.statutoryDueAt,
        }),
        notify: {
          event: 'supplement-requested',
          params: { checklist: checklist.map((i) => i.description).join('; ') },
        },
      };
    }
    case 'request-fee': {
      const { items } = body as ActionBodies['request-fee'];
      const total = items.reduce((sum, item) => sum + item.amountVnd, 0);
      return {
        action: { type: 'request-fee', amountVnd: total },
        note: `total=${total} ${items.map((i) => `${i.name}=${i.amountVnd}`).join('; ')}`,
        patch: () => ({ fee: { items, requestedAt: new Date(now).toISOString(), payment: null } }),
        notify: {
          event: 'fee-requested',
          params: { fees: items.map((i) => `${i.name}: ${vnd(i.amountVnd)}`).join('; '), total: vnd(total) },
        },
      };
    }
    case 'confirm-payment': {
      const { reference, method } = body as ActionBodies['confirm-payment'];
      return {
        action: { type: 'confirm-payment', reference },
        note: `method=${method} reference=${reference}`,
        notify: { event: 'fee-paid', params: { reference } },
        patch: () => ({
          fee: dossier.fee
            ? { ...dossier.fee, payment: { reference, method, at: new Date(now).toISOString() } }
            : null,
        }),
      };
    }
    case 'extend': {
      const { newDueDate, reason } = body as ActionBodies['extend'];
      let deadline;
      const clock: ClockEvent[] = [...clockOf(dossier), { type: 'extended', at: now, newDueDate, reason }];
      try {
        deadline = deadlineAfter(context, clock);
      } catch (error) {
        if (error instanceof CalendarRangeError || error instanceof InvalidDateError) {
          throw unprocessable('body.newDueDate', {
            vi: 'Ngày hẹn mới nằm ngoài lịch làm việc đã có của hệ thống',
            en: 'The new due date is outside the working-day calendar the system has',
          });
        }
        if (!(error instanceof DeadlineRuleError)) throw error;
        throw unprocessable(
          'body.newDueDate',
          EXTENSION_RULES[error.rule] ?? EXTENSION_RULES['extension-not-later']!,
        );
      }
      return {
        action: { type: 'extend', newDueAt: deadline.dueAt!, reason },
        note: `newDue=${new Date(deadline.dueAt!).toISOString()} reason=${reason}`,
        // The applicant's date moves; the statistics keep the statutory one (computeDeadline leaves it).
        patch: () => ({ clock, statutoryDueAt: deadline.statutoryDueAt }),
        notify: {
          event: 'extended',
          params: { dueDate: dayMonthYearAt(deadline.dueAt!), reason },
        },
        // Phiếu xin lỗi và hẹn lại ngày trả kết quả: the date the applicant was given, the new one and why.
        form: {
          type: 'apology',
          params: {
            previousDueAt: String(dossier.state.dueAt ?? ''),
            newDueAt: String(deadline.dueAt!),
            reason,
          },
        },
      };
    }
    case 'resolve': {
      const { resultIds } = body as ActionBodies['resolve'];
      const unknown = resultIds.filter((id) => !context.results.has(id));
      if (unknown.length > 0) {
        throw unprocessable('body.resultIds', {
          vi: `Chưa có kết quả đã xác minh với mã: ${unknown.join(', ')}`,
          en: `No verified result with id: ${unknown.join(', ')}`,
        });
      }
      const chosen = resultIds.map((id) => ({ id, ...context.results.get(id)! }));
      assertSignaturesChecked(chosen, procedure.resultSignature === 'required');
      const hashes = chosen.map((r) => r.sha256).sort();
      const signatures = chosen.map(documentSignatures);
      const issuedAt = new Date(now).toISOString();
      return {
        action: { type: 'resolve', resultDocumentHashes: hashes },
        note: `results=${resultIds.join(',')} signatures=${signatures.map((s) => s.verdict).join(',')}`,
        documentHashes: hashes,
        signatures,
        // The public registry learns each result with the event that hands it over: code, agency, signer, verdict.
        writes: chosen.map((r) =>
          registryWrite(
            {
              sha256: r.sha256,
              documentType: 'result',
              dossierCode: dossier.code ?? '',
              agency: dossier.step?.agency ?? dossier.receivingUnit,
              issuedAt,
              ...signatureSummary(r.signatureCheck),
            },
            { dossierId: dossier.id, id: r.id },
          ),
        ),
        patch: () => ({ results: resultIds, resolvedAt: issuedAt }),
        notify: { event: 'result-ready', params: {} },
      };
    }
    case 'release': {
      const { method } = body as ActionBodies['release'];
      return {
        action: { type: 'release' },
        note: `method=${method}`,
        patch: () => ({ release: { method }, releasedAt: new Date(now).toISOString(), step: null }),
        notify: { event: 'released', params: { method: RELEASE_WORDS[method] } },
      };
    }
    case 'stop': {
      const { reason } = body as ActionBodies['stop'];
      return {
        action: { type: 'stop', reason },
        note: reason,
        patch: () => ({}),
        notify: { event: 'stopped', params: { reason } },
        // Thông báo dừng xử lý hồ sơ: the agency tells the applicant why, as a signed form like the others.
        form: { type: 'stop-notice', params: { reason } },
      };
    }
  }
  throw new Error(`Unknown action ${action satisfies never}`);
}

const documentSignatures = (r: VerifiedResult & { id: string }): DocumentSignatures => ({
  resultId: r.id,
  fileName: r.fileName,
  sha256: r.sha256,
  verdict: r.signatureCheck?.verdict ?? 'not-pdf',
  signatures: r.signatureCheck?.signatures ?? [],
});

/**
 * Every PDF handed over has had its signatures checked (503 while the consumer is at it); where the procedure
 * requires a signature, every result is a PDF whose signatures are all valid (422 naming each one and why).
 */
function assertSignaturesChecked(chosen: (VerifiedResult & { id: string })[], required: boolean) {
  const unchecked = chosen.filter((r) => r.contentType === 'application/pdf' && !r.signatureCheck);
  if (unchecked.length > 0) {
    const names = unchecked.map((r) => r.fileName).join(', ');
    throw new HttpProblem(
      'service-unavailable',
      {
        vi: `Chữ ký số của kết quả đang được kiểm tra: ${names}; nếu sau một phút vẫn chưa xong, hãy xác nhận lại tệp tải lên`,
        en: `The signatures of these results are being checked: ${names}; if it is not done within a minute, confirm the upload again`,
      },
      [],
      { 'retry-after': '2' },
    );
  }
  if (!required) return;
  const refused = chosen.flatMap((r, i) => {
    const verdict = r.signatureCheck?.verdict ?? 'not-pdf';
    return verdict === 'valid'
      ? []
      : [{ field: `body.resultIds.${i}`, message: SIGNATURE_REFUSALS[verdict](r.fileName) }];
  });
  if (refused.length > 0) {
    throw new HttpProblem(
      'unprocessable-content',
      {
        vi: 'Thủ tục này yêu cầu mọi tài liệu kết quả có chữ ký số hợp lệ',
        en: 'This procedure requires a valid digital signature on every result document',
      },
      refused,
    );
  }
}

const SIGNATURE_REFUSALS: Record<
  Exclude<DocumentSignatures['verdict'], 'valid'>,
  (fileName: string) => Localized
> = {
  'not-pdf': (f) => ({
    vi: `${f} không phải tệp PDF nên không mang chữ ký số`,
    en: `${f} is not a PDF, so it carries no digital signature`,
  }),
  unsigned: (f) => ({ vi: `${f} chưa được ký số`, en: `${f} is not digitally signed` }),
  untrusted: (f) => ({
    vi: `Chữ ký số trên ${f} không do tổ chức chứng thực được tin cậy cấp`,
    en: `The signature on ${f} does not come from a trusted certification authority`,
  }),
  expired: (f) => ({
    vi: `Chứng thư số ký ${f} đã hết hạn hoặc chưa có hiệu lực lúc ký`,
    en: `The certificate that signed ${f} was expired or not yet valid at signing time`,
  }),
  modified: (f) => ({
    vi: `${f} đã bị thay đổi sau khi ký`,
    en: `${f} was changed after it was signed`,
  }),
  malformed: (f) => ({
    vi: `Chữ ký số trên ${f} bị hỏng, không đọc được`,
    en: `The signature on ${f} is damaged and cannot be read`,
  }),
};

const EXTENSION_RULES: Partial<Record<DeadlineRuleError['rule'], Localized>> = {
  'extension-too-late': {
    vi: 'Đã quá hạn trả kết quả: phiếu xin lỗi và hẹn lại phải gửi trước ngày hẹn',
    en: 'The due date has passed: the apology and new date must come before it',
  },
  'extension-not-working-day': {
    vi: 'Ngày hẹn mới phải là một ngày làm việc',
    en: 'The new due date must be a working day',
  },
  'extension-not-later': {
    vi: 'Ngày hẹn mới phải sau ngày hẹn hiện tại',
    en: 'The new due date must be after the current one',
  },
  'not-accepted': {
    vi: 'Thời hạn đang tạm dừng chờ bổ sung nên chưa gia hạn được',
    en: 'The deadline is paused for a supplement, so it cannot be extended now',
  },
};
