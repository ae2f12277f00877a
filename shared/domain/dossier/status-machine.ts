// Dossier status machine: internal states, guarded transitions, and their national portal codes (1–10).

export const STATUSES = [
  'draft',
  'submitted',
  'refused',
  'accepted',
  'processing',
  'supplement-requested',
  'fee-requested',
  'withdrawn',
  'stopped',
  'resolved',
  'released',
] as const;
export type Status = (typeof STATUSES)[number];
/** States synced to the National Public Service Portal; a draft is the applicant's own and is never synced. */
export type SubmittedStatus = Exclude<Status, 'draft'>;

export type NationalStatusCode = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

export const NATIONAL_STATUS: Record<SubmittedStatus, { code: NationalStatusCode; label: string }> = {
  submitted: { code: 1, label: 'Mới đăng ký' },
  accepted: { code: 2, label: 'Được tiếp nhận' },
  refused: { code: 3, label: 'Không được tiếp nhận' },
  processing: { code: 4, label: 'Đang xử lý' },
  'supplement-requested': { code: 5, label: 'Yêu cầu bổ sung giấy tờ' },
  'fee-requested': { code: 6, label: 'Yêu cầu thực hiện nghĩa vụ tài chính' },
  withdrawn: { code: 7, label: 'Công dân yêu cầu rút hồ sơ' },
  stopped: { code: 8, label: 'Dừng xử lý' },
  resolved: { code: 9, label: 'Đã xử lý xong' },
  released: { code: 10, label: 'Đã trả kết quả' },
};

export function nationalStatus(status: Status): { code: NationalStatusCode; label: string } | null {
  return status === 'draft' ? null : NATIONAL_STATUS[status];
}

export type Role = 'citizen' | 'officer' | 'system';

export interface Actor {
  id: string;
  role: Role;
  agency?: string;
  /** A person's name where the token gives one: the receipt names the officer who accepted. */
  name?: string;
  /** An officer's title (chức danh) where the token gives one (claim `title`): the national portal shows it. */
  title?: string;
}

export interface SupplementItem {
  /** The procedure's document type this item is about, when it is about one. */
  documentType?: string;
  description: string;
}

export type Action =
  | { type: 'submit' }
  | { type: 'accept'; dueAt: number }
  | { type: 'refuse'; reason: string }
  | { type: 'request-supplement'; checklist: SupplementItem[] }
  | { type: 'receive-supplement'; documentHashes: string[] }
  | { type: 'start-processing'; stepId: string; agency: string }
  | { type: 'forward'; stepId: string; agency: string }
  | { type: 'return'; note: string }
  | { type: 'request-fee'; amountVnd: number }
  | { type: 'confirm-payment'; reference: string }
  | { type: 'resolve'; resultDocumentHashes: string[] }
  | { type: 'release' }
  | { type: 'extend'; newDueAt: number; reason: string }
  | { type: 'stop'; reason: string }
  | { type: 'withdraw'; reason?: string }
  | { type: 'rate'; score: 1 | 2 | 3 | 4 | 5 };
export type ActionType = Action['type'];

export interface RoutingPosition {
  stepId: string;
  agency: string;
}

export interface DossierState {
  status: Status;
  /** Processing steps entered so far; the last is where the dossier is now (empty at reception). */
  steps: RoutingPosition[];
  /** Status to go back to when the awaited supplement or payment arrives. */
  resumeTo: Status | null;
  /** Per step (or 'reception'): whether a supplement was requested there, and whether new documents came since. */
  supplementRequests: Record<string, { newDocumentsSince: boolean }>;
  dueAt: number | null;
  rated: boolean;
}

export const initialState: DossierState = {
  status: 'draft',
  steps: [],
  resumeTo: null,
  supplementRequests: {},
  dueAt: null,
  rated: false,
};

export interface TransitionContext {
  actor: Actor;
  now: number;
}

export type TransitionError =
  | { kind: 'illegal-transition'; status: Status; action: ActionType; allowed: ActionType[] }
  | { kind: 'forbidden'; status: Status; action: ActionType; role: Role; allowed: ActionType[] }
  | { kind: 'rule-violated'; status: Status; action: ActionType; rule: string; allowed: ActionType[] };

