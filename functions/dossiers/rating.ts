// The applicant rates how their dossier was handled, once, after the result was handed to them.
import { act } from '../../shared/dossier/aggregate.js';
import type { DossierRecord } from '../../shared/dossier/model.js';
import type { DossierRepository } from '../../shared/dossier/repository.js';
import type { Caller } from '../../shared/http/handler.js';
import { applicantActor, conflict, mine, onFreshRead } from './use-cases.js';

export interface RatingInput {
  score: 1 | 2 | 3 | 4 | 5;
  comment?: string;
}

/**
 * The rating and its history event are one write guarded by the version read; beaten by another write, it reads the
 * dossier again: of two ratings at once, the second finds the first and is a 409.
 */
export function rateDossier(
  deps: { dossiers: DossierRepository; now: () => number },
  caller: Caller,
  id: string,
  input: RatingInput,
) {
  return onFreshRead(() => rateOnce(deps, caller, id, input));
}

async function rateOnce(
  deps: { dossiers: DossierRepository; now: () => number },
  caller: Caller,
  id: string,
  input: RatingInput,
) {
  const dossier = mine(caller, id, await deps.dossiers.get(id));
  const now = deps.now();
  const result = act(dossier, { type: 'rate', score: input.score }, applicantActor(caller), now, {
    note: `score=${input.score}`,
  });
  if (!result.ok) {
    throw dossier.state.rated
      ? conflict('Bạn đã đánh giá hồ sơ này', 'You have already rated this dossier')
      : conflict(
          'Chỉ đánh giá được sau khi hồ sơ đã được trả kết quả',
          'A dossier can be rated only once its result has been handed over',
        );
  }
  const rating = {
    score: input.score,
    ...(input.comment ? { comment: input.comment } : {}),
    at: new Date(now).toISOString(),
  };
  const rated: DossierRecord = { ...result.dossier, rating };
  await deps.dossiers.commit(rated, dossier.version, [result.event]);
  return rating;
}
