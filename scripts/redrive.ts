// Operator command: move a queue's dead-letter messages back to it.
//   npm run redrive -- <queue> [--stage local|dev|prod]   (local uses the emulator on AWS_ENDPOINT_URL_SQS or :9324)
import { parseArgs } from 'node:util';
import { SQSClient } from '@aws-sdk/client-sqs';
import { app } from '../infra/app-definition.js';
import { queueNames } from '../infra/app-model.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/emulators.js';
import { redrive } from '../shared/redrive.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { stage: { type: 'string', default: 'local' } },
});
const queue = positionals[0];
if (!queue || !app.queues[queue]) {
  console.error(
    `Usage: npm run redrive -- <queue> [--stage local|dev|prod]; queues: ${Object.keys(app.queues).join(', ')}`,
  );
  process.exit(2);
}
const sqs =
  values.stage === 'local'
    ? new SQSClient({
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
        endpoint: process.env.AWS_ENDPOINT_URL_SQS ?? 'http://127.0.0.1:9324',
      })
    : new SQSClient({});
const result = await redrive(sqs, queueNames(app.service, values.stage!, queue));
console.log(`Moved ${result.moved} message(s) from the ${queue} DLQ back to ${queue}.`);
