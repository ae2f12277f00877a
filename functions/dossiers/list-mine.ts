// GET /me/dossiers
import { httpHandler } from '../../shared/http/handler.js';
import { listMyDossiersRoute } from './list-mine.route.js';
import { linkedApplicantIdOf } from '../../shared/dossier/applicant-link.js';
import { dossierReader } from '../../shared/dossier/dependencies.js';
import { listMyDossiers } from './use-cases.js';

const deps = { dossiers: dossierReader(), linkedId: linkedApplicantIdOf };

export const handler = httpHandler(listMyDossiersRoute, async ({ query, caller }) => ({
  status: 200,
  json: await listMyDossiers(deps, caller!, query),
}));
