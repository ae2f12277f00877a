// Every public route contract, for the app definition and the OpenAPI document.
import { calendarYearRoute, dueDateRoute } from './calendar/contract.js';
import { getProcedureRoute, listAgenciesRoute, searchProceduresRoute } from './catalog/contract.js';
import {
  completeUploadRoute,
  createDossierRoute,
  deleteAttachmentRoute,
  getDossierRoute,
  listMyDossiersRoute,
  receiptRoute,
  requestUploadRoute,
  submitDossierRoute,
  submitSupplementRoute,
} from './dossiers/contract.js';
import { healthRoute, openApiRoute } from './platform/contract.js';
import {
  acceptAtReceptionRoute,
  listReceptionRoute,
  refuseAtReceptionRoute,
  requestSupplementRoute,
} from './reception/contract.js';
import { deliveryReportRoute } from './webhooks/contract.js';

/** The documented routes; the catch-all `notFoundRoute` is declared in the app definition only. */

export const routes = {
  health: healthRoute,
  openApi: openApiRoute,
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
  deliveryReport: deliveryReportRoute,
  listReception: listReceptionRoute,
  acceptAtReception: acceptAtReceptionRoute,
  refuseAtReception: refuseAtReceptionRoute,
  requestSupplement: requestSupplementRoute,
};
