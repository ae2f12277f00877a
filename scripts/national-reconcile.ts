// Operator command: compare each dossier's status with the national portal's (TraCuuHoSo) and send again the ones that
// differ or that the portal does not know; prints each difference and a summary, exits 1 when any could not be sent.
//   npm run national:reconcile -- [--from yyyy-mm-dd] [--to yyyy-mm-dd]   (local days of submission; default: all)
// Dossiers are found by the index of submitted dossiers per receiving unit and day (no Scan). Tables, queues and the
// portal's settings come from the environment (TABLE_DOSSIERS, TABLE_CATALOG, QUEUE_NATIONAL_URL, DLQ_NATIONAL_URL,
// NATIONAL_PORTAL_URL, _UNIT_CODE, _USERNAME, and NATIONAL_PORTAL_PASSWORD or its secret's _ARN), else the local
// stack's (npm start) with its fake portal.
import { parseArgs } from 'node:util';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { app } from '../infra/app-definition.js';
import { queueNames } from '../infra/app-model.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/emulators.js';
import {
  LOCAL_NATIONAL_PORTAL,
  LOCAL_PARTNER_FILES_SECRET,
  NATIONAL_PORTAL_PATH,
} from '../local/national-portal.js';
import { localName } from '../local/provision.js';
import { isValidLocalDate } from '../shared/domain/calendar/local-date.js';
import { localDay } from '../shared/domain/dossier/on-time.js';
import { resourceEnv } from '../shared/resource-env.js';

const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
for (const [name, value] of Object.entries(values))
  if (value !== undefined && !isValidLocalDate(value)) {
    console.error(`--${name} must be a date written yyyy-mm-dd, not ${value}`);
    process.exit(2);
  }
const from = values.from ?? '0000-01-01';
const to = values.to ?? localDay(Date.now());

if (!process.env[resourceEnv.table('dossiers')]) {
  // The local stack: its emulators on their default ports, its resources by their local names, its fake portal.
  const env = process.env;
  env.AWS_REGION ??= LOCAL_REGION;
  env.AWS_ACCESS_KEY_ID ??= LOCAL_CREDENTIALS.accessKeyId;
  env.AWS_SECRET_ACCESS_KEY ??= LOCAL_CREDENTIALS.secretAccessKey;
  env.AWS_ENDPOINT_URL_DYNAMODB ??= 'http://127.0.0.1:8000';
  env.AWS_ENDPOINT_URL_SQS ??= 'http://127.0.0.1:9324';
  for (const table of ['dossiers', 'catalog'])
    env[resourceEnv.table(table)] = localName(app.service, 'table', table);
  const sqs = new SQSClient({ endpoint: env.AWS_ENDPOINT_URL_SQS });
  const names = queueNames(app.service, 'local', 'national');
  env[resourceEnv.queueUrl('national')] = (
    await sqs.send(new GetQueueUrlCommand({ QueueName: names.queue }))
  ).QueueUrl;
  env[resourceEnv.deadLetterQueueUrl('national')] = (
    await sqs.send(new GetQueueUrlCommand({ QueueName: names.dlq }))
  ).QueueUrl;
  env.NATIONAL_PORTAL_URL ??= `http://localhost:3000${NATIONAL_PORTAL_PATH}`;
  env.NATIONAL_PORTAL_UNIT_CODE ??= LOCAL_NATIONAL_PORTAL.unitCode;
  env.NATIONAL_PORTAL_USERNAME ??= LOCAL_NATIONAL_PORTAL.username;
  env.NATIONAL_PORTAL_PASSWORD ??= LOCAL_NATIONAL_PORTAL.password;
  env.PUBLIC_API_URL ??= 'http://localhost:3000';
  env.PARTNER_FILES_SECRET ??= LOCAL_PARTNER_FILES_SECRET;
}

// Imported once the environment names the resources: the clients are built as the modules load.
const { dynamodb } = await import('../shared/aws/clients.js');
const { config } = await import('../shared/config.js');
const { currentCatalogRepository } = await import('../shared/catalog/dependencies.js');
const { dynamoDossierRepository } = await import('../shared/dossier/repository.js');
const { dynamoSubmittedDossiers } = await import('../shared/adapters/national-portal/index-keys.js');
const national = await import('../shared/adapters/national-portal/dependencies.js');
const { nationalSettingsFromEnv, syncDossier } = await import('../functions/national/syncing.js');
const { reconcile, summaryLines } = await import('../functions/national/reconciliation.js');

const portal = await national.nationalPortal()();
if (!portal) {
  console.error(
    'The national portal is not configured: NATIONAL_PORTAL_URL, _UNIT_CODE, _USERNAME and its password',
  );
  process.exit(2);
}
const catalog = currentCatalogRepository();
const deadLetters = national.nationalDeadLetters();
const syncDeps = {
  dossiers: dynamoDossierRepository(dynamodb, config.tableName('dossiers'), () => {
    throw new Error('A reconciliation commits no dossier');
  }),
  catalog,
  store: national.nationalSyncStore(),
  portal: async () => portal,
  links: national.partnerLinks(),
  send: national.nationalQueue(),
  deadLetter: (message: Parameters<typeof deadLetters>[0]) => deadLetters(message),
  settings: nationalSettingsFromEnv(process.env),
  now: () => Date.now(),
};
const summary = await reconcile(
  {
    units: async () => (await catalog.listAgencies()).map((agency) => agency.code),
    submitted: dynamoSubmittedDossiers(dynamodb, config.tableName('dossiers')),
    portal,
    // A failed re-send is retried by the national queue's consumer, or lands in its DLQ with the portal's answer.
    resend: (dossierId) =>
      syncDossier(syncDeps, { kind: 'sync', dossierId, sequence: 0, attempt: 1, force: true }),
  },
  from,
  to,
);
for (const line of summaryLines(summary)) console.log(line);
const unsent = summary.differences.filter((d) => d.outcome !== 'synced').length + summary.unanswered.length;
process.exit(unsent === 0 ? 0 : 1);
