// The one app definition: every function with its trigger, size and access, and every table, bucket and queue.
// The CDK stack and the local runner are both built from it.
import { notFoundRootRoute, notFoundRoute } from '../functions/platform/not-found.route.js';
import { routes } from '../functions/routes.js';
import type { RouteContract } from '../shared/http/route.js';
import { UPLOAD_PREFIX, VERIFIED_PREFIX } from '../shared/dossier/documents.js';
import { INBOX_PROJECTION } from '../shared/dossier/workplace.js';
import { FORMS_PREFIX } from '../shared/dossier/forms.js';
import { COPY_UPLOAD_PREFIX } from '../functions/verify/copy-check.js';
import { SUBMITTED_DAY_PROJECTION } from '../shared/adapters/national-portal/index-keys.js';
import { NATIONAL_PORTAL_SETTINGS } from '../shared/adapters/national-portal/settings.js';
import { validateApp, type AppDefinition, type FunctionDefinition } from './app-model.js';

const http = (
  route: Pick<RouteContract, 'method' | 'path' | 'auth' | 'operationId'>,
  throttle?: { rateLimit: number; burstLimit: number },
) => [{ type: 'http', route, ...(throttle ? { throttle } : {}) }] as const;

// A function whose commits record events partners follow sends to `events`: the commit's outbox entry, handed off at once.
// Access names exactly the calls a function's code makes (shared/dossier/repository.ts, storage.ts): a dossier changes
// by a Put guarded by its version, only attachment records, objects and finished pending-work entries
// (shared/dossier/pending-work.ts) are ever deleted, and nothing scans.
const reads = ['read'] as const;
const readsAndPuts = ['read', 'put'] as const;
const catalogReader: FunctionDefinition['access'] = { tables: { catalog: reads } };
/** An administrative change is a guarded Put of the record with a Put of its audit entry, in one transaction. */
const catalogWriter: FunctionDefinition['access'] = { tables: { catalog: readsAndPuts } };
/** The form routes sign links with their own credentials: they may read issued forms, nothing else. */
const issuedFormReader: FunctionDefinition['access'] = {
  tables: { dossiers: reads },
  buckets: { attachments: { [FORMS_PREFIX]: ['read'] } },
};
/** No batching window: a stage starts as soon as a dossier reaches it (citizens wait on the notification). */
/** The national payment platform: its page, its QUERY endpoint and this province's partner code (MaDoiTac). */
const PAYMENT_SETTINGS = [
  'PAYMENT_PLATFORM_URL',
  'PAYMENT_PLATFORM_QUERY_URL',
  'PAYMENT_PARTNER_CODE',
] as const;
/** The /verify body routes: the registry's Query, and for an unknown copy its bytes, its check's record and message. */
const copyBodyAccess: FunctionDefinition['access'] = {
  tables: { catalog: reads, dossiers: ['read', 'put'] },
  buckets: { attachments: { [COPY_UPLOAD_PREFIX]: ['write'] } },
  sendsTo: ['copies'],
};
const stage = (queue: string) =>
  [{ type: 'queue', queue, batchSize: 10, maxBatchingWindowSeconds: 0 }] as const;

