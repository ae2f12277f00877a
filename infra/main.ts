// CDK entry point: `npx cdk synth -c stage=dev|prod -c jwtIssuer=… -c jwtAudience=… -c allowedOrigins=…`.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { app as definition } from './app-definition.js';
import { MotCuaStack, type Stage } from './stack.js';

const cdkApp = new App();
const context = (key: string, fallback: string) =>
  (cdkApp.node.tryGetContext(key) as string | undefined) ?? fallback;
const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

const stage = context('stage', 'dev');
if (stage !== 'dev' && stage !== 'prod') throw new Error(`-c stage must be dev or prod, got ${stage}`);

new MotCuaStack(cdkApp, `MotCua-${stage}`, {
  app: definition,
  stage: stage as Stage,
  jwtIssuer: context('jwtIssuer', 'https://id.example.invalid/realms/mot-cua'),
  jwtAudience: list(context('jwtAudience', 'mot-cua-portal')),
  allowedOrigins: list(context('allowedOrigins', 'http://localhost:5173')),
  settings: JSON.parse(context('settings', '{}')) as Record<string, string>,
  projectRoot: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
  env: {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION ?? 'ap-southeast-1',
  },
});
Aspects.of(cdkApp).add(new AwsSolutionsChecks({ verbose: true }));
