// Reception routes: a receiving officer's decision on dossiers the pipeline could not accept itself. Each route has
// its module beside its handler; they share the officer role and the dossier schemas.

import { problem } from '../../shared/http/openapi-schemas.js';

export const OFFICER = { roles: ['officer'] } as const;

/** What the reception use cases refuse besides the role: nobody decides on their own dossier. */
export const OWN_DOSSIER = problem(
  403,
  "The officer applied for this dossier (same subject, or the token's `citizen_id`), or the token names no receiving unit",
);
