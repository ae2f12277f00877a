// GET /dossiers/{id}/forms/{formId}: a form issued to the applicant, from storage (a read and a presigned link).
import { dossierReader, downloadPresigner } from '../../shared/dossier/dependencies.js';
import { httpHandler } from '../../shared/http/handler.js';
import { getFormRoute } from './form.route.js';
import { formDownload, seeForm } from './forms.js';

const deps = { dossiers: dossierReader(), downloads: downloadPresigner() };

export const handler = httpHandler(getFormRoute, async ({ path, caller }) =>
  seeForm(await formDownload(deps, caller!, path.id, path.formId)),
);