export const app: AppDefinition = validateApp({
  service: 'mot-cua',
  tables: {
    catalog: {
      partitionKey: 'pk',
      sortKey: 'sk',
      indexes: { byAgency: { partitionKey: 'procedureAgency', sortKey: 'sk' } },
    },
    dossiers: {
      partitionKey: 'pk',
      sortKey: 'sk',
      indexes: {
        // Each index projects what its reader uses, so a write that changes nothing it shows leaves it alone.
        // The applicant's dossiers: applicant items, written once (so every attribute costs nothing more).
        byApplicant: { partitionKey: 'applicantPk', sortKey: 'applicantSk', projection: 'all' },
        // The dossiers' pipeline stages, for the sweeper; the reception list reads the dossiers after it. (Pending
        // notifications, forms and outbox entries are found by key: shared/dossier/pending-work.ts.)
        byStage: { partitionKey: 'stagePk', sortKey: 'stageSince', projection: ['resends'] },
        // Agencies' inboxes: by working due date, by received date, and by one filter each (no filtering after a read).
        byAgencyDue: { partitionKey: 'inboxAgency', sortKey: 'inboxDue', projection: INBOX_PROJECTION },
        byAgencyReceived: {
          partitionKey: 'inboxAgency',
          sortKey: 'inboxReceived',
          projection: INBOX_PROJECTION,
        },
        byAgencyStatus: { partitionKey: 'inboxStatus', sortKey: 'inboxDue', projection: INBOX_PROJECTION },
        byAgencyProcedure: {
          partitionKey: 'inboxProcedure',
          sortKey: 'inboxDue',
          projection: INBOX_PROJECTION,
        },
        byAgencyStep: { partitionKey: 'inboxStep', sortKey: 'inboxDue', projection: INBOX_PROJECTION },
        // Every dossier that is or was at an agency (one membership item per agency). (Staff reads are logged in a
        // partition per agency, read by key: shared/dossier/access-log.ts.)
        byAgencyAll: { partitionKey: 'memberAgency', sortKey: 'memberReceived', projection: 'keys' },
        // Open dossiers by receiving unit and original due date: the statistics' open in time / overdue (counted).
        byReceiverOpen: {
          partitionKey: 'submittedUnit',
          sortKey: 'openDue',
          projection: ['procedureCode', 'acceptedAt'],
        },
        // Every submitted dossier by receiving unit, for `npm run stats:rebuild` (no sort key: the root stays small).
        byReceiverSubmitted: { partitionKey: 'submittedUnit', projection: 'keys' },
        // Online payments still pending, by when they started: the QUERY reconciliation (settled ones leave it).
        byPendingPayment: { partitionKey: 'pendingPayment', sortKey: 'pendingSince', projection: 'all' },
        // Submitted dossiers by receiving unit and local day (keys on the code's item, written once at submission):
        // `npm run national:reconcile`.
        byReceiverSubmittedDay: {
          partitionKey: 'issuedUnit',
          sortKey: 'issuedDay',
          projection: SUBMITTED_DAY_PROJECTION,
        },
      },
      // Per-citizen allowance counters and the lookup's attempt counters expire with their window.
      timeToLiveAttribute: 'expiresAt',
    },
    idempotency: { partitionKey: 'id', timeToLiveAttribute: 'expiration' },
    // On-time counters per (day or month, shard) × (agency, procedure), moved in the transitions' transactions.
    statistics: {
      partitionKey: 'pk',
      sortKey: 'sk',
      // Keys only: a counter's update changes no key, so it leaves the index alone; readers BatchGet the counters.
      indexes: { byProcedure: { partitionKey: 'procedureKey', sortKey: 'agency', projection: 'keys' } },
    },
    // Partners' subscriptions (with their signing secrets) and each event's attempts per subscription: a table of its
    // own, so that only the subscription routes and the events consumer can read a secret.
    subscriptions: { partitionKey: 'pk', sortKey: 'sk' },
  },
  buckets: { attachments: { browserUploads: { prefix: UPLOAD_PREFIX } } },
  queues: {
    intake: { maxReceiveCount: 5 },
    notification: { maxReceiveCount: 5 },
    reorganisation: { maxReceiveCount: 5 },
    documents: { maxReceiveCount: 5 },
    // Backoff is the consumer's (a delayed message per attempt): receives count only a last attempt's retries.
    events: { maxReceiveCount: 3 },
    nationalDocuments: { maxReceiveCount: 5 },
    // The national portal sync: retries are the consumer's (delayed messages); refusals it dead-letters itself.
    national: { maxReceiveCount: 5 },
    // Verified PDF results whose signatures the verifier checks (issue 17).
    signatures: { maxReceiveCount: 5 },
    // Copies sent to /verify whose hash and signatures the verifier checks (issue 17).
    copies: { maxReceiveCount: 5 },
  },
  functions: {
    health: {
      entry: 'functions/platform/health.ts',
      description: 'Liveness and catalog reachability',
      memoryMb: 256,
      timeoutSeconds: 5,
      triggers: http(routes.health),
      access: catalogReader,
    },
    openApi: {
      entry: 'functions/platform/openapi.ts',
      description: 'The OpenAPI 3.1 document',
      memoryMb: 256,
      timeoutSeconds: 5,
      triggers: http(routes.openApi),
    },
    docsPage: {
      entry: 'functions/platform/docs.ts',
      description: 'The reference page of the OpenAPI document (Scalar)',
      memoryMb: 256,
      timeoutSeconds: 5,
      triggers: http(routes.docsPage),
    },
    docsAsset: {
      entry: 'functions/platform/docs-asset.ts',
      description: "The reference page's script, Scalar's standalone bundle",
      memoryMb: 512,
      timeoutSeconds: 10,
      triggers: http(routes.docsAsset),
      assets: [
        {
          from: 'node_modules/@scalar/api-reference/dist/browser/standalone.js',
          to: 'docs/api-reference.js',
        },
      ],
    },
    notFound: {
      entry: 'functions/platform/not-found.ts',
      description: 'problem+json 404/405 for every request no other route takes',
      memoryMb: 256,
      timeoutSeconds: 5,
      triggers: [...http(notFoundRoute), ...http(notFoundRootRoute)],
    },
    listAgencies: {
      entry: 'functions/catalog/list-agencies.ts',
      description: 'Agencies that receive and process dossiers',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.listAgencies),
      access: catalogReader,
    },
    searchProcedures: {
      entry: 'functions/catalog/search-procedures.ts',
      description: 'Procedure search ignoring diacritics, by agency and service level',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.searchProcedures),
      access: catalogReader,
    },
    getProcedure: {
      entry: 'functions/catalog/get-procedure.ts',
      description: 'One procedure with documents, fee, time and routing',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.getProcedure),
      access: catalogReader,
    },
    calendarYear: {
      entry: 'functions/calendar/calendar-year.ts',
      description: 'Days off and make-up working days of a year',
      memoryMb: 256,
      timeoutSeconds: 5,
      triggers: http(routes.calendarYear),
      // The schedules operators stored, in place of the bundled ones.
      access: catalogReader,
    },
    dueDate: {
      entry: 'functions/calendar/due-date.ts',
      description: 'Due date of a procedure accepted at a given time',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.dueDate),
      access: catalogReader,
    },
    createDossier: {
      entry: 'functions/dossiers/create.ts',
      description: 'Start a draft dossier (idempotent by Idempotency-Key)',
      memoryMb: 512,
      timeoutSeconds: 10,
      triggers: http(routes.createDossier),
      access: {
        // Powertools idempotency gets, puts and updates its record, and deletes it when the request fails.
        // The draft and its history are put with an update of the citizen's drafts-per-day counter.
        tables: {
          catalog: reads,
          dossiers: ['put', 'update'],
          idempotency: ['read', 'put', 'update', 'delete'],
        },
      },
      settings: ['CITIZEN_DRAFTS_PER_DAY'],
    },
    getDossier: {
      entry: 'functions/dossiers/get.ts',
      description: "One of the caller's dossiers",
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.getDossier),
      access: { tables: { dossiers: reads } },
    },
    listMyDossiers: {
      entry: 'functions/dossiers/list-mine.ts',
      description: "The caller's dossiers, newest first",
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.listMyDossiers),
      access: { tables: { dossiers: reads } },
      // A token's `citizen_id` finds the national portal's dossiers of that ID number by its key.
      secrets: ['APPLICANT_LINK_SECRET'],
    },
    requestUpload: {
      entry: 'functions/dossiers/request-upload.ts',
      description: 'Presigned POST for one document',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.requestUpload),
      // The presigned POST is signed with this function's credentials: S3 allows the upload if the role may put there.
      // A new attachment takes one of the dossier's places: an Update of its counter in the same transaction.
      access: {
        tables: { catalog: reads, dossiers: ['read', 'put', 'update'] },
        buckets: { attachments: { [UPLOAD_PREFIX]: ['write'] } },
      },
    },
    completeUpload: {
      entry: 'functions/dossiers/complete-upload.ts',
      description: 'Verify an uploaded document: size, SHA-256, magic bytes',
      memoryMb: 1024,
      timeoutSeconds: 30,
      triggers: http(routes.completeUpload),
      // Reads the upload, keeps the verified copy, and deletes a refused upload or a copy another request beat;
      // deleting a refused attachment gives its place back (an Update of the dossier's attachment counter).
      access: {
        tables: { catalog: reads, dossiers: ['read', 'put', 'update', 'delete'] },
        buckets: {
          attachments: { [UPLOAD_PREFIX]: ['read', 'delete'], [VERIFIED_PREFIX]: ['write', 'delete'] },
        },
      },
    },
    deleteAttachment: {
      entry: 'functions/dossiers/delete-attachment.ts',
      description: 'Delete an unverified document',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.deleteAttachment),
      // Deleting a verified attachment updates the dossier's version in the same transaction.
      access: {
        tables: { dossiers: ['read', 'update', 'delete'] },
        buckets: { attachments: { [UPLOAD_PREFIX]: ['delete'], [VERIFIED_PREFIX]: ['delete'] } },
      },
    },
    submitDossier: {
      entry: 'functions/dossiers/submit.ts',
      description: 'Submit a complete dossier to the pipeline',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.submitDossier),
      // The unit's code counter and the citizen's counters are updated in the submission's own transaction; a
      // submission that lost the unit's next code waits in the unit's line (its own Updates, code-line.ts).
      access: {
        tables: { catalog: reads, dossiers: ['read', 'put', 'update'] },
        sendsTo: ['intake', 'events'],
      },
      settings: ['CITIZEN_SUBMISSIONS_PER_HOUR'],
    },
    submitSupplement: {
      entry: 'functions/dossiers/submit-supplement.ts',
      description: 'Resubmit a dossier with the supplement asked for',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.submitSupplement),
      // The procedure's working days and supplement policy recompute a deadline paused at a processing step.
      access: { tables: { catalog: reads, dossiers: readsAndPuts }, sendsTo: ['events'] },
    },
    receipt: {
      entry: 'functions/dossiers/receipt.ts',
      description: 'A link to the receipt with the appointment date (PDF), issued at acceptance',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.receipt),
      access: issuedFormReader,
    },
    getForm: {
      entry: 'functions/dossiers/form.ts',
      description: 'A link to a form issued to the applicant (PDF): the receipt, an apology letter',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.getForm),
      access: issuedFormReader,
    },
    dossierHistory: {
      entry: 'functions/dossiers/history.ts',
      description: "The control sheet of one of the caller's dossiers, with its hash chain checked",
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.dossierHistory),
      access: { tables: { dossiers: reads } },
    },
    withdrawDossier: {
      entry: 'functions/dossiers/withdraw.ts',
      description:
        'The applicant withdraws a dossier not yet resolved; the notification is in the same write',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.withdrawDossier),
      access: {
        tables: { statistics: ['update'], dossiers: readsAndPuts },
        sendsTo: ['notification', 'events'],
      },
      settings: ['PUBLIC_PORTAL_URL'],
    },
    rateDossier: {
      entry: 'functions/dossiers/rate.ts',
      description: 'The applicant rates a released dossier, once',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.rateDossier),
      access: { tables: { statistics: ['update'], dossiers: readsAndPuts }, sendsTo: ['events'] },
    },
    listResults: {
      entry: 'functions/dossiers/list-results.ts',
      description: 'Download links to the results of a dossier released online',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.listResults),
      // Links are signed with this function's credentials: it may read verified files, nothing else.
      access: {
        tables: { dossiers: reads },
        buckets: { attachments: { [VERIFIED_PREFIX]: ['read'] } },
      },
    },
    lookupDossier: {
      entry: 'functions/lookup/lookup.ts',
      description: 'Public status lookup by dossier code and verifier, locked after wrong verifiers',
      memoryMb: 256,
      timeoutSeconds: 10,
      // Four digits are guessable: the route is held well below the stage's throttle, besides the per-code lockout.
      triggers: http(routes.lookupDossier, { rateLimit: 20, burstLimit: 40 }),
      // Reads the code's item, the dossier and its history; a wrong verifier updates (or opens) its code's counter.
      access: { tables: { catalog: reads, dossiers: ['read', 'put', 'update'] } },
      settings: ['LOOKUP_LOCKOUT_SECONDS'],
      secrets: ['LOOKUP_SECRET'],
    },
    verifyDocumentByHash: {
      entry: 'functions/verify/by-hash.ts',
      description:
        'Public verification of a document by its SHA-256: the registry of issued and accepted documents',
      memoryMb: 256,
      timeoutSeconds: 10,
      // Public and cheap to ask: held below the stage's throttle, as the lookup is.
      triggers: http(routes.verifyDocumentByHash, { rateLimit: 20, burstLimit: 40 }),
      // A Query of the hash's registry partition; the issuing agency's name from the catalog.
      access: { tables: { catalog: reads, dossiers: ['read'] } },
    },
    verifyDocumentCopy: {
      entry: 'functions/verify/copy-get.ts',
      description:
        'Public verification of a PDF sent as a GET body: a known copy by its hash, an unknown one to the copies check',
      memoryMb: 512,
      timeoutSeconds: 10,
      // Each request hashes and may keep up to 4 MiB of PDF: held well below the lookup's rate.
      triggers: http(routes.verifyDocumentCopy, { rateLimit: 5, burstLimit: 10 }),
      // The registry's Query; an unknown copy is kept under its prefix with its check's record and queued.
      access: copyBodyAccess,
    },
    submitDocumentCopy: {
      entry: 'functions/verify/copy-post.ts',
      description: 'Public verification of a PDF sent as a POST body (browsers): as GET /verify',
      memoryMb: 512,
      timeoutSeconds: 10,
      triggers: http(routes.submitDocumentCopy, { rateLimit: 5, burstLimit: 10 }),
      access: copyBodyAccess,
    },
    requestCopyUpload: {
      entry: 'functions/verify/upload.ts',
      description: 'Public verification of a copy up to 20 MB: a presigned POST under the copies prefix',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.requestCopyUpload, { rateLimit: 5, burstLimit: 10 }),
      // The check's record (a Put); the presigned POST is signed with this function's credentials.
      access: {
        tables: { dossiers: ['put'] },
        buckets: { attachments: { [COPY_UPLOAD_PREFIX]: ['write'] } },
      },
    },
    checkCopyUpload: {
      entry: 'functions/verify/upload-check.ts',
      description: 'Hands an uploaded copy to the copies check, once',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.checkCopyUpload, { rateLimit: 5, burstLimit: 10 }),
      // Reads the check and the upload's first bytes; moves the check with a conditional Put, and queues it.
      access: {
        tables: { dossiers: ['read', 'put'] },
        buckets: { attachments: { [COPY_UPLOAD_PREFIX]: ['read'] } },
        sendsTo: ['copies'],
      },
    },
    getCopyCheck: {
      entry: 'functions/verify/upload-status.ts',
      description: "A copy check's state, then the registry's answer or the signature report",
      memoryMb: 256,
      timeoutSeconds: 10,
      // Polled every two seconds while a check runs: the hash route's rate.
      triggers: http(routes.getCopyCheck, { rateLimit: 20, burstLimit: 40 }),
      access: { tables: { catalog: reads, dossiers: ['read'] } },
    },
    checkDocumentCopy: {
      entry: 'functions/verify/check-copy.ts',
      description: "Copies stage: a copy's hash against the registry, and an unknown copy's signatures, once",
      memoryMb: 1024,
      timeoutSeconds: 30,
      // One copy (up to 20 MB, read and hashed whole) per invocation: a batch of ten would hold 400 MB at once.
      triggers: [{ type: 'queue', queue: 'copies', batchSize: 1, maxBatchingWindowSeconds: 0 }],
      // Reads the check, the copy (up to 20 MB) and the registry; records the result with a conditional Put.
      access: {
        tables: { dossiers: ['read', 'put'] },
        buckets: { attachments: { [COPY_UPLOAD_PREFIX]: ['read'] } },
      },
      settings: ['TRUSTED_SIGNING_ROOTS'],
    },
    deliveryReport: {
      entry: 'functions/webhooks/delivery.ts',
      description: 'Delivery reports from notification providers, into the dossier history',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.deliveryReport),
      // A report waits in its own item until it is in the history; writing it there deletes that item.
      access: { tables: { dossiers: ['read', 'put', 'delete'] } },
      secrets: ['DELIVERY_WEBHOOK_SECRET'],
    },
    receiveSms: {
      entry: 'functions/webhooks/sms-inbound.ts',
      description:
        'Inbound SMS (the gateway MO webhook): TRACUU <code> answered by SMS, throttled per sender',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.receiveSms),
      // Counts the sender's inquiries (update, or a put opening the window); records the inquiry with its reply as a
      // notification in the dossier's write; answers about unknown codes itself, through the SMS gateway.
      // A message id is marked taken with the inquiry (or, for an unknown code, before the reply and deleted if it fails).
      access: {
        tables: { catalog: reads, dossiers: ['read', 'put', 'update', 'delete'] },
        sendsTo: ['notification'],
      },
      settings: ['INQUIRIES_PER_HOUR', 'NOTIFY_PROVIDER', 'SMS_GATEWAY_URL', 'SMS_BRANDNAME'],
      secrets: ['SMS_INBOUND_WEBHOOK_SECRET', 'LOOKUP_SECRET', 'SMS_GATEWAY_TOKEN'],
    },
    receiveZaloEvent: {
      entry: 'functions/webhooks/zalo.ts',
      description:
        "Zalo Official Account webhook: TRACUU <code> answered in the OA's chat; shared phones link users",
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.receiveZaloEvent),
      // A message id is marked taken with the inquiry (or, for an unknown code, before the reply and deleted if it fails).
      access: {
        tables: { catalog: reads, dossiers: ['read', 'put', 'update', 'delete'] },
        sendsTo: ['notification'],
      },
      settings: ['INQUIRIES_PER_HOUR', 'NOTIFY_PROVIDER', 'ZALO_APP_ID', 'ZALO_OA_MESSAGE_URL'],
      secrets: ['ZALO_OA_SECRET', 'LOOKUP_SECRET', 'ZALO_ACCESS_TOKEN'],
    },
    startPayment: {
      entry: 'functions/payments/start.ts',
      description: 'The applicant starts paying a requested fee on the national payment platform (INIT)',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.startPayment),
      // Reads the dossier; puts the payment under a reference no other payment has.
      access: { tables: { dossiers: readsAndPuts } },
      settings: PAYMENT_SETTINGS,
      secrets: ['PAYMENT_PLATFORM_SECRET'],
    },
    receivePaymentCallback: {
      entry: 'functions/payments/callback.ts',
      description:
        "The national payment platform's callback: verified, recorded once per transaction; a success resumes processing",
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.receivePaymentCallback),
      // Reads the payment, its transaction, the dossier and a stray reference's code item; the settlement is
      // conditional Puts, with the dossier's version-guarded Put (and its counters) when it resumes processing.
      access: {
        tables: { statistics: ['update'], dossiers: readsAndPuts },
        sendsTo: ['notification', 'events'],
      },
      settings: [...PAYMENT_SETTINGS, 'PUBLIC_PORTAL_URL'],
      secrets: ['PAYMENT_PLATFORM_SECRET'],
    },
    reconcilePayments: {
      entry: 'functions/payments/reconcile.ts',
      description: 'Asks the payment platform (QUERY) about payments pending longer than 15 minutes',
      memoryMb: 256,
      timeoutSeconds: 60,
      triggers: [{ type: 'schedule', rateMinutes: 5 }],
      // Pending payments by index; then what the callback does with each answer.
      access: {
        tables: { statistics: ['update'], dossiers: readsAndPuts },
        sendsTo: ['notification', 'events'],
      },
      settings: [...PAYMENT_SETTINGS, 'PUBLIC_PORTAL_URL'],
      secrets: ['PAYMENT_PLATFORM_SECRET'],
    },
    listReception: {
      entry: 'functions/reception/list.ts',
      description: "Dossiers waiting for a receiving officer of the caller's unit",
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.listReception),
      // Every officer route reads the caller's agency (cached) to refuse a closed one.
      access: { tables: { catalog: reads, dossiers: reads } },
    },
    listAgencyDossiers: {
      entry: 'functions/agency/list.ts',
      description: "An agency's inbox and every dossier ever at it, by index",
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.listAgencyDossiers),
      access: { tables: { catalog: reads, dossiers: reads } },
    },
    getAgencyDossier: {
      entry: 'functions/agency/get.ts',
      description: 'The staff view of a dossier; the read is recorded in the access log',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.getAgencyDossier),
      // Download links are signed with this function's credentials: it may read verified files, nothing else.
      access: {
        tables: { catalog: reads, dossiers: readsAndPuts },
        buckets: { attachments: { [VERIFIED_PREFIX]: ['read'] } },
      },
    },
    actOnDossier: {
      entry: 'functions/agency/act.ts',
      description:
        'An officer forwards, returns, asks, bills, extends, resolves, releases or stops a dossier',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.actOnDossier),
      access: {
        tables: { statistics: ['update'], catalog: reads, dossiers: readsAndPuts },
        buckets: { attachments: { [VERIFIED_PREFIX]: ['read'] } },
        sendsTo: ['notification', 'documents', 'events'],
      },
      settings: ['PUBLIC_PORTAL_URL'],
    },
    requestResultUpload: {
      entry: 'functions/agency/add-result.ts',
      description: 'Presigned POST for one result document of a dossier being processed',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.requestResultUpload),
      // The presigned POST is signed with this function's credentials: S3 allows the upload if the role may put there.
      // A new result takes one of the dossier's places: an Update of its counter in the same transaction.
      access: {
        tables: { catalog: reads, dossiers: ['read', 'put', 'update'] },
        buckets: { attachments: { [UPLOAD_PREFIX]: ['write'] } },
      },
    },
    completeResultUpload: {
      entry: 'functions/agency/complete-result.ts',
      description: 'Verify an uploaded result document: size, magic bytes, content inspection',
      memoryMb: 1024,
      timeoutSeconds: 30,
      triggers: http(routes.completeResultUpload),
      // Reads the upload and keeps the verified copy; it deletes no object (a refused upload expires under uploads/).
      // Removing a refused result gives its place back: a Delete and an Update of the counter in one transaction.
      access: {
        tables: { catalog: reads, dossiers: ['read', 'put', 'update', 'delete'] },
        buckets: { attachments: { [UPLOAD_PREFIX]: ['read'], [VERIFIED_PREFIX]: ['write'] } },
        // A verified PDF goes to the signature check: the verifier is too heavy for this route's cold start.
        sendsTo: ['signatures'],
      },
    },
    checkResultSignatures: {
      entry: 'functions/agency/check-result-signatures.ts',
      description:
        "Signatures stage: verifies a PDF result's signatures once, records signer, time and verdict",
      memoryMb: 1024,
      timeoutSeconds: 30,
      triggers: stage('signatures'),
      // Reads the result by key and its kept bytes; records the check with a Put conditioned on the same bytes.
      access: {
        tables: { dossiers: ['read', 'put'] },
        buckets: { attachments: { [VERIFIED_PREFIX]: ['read'] } },
      },
      settings: ['TRUSTED_SIGNING_ROOTS'],
    },
    acceptAtReception: {
      entry: 'functions/reception/accept.ts',
      description: 'A receiving officer accepts a dossier: due date, first step, notification',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.acceptAtReception),
      access: {
        tables: { statistics: ['update'], catalog: reads, dossiers: readsAndPuts },
        sendsTo: ['notification', 'documents', 'events'],
      },
      settings: ['PUBLIC_PORTAL_URL'],
    },
    refuseAtReception: {
      entry: 'functions/reception/refuse.ts',
      description: 'A receiving officer refuses a dossier with a reason: notification, refusal form',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.refuseAtReception),
      access: {
        tables: { catalog: reads, statistics: ['update'], dossiers: readsAndPuts },
        sendsTo: ['notification', 'documents', 'events'],
      },
      settings: ['PUBLIC_PORTAL_URL'],
    },
    requestSupplement: {
      entry: 'functions/reception/request-supplement.ts',
      description: 'A receiving officer asks the applicant, once, for everything missing: notification, form',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.requestSupplement),
      access: {
        tables: { catalog: reads, dossiers: readsAndPuts },
        sendsTo: ['notification', 'documents', 'events'],
      },
      settings: ['PUBLIC_PORTAL_URL'],
    },
    onTimeStatistics: {
      entry: 'functions/statistics/on-time.ts',
      description: 'Published on-time statistics as JSON, CSV or XLSX',
      memoryMb: 512,
      timeoutSeconds: 29,
      // Public and able to build a spreadsheet per request: held below the stage's throttle.
      triggers: http(routes.onTimeStatistics, { rateLimit: 20, burstLimit: 40 }),
      // Counters by key, open dossiers by their due-date index, agency and procedure names from the catalog.
      access: { tables: { catalog: reads, dossiers: reads, statistics: reads } },
    },
    onTimePage: {
      entry: 'functions/statistics/page.ts',
      description: 'The public on-time statistics page (HTML with SVG charts)',
      memoryMb: 256,
      timeoutSeconds: 29,
      triggers: http(routes.onTimePage, { rateLimit: 20, burstLimit: 40 }),
      access: { tables: { catalog: reads, dossiers: reads, statistics: reads } },
      settings: ['PUBLIC_PORTAL_URL'],
    },
    agencyLedger: {
      entry: 'functions/agency/ledger.ts',
      description:
        "The unit's tracking ledger (form 06) as CSV or XLSX; each listed dossier is recorded in the access log",
      memoryMb: 512,
      timeoutSeconds: 20,
      triggers: http(routes.agencyLedger),
      // The "all" index and the dossiers it names (BatchGet); one access-log Put per listed dossier.
      access: { tables: { dossiers: readsAndPuts } },
    },
    intake: {
      entry: 'functions/pipeline/intake.ts',
      description: 'Intake stage: completeness and auto-accept',
      memoryMb: 256,
      timeoutSeconds: 20,
      triggers: stage('intake'),
      access: {
        tables: { statistics: ['update'], catalog: reads, dossiers: readsAndPuts },
        sendsTo: ['notification', 'documents', 'events'],
      },
      settings: ['PUBLIC_PORTAL_URL'],
    },
    notify: {
      entry: 'functions/pipeline/notify.ts',
      description: 'Notification stage: e-mail, SMS, Zalo ZNS with fallback',
      memoryMb: 256,
      timeoutSeconds: 30,
      triggers: stage('notification'),
      // Records a sent notification and deletes its pending-work entry in the same transaction.
      access: { tables: { dossiers: ['read', 'put', 'delete'] }, sendsEmail: true },
      settings: [
        'NOTIFY_PROVIDER',
        'NOTIFY_EMAIL_FROM',
        'SMS_GATEWAY_URL',
        'SMS_BRANDNAME',
        'ZALO_ZNS_URL',
        'ZALO_TEMPLATE_IDS',
        'ZALO_OA_MESSAGE_URL',
      ],
      secrets: ['SMS_GATEWAY_TOKEN', 'ZALO_ACCESS_TOKEN'],
    },
    listAdminAgencies: {
      entry: 'functions/admin/list-agencies.ts',
      description: 'Every agency, inactive ones included',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.listAdminAgencies),
      access: catalogReader,
    },
    putAgency: {
      entry: 'functions/admin/put-agency.ts',
      description: 'Create or replace an agency, with its audit entry',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.putAgency),
      // Its parent's revision moves on with it (an Update), so closing the parent cannot race it.
      access: { tables: { catalog: ['read', 'put', 'update'] } },
    },
    deactivateAgency: {
      entry: 'functions/admin/delete-agency.ts',
      description: 'Close an agency (kept, inactive), with its audit entry',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.deactivateAgency),
      access: catalogWriter,
    },
    putProcedure: {
      entry: 'functions/admin/put-procedure.ts',
      description: 'A new version of a procedure, with its audit entry',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.putProcedure),
      // The agencies a version names move on with it (an Update of their revision), so closing one cannot race it.
      access: { tables: { catalog: ['read', 'put', 'update'] } },
    },
    withdrawProcedure: {
      entry: 'functions/admin/delete-procedure.ts',
      description: 'Withdraw a procedure from search and submission, with its audit entry',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.withdrawProcedure),
      access: catalogWriter,
    },
    putCalendarYear: {
      entry: 'functions/admin/put-calendar.ts',
      description: "A year's official schedule, with its audit entry",
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.putCalendarYear),
      access: catalogWriter,
    },
    readAudit: {
      entry: 'functions/admin/read-audit.ts',
      description: 'The audit trail of administrative changes and the staff access log, merged by time',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.readAudit),
      // The access log: each agency's index (Query) and the codes of the dossiers it names (BatchGet).
      access: { tables: { catalog: reads, dossiers: reads } },
    },
    startReorganisation: {
      entry: 'functions/admin/start-reorganisation.ts',
      description: 'Start (or resume) a re-organisation job: units merged into one',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.startReorganisation),
      access: { ...catalogWriter, sendsTo: ['reorganisation'] },
    },
    getReorganisation: {
      entry: 'functions/admin/get-reorganisation.ts',
      description: "A re-organisation job's progress",
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.getReorganisation),
      access: catalogReader,
    },
    reorganise: {
      entry: 'functions/admin/reorganise.ts',
      description:
        'Re-organisation worker: one page of a job (dossiers by index, procedures, then the old units)',
      memoryMb: 512,
      timeoutSeconds: 60,
      // One page at a time: the job's next message is sent when its page is recorded.
      triggers: [{ type: 'queue', queue: 'reorganisation', batchSize: 1, maxBatchingWindowSeconds: 0 }],
      // Moves are version-guarded Puts of the dossier with its history event and membership; procedures and units
      // change as the admin routes change them.
      access: {
        tables: { catalog: readsAndPuts, dossiers: readsAndPuts },
        sendsTo: ['reorganisation', 'events'],
      },
    },
    issueForm: {
      entry: 'functions/documents/issue.ts',
      description: 'Documents stage: renders each pending form once, stores it by its SHA-256, records it',
      memoryMb: 512,
      timeoutSeconds: 30,
      triggers: stage('documents'),
      // Reads the dossier with its attachments; the issue is a Put of the dossier, its event and the form, with the
      // Delete of the form's pending-work entry, in one transaction. Objects are written under forms/ only, named by
      // their hash, never deleted.
      access: {
        tables: { catalog: reads, dossiers: ['read', 'put', 'delete'] },
        buckets: { attachments: { [FORMS_PREFIX]: ['write'] } },
        signs: true,
      },
      assets: [{ from: 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf', to: 'fonts/DejaVuSans.ttf' }],
      settings: ['PUBLIC_PORTAL_URL', 'TRUSTED_SIGNING_ROOTS'],
      // Derives the PIN the receipt prints and signs the QR code's lookup link; signs every form (PAdES) with the
      // stage's KMS key and the certificate chain its CA issued.
      secrets: ['LOOKUP_SECRET', 'SIGNING_CERTIFICATE_CHAIN'],
    },
    createSubscription: {
      entry: 'functions/events/create-subscription.ts',
      description: "Register a partner's receiver of dossier events, with its audit entry",
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.createSubscription),
      // The subscription and its audit entry are two Puts of one transaction.
      access: { tables: { subscriptions: ['put'], catalog: ['put'] } },
      settings: ['EVENTS_ALLOW_LOOPBACK'],
    },
    listSubscriptions: {
      entry: 'functions/events/list-subscriptions.ts',
      description: 'Every subscription to dossier events',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.listSubscriptions),
      access: { tables: { subscriptions: reads } },
    },
    deleteSubscription: {
      entry: 'functions/events/delete-subscription.ts',
      description: 'Remove a subscription, with its audit entry',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.deleteSubscription),
      access: { tables: { subscriptions: ['read', 'delete'], catalog: ['put'] } },
    },
    testSubscription: {
      entry: 'functions/events/test-subscription.ts',
      description: 'Queue a test event for one subscription',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.testSubscription),
      access: { tables: { subscriptions: reads }, sendsTo: ['events'] },
    },
    listSubscriptionDeliveries: {
      entry: 'functions/events/list-deliveries.ts',
      description: "A subscription's latest events with their attempts",
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.listSubscriptionDeliveries),
      access: { tables: { subscriptions: reads } },
    },
    deliverEvents: {
      entry: 'functions/events/deliver.ts',
      description:
        'Events stage: fans outbox entries out to subscriptions, delivers each signed, with backoff',
      memoryMb: 256,
      // Ten records of one batch are delivered at once, each request held 5 s at most.
      timeoutSeconds: 30,
      triggers: stage('events'),
      // Fans out the outbox entry its message carries and deletes the pending-work entry holding it; records
      // attempts (Update); re-queues an attempt delayed.
      access: {
        tables: { subscriptions: ['read', 'update'], dossiers: ['delete'] },
        sendsTo: ['events', 'national'],
      },
      settings: [
        'EVENTS_ALLOW_LOOPBACK',
        'EVENTS_FIRST_BACKOFF_SECONDS',
        'EVENTS_MAX_BACKOFF_SECONDS',
        'EVENTS_MAX_ATTEMPTS',
      ],
    },
    receiveNationalPortalDossier: {
      entry: 'functions/webhooks/national-portal.ts',
      description:
        'The national portal pushes a dossier filed there: verified, one dossier per MaHoSo, in status 1 at its unit',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.receiveNationalPortalDossier),
      // Reads the MaHoSo's item (and the dossier it names), the procedure and the unit's code counter; the dossier, its
      // events, code, MaHoSo item, document records and outbox entry are new items (conditional Puts) and an Update of
      // the counter, in one transaction; a push that lost the unit's next code waits in the unit's line (its own Updates).
      access: {
        tables: { catalog: reads, dossiers: ['read', 'put', 'update'] },
        sendsTo: ['nationalDocuments', 'intake', 'events'],
      },
      settings: ['NATIONAL_PORTAL_UNIT_CODE'],
      // The push's signing secret; the link key lists a new dossier among its owner's (functions/dossiers/list-mine.ts).
      secrets: ['NATIONAL_PORTAL_PUSH_SECRET', 'APPLICANT_LINK_SECRET'],
    },
    fetchNationalDocuments: {
      entry: 'functions/national-inbound/fetch-documents.ts',
      description:
        "National documents stage: fetches a national-portal dossier's documents, checks them as uploads, then intake",
      memoryMb: 1024,
      // One link at a time, up to 2 × 10 s each: forty may need more than a run, which then stops while it has time
      // and sends the stage again for the documents still pending (functions/national-inbound/fetching.ts).
      timeoutSeconds: 300,
      triggers: stage('nationalDocuments'),
      // Reads the dossier, its document records and the procedure; settles each record (conditional Put) with its
      // verified attachment (Put); the dossier's version-guarded Put with its event hands it to intake.
      access: {
        tables: { catalog: reads, dossiers: readsAndPuts },
        buckets: { attachments: { [VERIFIED_PREFIX]: ['write', 'delete'] } },
        sendsTo: ['intake', 'events', 'nationalDocuments'],
      },
      settings: ['NATIONAL_PORTAL_FILES_URL', 'EVENTS_ALLOW_LOOPBACK'],
    },
    syncNationalPortal: {
      entry: 'functions/national/sync.ts',
      description:
        'National portal stage: each change as DongBoHoSoMC and CapNhatTienDoHoSoMC, retried, refusals dead-lettered',
      memoryMb: 256,
      // One message calls the portal twice at most, each call held 10 s at most.
      timeoutSeconds: 30,
      triggers: stage('national'),
      // Reads the dossier (staff read) and the catalog's names; its sync record is a guarded Update per step.
      access: {
        tables: { catalog: reads, dossiers: ['read', 'update'] },
        sendsTo: ['national'],
        deadLettersTo: ['national'],
      },
      settings: [...NATIONAL_PORTAL_SETTINGS, 'PUBLIC_API_URL'],
      // The portal's password, and the key its messages' file links are signed with.
      secrets: ['NATIONAL_PORTAL_PASSWORD', 'PARTNER_FILES_SECRET'],
    },
    readPartnerFile: {
      entry: 'functions/national/partner-file.ts',
      description:
        "A partner's signed file link: checked, recorded in the access log, redirected to a presigned GET",
      memoryMb: 256,
      timeoutSeconds: 10,
      // Public, and each answer writes an access log entry: held below the stage's throttle, as the lookup is.
      triggers: http(routes.readPartnerFile, { rateLimit: 20, burstLimit: 40 }),
      // Gets the document and the dossier's root by key, puts the access log entry; signs links to verified files.
      access: {
        tables: { dossiers: readsAndPuts },
        buckets: { attachments: { [VERIFIED_PREFIX]: ['read'] } },
      },
      // Links verify only under the base URL they were signed for.
      settings: ['PUBLIC_API_URL'],
      secrets: ['PARTNER_FILES_SECRET'],
    },
    sweeper: {
      entry: 'functions/pipeline/sweeper.ts',
      description: 'Re-sends messages for dossiers waiting past the threshold',
      memoryMb: 256,
      timeoutSeconds: 60,
      triggers: [{ type: 'schedule', rateMinutes: 1 }],
      access: {
        // Puts a re-sent dossier back in line with an Update, a re-sent piece of pending work by moving its entry
        // (Delete and Put in one transaction), and deletes the entries of work found finished.
        tables: { dossiers: ['read', 'put', 'update', 'delete'] },
        sendsTo: ['intake', 'notification', 'documents', 'events', 'nationalDocuments'],
      },
      settings: ['STUCK_AFTER_SECONDS'],
    },
  },
});
