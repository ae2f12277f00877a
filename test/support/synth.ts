// Synthesizes the stack from a definition, with cdk-nag AwsSolutions checks applied as in infra/main.ts.
import { App, Aspects, NestedStack, Stack, type CfnElement } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { AppDefinition } from '../../infra/app-model.js';
import { MotCuaStack, type Stage } from '../../infra/stack.js';
import { PROJECT_ROOT } from '../../local/runner.js';

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

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
  const root = Template.fromStack(stack);
  // Each area is a nested stack: its own template, deployed by the root one.
  const nested = stack.node.findAll().filter((c): c is NestedStack => c instanceof NestedStack);
  const templates = [
    { name: stack.stackName, template: root },
    ...nested.map((n) => ({ name: n.node.id, template: Template.fromStack(n) })),
  ];
  // One view of every resource, whichever template holds it: logical ids are unique across them.
  const resources: Resources = {};
  for (const { name, template } of templates)
    for (const [id, resource] of Object.entries(template.toJSON().Resources as Resources)) {
      if (resources[id]) throw new Error(`${id} is in two templates (${name})`);
      resources[id] = resource;
    }
  const template = Template.fromJSON({ Resources: resources, Outputs: root.toJSON().Outputs });
  const annotations = Annotations.fromStack(stack);
  const nagFindings = [
    ...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
  ].map((f) => `${f.id}: ${String(f.entry.data).split('\n')[0]}`);

  /** The IAM policies of a function's role, which functions of the same access share. */
  const policiesOf = (functionName: string) => {
    const role = stack.functions.get(functionName)!.role!;
    const roleId = Stack.of(role).getLogicalId(role.node.defaultChild as CfnElement);
    return Object.entries(template.findResources('AWS::IAM::Policy')).filter(([, policy]) =>
      (policy.Properties.Roles as unknown[]).some(
        (r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId }),
      ),
    );
  };

  // An area stack sees a root resource as a parameter, which its AWS::CloudFormation::Stack resource passes in.
  const parameters = new Map<string, unknown>();
  for (const nestedStack of Object.values(root.findResources('AWS::CloudFormation::Stack')))
    for (const [name, value] of Object.entries(nestedStack.Properties.Parameters ?? {}))
      parameters.set(name, value);
  /** A value as the root template names it: `{ Ref: <parameter> }` in an area stack → what the root passes. */
  const rootValueOf = (value: unknown): unknown => {
    const ref = (value as { Ref?: unknown } | undefined)?.Ref;
    return typeof ref === 'string' && parameters.has(ref) ? parameters.get(ref) : value;
  };
  return { stack, template, templates, nagFindings, policiesOf, rootValueOf };
}
