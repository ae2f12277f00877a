// Reception routes: a receiving officer's decision on dossiers the pipeline could not accept itself. Each route has
// its module beside its handler; they share the officer role and the dossier schemas.

export const OFFICER = { roles: ['officer'] } as const;
