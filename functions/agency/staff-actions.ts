// The workspace's actions, in a module of its own so the route contract bundles no use case with them.
import type { ActionType } from '../../shared/domain/dossier/status-machine.js';

/** Acceptance and refusal stay at reception; the applicant's own actions stay theirs. */
export const STAFF_ACTIONS = [
  'forward',
  'return',
  'request-supplement',
  'request-fee',
  'confirm-payment',
  'extend',
  'resolve',
  'release',
  'stop',
] as const satisfies readonly ActionType[];
export type StaffAction = (typeof STAFF_ACTIONS)[number];
