// The applicant's control sheet (phiếu kiểm soát quá trình giải quyết): every status change, hand-off between agencies
// and notification of their dossier, from its hash-chained history, without officers' identities or internal notes.
import { verifyChain, type HistoryEvent } from '../../shared/domain/dossier/history.js';
import type { DossierReads } from '../../shared/dossier/repository.js';
import type { Caller } from '../../shared/http/handler.js';
import { mine } from './use-cases.js';

type Fact =
  | 'step'
  | 'agency'
  | 'stepDueAt'
  | 'dueAt'
  | 'supplementPolicy'
  | 'releaseMethod'
  | 'channel'
  | 'template'
  | 'result';

const ROUTING = { step: 'step', agency: 'agency', stepDue: 'stepDueAt' } as const;
/**
 * The facts the product writes into each kind of event's note (`key=value`), by the name the sheet gives them. The
 * rest of a note is text an officer typed, or a provider's detail, and stays inside. The product writes its facts
 * first and only the first occurrence counts, so typed text cannot pass for one.
 */
const FACTS: Partial<Record<HistoryEvent['action'], Record<string, Fact>>> = {
  accept: { due: 'dueAt' },
  'start-processing': ROUTING,
  forward: ROUTING,
  return: ROUTING,
  'request-supplement': { policy: 'supplementPolicy' },
  'receive-supplement': { policy: 'supplementPolicy', due: 'dueAt', stepDue: 'stepDueAt' },
  extend: { newDue: 'dueAt' },
  release: { method: 'releaseMethod' },
  notified: { channel: 'channel', template: 'template', result: 'result' },
  'delivery-status': { channel: 'channel', status: 'result' },
};

function factsOf(event: HistoryEvent): Partial<Record<Fact, string>> {
  const names = FACTS[event.action] ?? {};
  const facts: Partial<Record<Fact, string>> = {};
  for (const [, key, value] of (event.note ?? '').matchAll(/(?:^|[\s;])([A-Za-z]+)=([^\s;]+)/g)) {
    const name = names[key!];
    if (name && facts[name] === undefined) facts[name] = value!;
  }
  return facts;
}

export function controlSheetEvent(event: HistoryEvent) {
  const facts = factsOf(event);
  const notified = event.action === 'notified' || event.action === 'delivery-status';
  return {
    seq: event.seq,
    at: new Date(event.at).toISOString(),
    action: event.action,
    from: event.from,
    to: event.to,
    // An actor by role and agency only: no id, no name.
    actor: { role: event.actor.role, agency: event.actor.agency ?? null },
    step: facts.step ?? null,
    agency: facts.agency ?? null,
    stepDueAt: facts.stepDueAt ?? null,
    dueAt: facts.dueAt ?? null,
    supplementPolicy: facts.supplementPolicy ?? null,
    releaseMethod: facts.releaseMethod ?? null,
    notification: notified
      ? {
          channel: facts.channel ?? null,
          template: facts.template ?? null,
          result: facts.result ?? null,
        }
      : null,
    documentHashes: event.documentHashes,
    prevHash: event.prevHash,
    hash: event.hash,
  };
}

/**
 * The dossier is read before its history, so the history holds at least the events the dossier counts; the sheet
 * shows those. `chainVerified`: every link checks out and the last event is the one the dossier's record points at.
 */
export async function controlSheet(deps: { dossiers: DossierReads }, caller: Caller, id: string) {
  const own = mine(caller, id, await deps.dossiers.get(id));
  const chain = (await deps.dossiers.history(id)).slice(0, own.historyLength);
  return {
    id: own.id,
    code: own.code,
    status: own.status,
    events: chain.map(controlSheetEvent),
    chainVerified:
      verifyChain(chain).valid &&
      chain.length === own.historyLength &&
      (chain.at(-1)?.hash ?? '') === own.lastHash,
  };
}
