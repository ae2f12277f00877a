// Builders for dossier-state fixtures: walk the real status machine instead of hand-writing states.
import {
  initialState,
  transition,
  type Action,
  type Actor,
  type DossierState,
} from '#domain/dossier/status-machine.js';

export const citizen: Actor = { id: 'citizen-1', role: 'citizen' };
export const officer: Actor = { id: 'officer-1', role: 'officer', agency: 'H39.01' };
export const system: Actor = { id: 'pipeline', role: 'system' };
export const NOW = Date.parse('2026-11-27T03:00:00Z');
export const DUE = Date.parse('2026-12-04T10:00:00Z');

export function actorFor(action: Action): Actor {
  return ['submit', 'withdraw', 'rate', 'receive-supplement'].includes(action.type) ? citizen : officer;
}

/** Applies actions in order, each by its usual actor; throws if one is refused. */
export function stateAfter(actions: Action[], now = NOW): DossierState {
  return actions.reduce((state, action) => {
    const result = transition(state, action, { actor: actorFor(action), now });
    if (!result.ok) throw new Error(`${action.type} refused: ${JSON.stringify(result.error)}`);
    return result.state;
  }, initialState);
}

export const toProcessing: Action[] = [
  { type: 'submit' },
  { type: 'accept', dueAt: DUE },
  { type: 'start-processing', stepId: 'reception', agency: 'H39.01' },
];

export const toReleased: Action[] = [
  ...toProcessing,
  { type: 'resolve', resultDocumentHashes: ['a'.repeat(64)] },
  { type: 'release' },
];
