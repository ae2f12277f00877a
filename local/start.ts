// `npm start`: the whole API on http://localhost:3000 against local emulators. `npm start -- --in-memory` keeps nothing.
import { parseArgs } from 'node:util';
import { LocalStackError } from './emulators.js';
import { startLocalStack } from './runner.js';

const { values } = parseArgs({
  options: {
    'in-memory': { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    'dynamodb-port': { type: 'string', default: '8000' },
    's3-port': { type: 'string', default: '4569' },
    'sqs-port': { type: 'string', default: '9324' },
    'data-dir': { type: 'string' },
    'stuck-after': { type: 'string' },
    'pause-consumers': { type: 'boolean', default: false },
  },
});

try {
  const stack = await startLocalStack({
    inMemory: values['in-memory'],
    ports: {
      api: Number(values.port),
      dynamodb: Number(values['dynamodb-port']),
      s3: Number(values['s3-port']),
      sqs: Number(values['sqs-port']),
    },
    dataDir: values['data-dir'],
    stuckAfterSeconds: values['stuck-after'] === undefined ? undefined : Number(values['stuck-after']),
    pauseConsumers: values['pause-consumers'],
    log: (line) => console.log(line),
  });
  console.log(`\nMột cửa local stack ${values['in-memory'] ? '(in memory)' : '(data in .local/)'}`);
  console.log(`  API          ${stack.url}`);
  for (const key of stack.routeKeys()) console.log(`    ${key}`);
  console.log(`  DynamoDB     ${stack.endpoints.dynamodb}`);
  console.log(`  S3           ${stack.endpoints.s3}`);
  console.log(`  SQS          ${stack.endpoints.sqs}`);
  console.log(`  JWT issuer   ${stack.issuer.issuer} (tokens: POST ${stack.url}/dev/tokens)`);
  console.log(`  Signing CA   ${stack.signing.caFile} (development only: forms are signed under it)`);
  console.log('\nCtrl-C stops everything.');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  if (error instanceof LocalStackError) {
    console.error(`Cannot start the local stack: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