export type TransitionResult = { ok: true; state: DossierState } | { ok: false; error: TransitionError };

type ActionOf<T extends ActionType> = Extract<Action, { type: T }>;

interface Rule<T extends ActionType> {
  from: readonly Status[];
  roles: readonly Role[];
  /** A payload-independent guard: when it returns a rule name the action is not allowed now. */
  available?: (state: DossierState, ctx: TransitionContext) => string | null;
  /** A guard on the action's payload. */
  check?: (state: DossierState, action: ActionOf<T>, ctx: TransitionContext) => string | null;
  apply: (state: DossierState, action: ActionOf<T>, ctx: TransitionContext) => DossierState;
}

const STAFF: readonly Role[] = ['officer', 'system'];
const OFFICER: readonly Role[] = ['officer'];
const APPLICANT: readonly Role[] = ['citizen'];
const OPEN_AFTER_ACCEPTANCE: readonly Status[] = [
  'accepted',
  'processing',
  'supplement-requested',
  'fee-requested',
];

const stepKey = (state: DossierState): string => state.steps.at(-1)?.stepId ?? 'reception';
const blank = (text: string | undefined): boolean => !text || text.trim() === '';

const rules: { [T in ActionType]: Rule<T> } = {
  submit: { from: ['draft'], roles: APPLICANT, apply: (s) => ({ ...s, status: 'submitted' }) },
  accept: {
    from: ['submitted'],
    roles: STAFF,
    check: (_s, a, ctx) => (a.dueAt > ctx.now ? null : 'due-date-must-be-in-the-future'),
    apply: (s, a) => ({ ...s, status: 'accepted', dueAt: a.dueAt }),
  },
  refuse: {
    from: ['submitted', 'supplement-requested'],
    roles: OFFICER,
    available: (s) =>
      s.status === 'supplement-requested' && s.resumeTo !== 'submitted' ? 'refusal-only-at-reception' : null,
    check: (_s, a) => (blank(a.reason) ? 'reason-required' : null),
    apply: (s) => ({ ...s, status: 'refused', resumeTo: null }),
  },
  'request-supplement': {
    from: ['submitted', 'accepted', 'processing'],
    roles: OFFICER,
    available: (s) => {
      const previous = s.supplementRequests[stepKey(s)];
      return previous && !previous.newDocumentsSince ? 'supplement-already-requested-at-this-step' : null;
    },
    check: (_s, a) =>
      a.checklist.length === 0 || a.checklist.some((item) => blank(item.description))
        ? 'checklist-required'
        : null,
    apply: (s) => ({
      ...s,
      status: 'supplement-requested',
      resumeTo: s.status,
      supplementRequests: { ...s.supplementRequests, [stepKey(s)]: { newDocumentsSince: false } },
    }),
  },
  'receive-supplement': {
    from: ['supplement-requested'],
    roles: ['citizen', 'officer'],
    apply: (s, a) => ({
      ...s,
      status: s.resumeTo ?? 'submitted',
      resumeTo: null,
      supplementRequests: {
        ...s.supplementRequests,
        [stepKey(s)]: { newDocumentsSince: a.documentHashes.length > 0 },
      },
    }),
  },
  'start-processing': {
    from: ['accepted'],
    roles: STAFF,
    check: (_s, a) => (blank(a.stepId) || blank(a.agency) ? 'step-and-agency-required' : null),
    apply: (s, a) => ({ ...s, status: 'processing', steps: [{ stepId: a.stepId, agency: a.agency }] }),
  },
  forward: {
    from: ['processing'],
    roles: STAFF,
    check: (s, a) =>
      blank(a.stepId) || blank(a.agency)
        ? 'step-and-agency-required'
        : s.steps.some((p) => p.stepId === a.stepId)
          ? 'step-already-visited'
          : null,
    apply: (s, a) => ({ ...s, steps: [...s.steps, { stepId: a.stepId, agency: a.agency }] }),
  },
  return: {
    from: ['processing'],
    roles: STAFF,
    available: (s) => (s.steps.length > 1 ? null : 'no-previous-step'),
    apply: (s) => ({ ...s, steps: s.steps.slice(0, -1) }),
  },
  'request-fee': {
    from: ['processing'],
    roles: STAFF,
    check: (_s, a) => (Number.isInteger(a.amountVnd) && a.amountVnd > 0 ? null : 'positive-amount-required'),
    apply: (s) => ({ ...s, status: 'fee-requested', resumeTo: 'processing' }),
  },
  'confirm-payment': {
    from: ['fee-requested'],
    roles: STAFF,
    check: (_s, a) => (blank(a.reference) ? 'payment-reference-required' : null),
    apply: (s) => ({ ...s, status: 'processing', resumeTo: null }),
  },
  resolve: {
    from: ['processing'],
    roles: OFFICER,
    check: (_s, a) => (a.resultDocumentHashes.length > 0 ? null : 'result-documents-required'),
    apply: (s) => ({ ...s, status: 'resolved' }),
  },
  release: { from: ['resolved'], roles: STAFF, apply: (s) => ({ ...s, status: 'released' }) },
  extend: {
    from: ['accepted', 'processing', 'fee-requested'],
    roles: OFFICER,
    available: (s, ctx) => (s.dueAt !== null && ctx.now <= s.dueAt ? null : 'due-date-already-passed'),
    check: (s, a) =>
      blank(a.reason)
        ? 'reason-required'
        : s.dueAt !== null && a.newDueAt <= s.dueAt
          ? 'new-date-must-be-later'
          : null,
    apply: (s, a) => ({ ...s, dueAt: a.newDueAt }),
  },
  stop: {
    from: OPEN_AFTER_ACCEPTANCE,
    roles: OFFICER,
    check: (_s, a) => (blank(a.reason) ? 'reason-required' : null),
    apply: (s) => ({ ...s, status: 'stopped', resumeTo: null }),
  },
  withdraw: {
    // Pure, not a spread: a spread would keep the whole rule table in bundles that never use it.
    from: /* @__PURE__ */ (['submitted'] as Status[]).concat(OPEN_AFTER_ACCEPTANCE),
    roles: APPLICANT,
    apply: (s) => ({ ...s, status: 'withdrawn', resumeTo: null }),
  },
  rate: {
    from: ['released'],
    roles: APPLICANT,
    available: (s) => (s.rated ? 'already-rated' : null),
    check: (_s, a) => ([1, 2, 3, 4, 5].includes(a.score) ? null : 'score-out-of-range'),
    apply: (s) => ({ ...s, rated: true }),
  },
};

