// Who at an agency does what: the one-stop counter receives and releases, specialists process, leaders approve.
import type { ActionType } from './status-machine.js';

export const DUTIES = ['receive', 'process', 'approve'] as const;
export type Duty = (typeof DUTIES)[number];

/** The duty an officer needs for each staff action; a supplement asked at reception is the counter's. */
export const DUTY_OF: Partial<Record<ActionType, Duty>> = {
  accept: 'receive',
  refuse: 'receive',
  release: 'receive',
  forward: 'process',
  return: 'process',
  'request-supplement': 'process',
  'request-fee': 'process',
  'confirm-payment': 'process',
  stop: 'process',
  extend: 'approve',
  resolve: 'approve',
};
