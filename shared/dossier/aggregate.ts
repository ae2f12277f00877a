// Applies status-machine actions and plain records to a stored dossier: new state, next version, chained event.
import { appendAfter, type HistoryEvent, type HistoryEventInput } from '../domain/dossier/history.js';
import {
  transition,
  type Action,
  type Actor,
  type TransitionError,
} from '../domain/dossier/status-machine.js';
import type { DossierRecord } from './model.js';

export type ActResult =
  { ok: true; dossier: DossierRecord; event: HistoryEvent } | { ok: false; error: TransitionError };

function chain(
  dossier: DossierRecord,
  input: HistoryEventInput,
): { dossier: DossierRecord; event: HistoryEvent } {
  const previous = dossier.historyLength > 0 ? { seq: dossier.historyLength, hash: dossier.lastHash } : null;
  const event = appendAfter(previous, dossier.id, input);
  return {
    event,
    dossier: {
      ...dossier,
      version: dossier.version + 1,
      historyLength: event.seq,
      lastHash: event.hash,
      updatedAt: new Date(input.at).toISOString(),
    },
  };
}

/** A status-machine action by an actor at a time, recorded in the history. */
export function act(
  dossier: DossierRecord,
  action: Action,
  actor: Actor,
  now: number,
  details: Pick<HistoryEventInput, 'note' | 'documentHashes' | 'signatures'> = {},
): ActResult {
  const result = transition(dossier.state, action, { actor, now });
  if (!result.ok) return result;
  const { dossier: next, event } = chain(dossier, {
    action: action.type,
    actor,
    at: now,
    from: dossier.state.status,
    to: result.state.status,
    ...details,
  });
  return {
    ok: true,
    event,
    dossier: {
      ...next,
      state: result.state,
      status: result.state.status,
      revision: (dossier.revision ?? 0) + 1,
    },
  };
}

/** An event that changes no status (a notification sent, a delivery report), recorded in the history. */
export function record(
  dossier: DossierRecord,
  input: Omit<HistoryEventInput, 'from' | 'to'>,
): { dossier: DossierRecord; event: HistoryEvent } {
  return chain(dossier, { ...input, from: dossier.status, to: dossier.status });
}