// Pure: a bundle that never asks for allowed actions leaves the rules out.
export const ACTION_TYPES = /* @__PURE__ */ Object.keys(rules) as ActionType[];

/** The actions this actor may take on a dossier in this state now (payload aside). */
export function allowedActions(state: DossierState, ctx: TransitionContext): ActionType[] {
  return ACTION_TYPES.filter((type) => {
    const rule = rules[type] as Rule<ActionType>;
    return (
      rule.from.includes(state.status) && rule.roles.includes(ctx.actor.role) && !rule.available?.(state, ctx)
    );
  });
}

export function transition(state: DossierState, action: Action, ctx: TransitionContext): TransitionResult {
  const rule = rules[action.type] as Rule<ActionType>;
  const allowed = allowedActions(state, ctx);
  const base = { status: state.status, action: action.type, allowed };
  if (!rule.from.includes(state.status)) return { ok: false, error: { kind: 'illegal-transition', ...base } };
  if (!rule.roles.includes(ctx.actor.role)) {
    return { ok: false, error: { kind: 'forbidden', role: ctx.actor.role, ...base } };
  }
  const broken = rule.available?.(state, ctx) ?? rule.check?.(state, action as never, ctx) ?? null;
  if (broken) return { ok: false, error: { kind: 'rule-violated', rule: broken, ...base } };
  return { ok: true, state: rule.apply(state, action as never, ctx) };
}
