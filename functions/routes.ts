// Every public route contract, for the app definition and the OpenAPI document.
import { deactivateAgencyRoute } from './admin/delete-agency.route.js';
import { withdrawProcedureRoute } from './admin/delete-procedure.route.js';
import { listAdminAgenciesRoute } from './admin/list-agencies.route.js';
import { putAgencyRoute } from './admin/put-agency.route.js';
import { putCalendarYearRoute } from './admin/put-calendar.route.js';
import { putProcedureRoute } from './admin/put-procedure.route.js';
import { getReorganisationRoute } from './admin/get-reorganisation.route.js';
import { readAuditRoute } from './admin/read-audit.route.js';
import { startReorganisationRoute } from './admin/start-reorganisation.route.js';
import { actOnDossierRoute } from './agency/act.route.js';
import { createSubscriptionRoute } from './events/create-subscription.route.js';
import { deleteSubscriptionRoute } from './events/delete-subscription.route.js';
import { listSubscriptionDeliveriesRoute } from './events/list-deliveries.route.js';
import { listSubscriptionsRoute } from './events/list-subscriptions.route.js';
import { testSubscriptionRoute } from './events/test-subscription.route.js';
import { requestResultUploadRoute } from './agency/add-result.route.js';
import { completeResultUploadRoute } from './agency/complete-result.route.js';
import { getAgencyDossierRoute } from './agency/get.route.js';
import { agencyLedgerRoute } from './agency/ledger.route.js';
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
import { lookupDossierRoute } from './lookup/lookup.route.js';
import { readPartnerFileRoute } from './national/partner-file.route.js';
import { paymentCallbackRoute } from './payments/callback.route.js';
import { startPaymentRoute } from './payments/start.route.js';
import { docsAssetRoute } from './platform/docs-asset.route.js';
import { docsRoute } from './platform/docs.route.js';
import { healthRoute } from './platform/health.route.js';
import { openApiRoute } from './platform/openapi.route.js';
import { acceptAtReceptionRoute } from './reception/accept.route.js';
import { listReceptionRoute } from './reception/list.route.js';
import { refuseAtReceptionRoute } from './reception/refuse.route.js';
import { requestSupplementRoute } from './reception/request-supplement.route.js';
import { onTimePageRoute } from './statistics/page.route.js';
import { onTimeStatisticsRoute } from './statistics/on-time.route.js';
import { deliveryReportRoute } from './webhooks/delivery.route.js';
import { receiveSmsRoute } from './webhooks/sms-inbound.route.js';
import { receiveZaloEventRoute } from './webhooks/zalo.route.js';
import { nationalPortalDossierRoute } from './webhooks/national-portal.route.js';
import { verifyDocumentByHashRoute } from './verify/by-hash.route.js';
import { verifyDocumentCopyRoute } from './verify/copy-get.route.js';
import { submitDocumentCopyRoute } from './verify/copy-post.route.js';
import { requestCopyUploadRoute } from './verify/upload.route.js';
import { checkCopyUploadRoute } from './verify/upload-check.route.js';
import { getCopyCheckRoute } from './verify/upload-status.route.js';

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
  lookupDossier: lookupDossierRoute,
  deliveryReport: deliveryReportRoute,
  receiveSms: receiveSmsRoute,
  receiveZaloEvent: receiveZaloEventRoute,
  startPayment: startPaymentRoute,
  receivePaymentCallback: paymentCallbackRoute,
  listReception: listReceptionRoute,
  acceptAtReception: acceptAtReceptionRoute,
  refuseAtReception: refuseAtReceptionRoute,
  requestSupplement: requestSupplementRoute,
  listAgencyDossiers: listAgencyDossiersRoute,
  getAgencyDossier: getAgencyDossierRoute,
  actOnDossier: actOnDossierRoute,
  requestResultUpload: requestResultUploadRoute,
  completeResultUpload: completeResultUploadRoute,
  onTimeStatistics: onTimeStatisticsRoute,
  onTimePage: onTimePageRoute,
  agencyLedger: agencyLedgerRoute,
  listAdminAgencies: listAdminAgenciesRoute,
  putAgency: putAgencyRoute,
  deactivateAgency: deactivateAgencyRoute,
  putProcedure: putProcedureRoute,
  withdrawProcedure: withdrawProcedureRoute,
  putCalendarYear: putCalendarYearRoute,
  readAudit: readAuditRoute,
  startReorganisation: startReorganisationRoute,
  getReorganisation: getReorganisationRoute,
  createSubscription: createSubscriptionRoute,
  listSubscriptions: listSubscriptionsRoute,
  deleteSubscription: deleteSubscriptionRoute,
  testSubscription: testSubscriptionRoute,
  listSubscriptionDeliveries: listSubscriptionDeliveriesRoute,
  receiveNationalPortalDossier: nationalPortalDossierRoute,
  readPartnerFile: readPartnerFileRoute,
  verifyDocumentByHash: verifyDocumentByHashRoute,
  verifyDocumentCopy: verifyDocumentCopyRoute,
  submitDocumentCopy: submitDocumentCopyRoute,
  requestCopyUpload: requestCopyUploadRoute,
  checkCopyUpload: checkCopyUploadRoute,
  getCopyCheck: getCopyCheckRoute,
};
