// Every public route contract, for the app definition and the OpenAPI document.
import { actOnDossierRoute } from './agency/act.route.js';
import { requestResultUploadRoute } from './agency/add-result.route.js';
import { completeResultUploadRoute } from './agency/complete-result.route.js';
import { getAgencyDossierRoute } from './agency/get.route.js';
import { listAgencyDossiersRoute } from './agency/list.route.js';
import { calendarYearRoute } from './calendar/calendar-year.route.js';
import { dueDateRoute } from './calendar/due-date.route.js';
import { getProcedureRoute } from './catalog/get-procedure.route.js';
import { listAgenciesRoute } from './catalog/list-agencies.route.js';
import { searchProceduresRoute } from './catalog/search-procedures.route.js';
import { completeUploadRoute } from './dossiers/complete-upload.route.js';
import { createDossierRoute } from './dossiers/create.route.js';
import { deleteAttachmentRoute } from './dossiers/delete-attachment.route.js';
import { getDossierRoute } from './dossiers/get.route.js';
import { getFormRoute } from './dossiers/form.route.js';
import { dossierHistoryRoute } from './dossiers/history.route.js';
import { listMyDossiersRoute } from './dossiers/list-mine.route.js';
import { listResultsRoute } from './dossiers/list-results.route.js';
import { rateDossierRoute } from './dossiers/rate.route.js';
import { receiptRoute } from './dossiers/receipt.route.js';
import { requestUploadRoute } from './dossiers/request-upload.route.js';
import { submitDossierRoute } from './dossiers/submit.route.js';
import { submitSupplementRoute } from './dossiers/submit-supplement.route.js';
import { withdrawDossierRoute } from './dossiers/withdraw.route.js';
import { docsAssetRoute } from './platform/docs-asset.route.js';
import { docsRoute } from './platform/docs.route.js';
import { healthRoute } from './platform/health.route.js';
import { openApiRoute } from './platform/openapi.route.js';
import { acceptAtReceptionRoute } from './reception/accept.route.js';
import { listReceptionRoute } from './reception/list.route.js';
import { refuseAtReceptionRoute } from './reception/refuse.route.js';
import { requestSupplementRoute } from './reception/request-supplement.route.js';
import { deliveryReportRoute } from './webhooks/delivery.route.js';

/** The documented routes; the catch-all `notFoundRoute` is declared in the app definition only. */

export const routes = {
  health: healthRoute,
  openApi: openApiRoute,
  docsPage: docsRoute,
  docsAsset: docsAssetRoute,
  listAgencies: listAgenciesRoute,
  searchProcedures: searchProceduresRoute,
  getProcedure: getProcedureRoute,
  calendarYear: calendarYearRoute,
  dueDate: dueDateRoute,
  createDossier: createDossierRoute,
  getDossier: getDossierRoute,
  listMyDossiers: listMyDossiersRoute,
  requestUpload: requestUploadRoute,
  completeUpload: completeUploadRoute,
  deleteAttachment: deleteAttachmentRoute,
  submitDossier: submitDossierRoute,
  submitSupplement: submitSupplementRoute,
  receipt: receiptRoute,
  getForm: getFormRoute,
  dossierHistory: dossierHistoryRoute,
  withdrawDossier: withdrawDossierRoute,
  rateDossier: rateDossierRoute,
  listResults: listResultsRoute,
  deliveryReport: deliveryReportRoute,
  listReception: listReceptionRoute,
  acceptAtReception: acceptAtReceptionRoute,
  refuseAtReception: refuseAtReceptionRoute,
  requestSupplement: requestSupplementRoute,
  listAgencyDossiers: listAgencyDossiersRoute,
  getAgencyDossier: getAgencyDossierRoute,
  actOnDossier: actOnDossierRoute,
  requestResultUpload: requestResultUploadRoute,
  completeResultUpload: completeResultUploadRoute,
};
