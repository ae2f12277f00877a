// Synthesizes the stack from a definition, with cdk-nag AwsSolutions checks applied as in infra/main.ts.
import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { AppDefinition } from '../../infra/app-model.js';
import { MotCuaStack, type Stage } from '../../infra/stack.js';
import { PROJECT_ROOT } from '../../local/runner.js';

export function synth(
  app: AppDefinition,
  options: { stage?: Stage; bundle?: boolean; settings?: Record<string, string> } = {},
) {
  const cdkApp = new App({ context: options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] } });
  const stack = new MotCuaStack(cdkApp, 'Test', {
    app,
    stage: options.stage ?? 'dev',
    jwtIssuer: 'https://id.example.test/realms/mot-cua',
    jwtAudience: ['portal'],
    allowedOrigins: ['https://dichvucong.example.test'],
    projectRoot: PROJECT_ROOT,
    settings: options.settings,
  });
  Aspects.of(stack).add(new AwsSolutionsChecks());
  const template = Template.fromStack(stack);
  const annotations = Annotations.fromStack(stack);
  const nagFindings = [
    ...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
  ].map((f) => `${f.id}: ${String(f.entry.data).split('\n')[0]}`);
  return { stack, template, nagFindings };
}
