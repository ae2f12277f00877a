// CDK entry point: `npx cdk synth -c stage=dev`, or prod with every value it needs (README "Deploying").
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { app as definition } from './app-definition.js';
import { deploymentConfig } from './deployment-config.js';
import { MotCuaStack } from './stack.js';

const cdkApp = new App();
const { account, region, ...config } = deploymentConfig(
  (key) => cdkApp.node.tryGetContext(key),
  process.env.CDK_DEFAULT_ACCOUNT,
);

new MotCuaStack(cdkApp, `MotCua-${config.stage}`, {
  app: definition,
  ...config,
  projectRoot: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
  env: { account, region },
});
Aspects.of(cdkApp).add(new AwsSolutionsChecks({ verbose: true }));
