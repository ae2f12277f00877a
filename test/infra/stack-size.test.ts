// The stack stays deployable as areas grow: at 120 HTTP routes every template CloudFormation receives (the root and
// each area's nested stack) holds at most 400 resources, under its refusal at 500, and cdk-nag stays clean.
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { app } from '../../infra/app-definition.js';
import {
  httpRoutes,
  validateApp,
  type AppDefinition,
  type FunctionDefinition,
} from '../../infra/app-model.js';
import { synth } from '../support/synth.js';

const BUDGET = 400;

/**
 * The app grown to `routes` HTTP routes: its HTTP functions cloned round the areas under `/x{n}` paths, with the same
 * entries (nothing is bundled here). Each clone also reads a key prefix of its own, so no two clones share a role:
 * the worst case for IAM, where the real areas share roles between functions of the same access.
 */
function grownTo(base: AppDefinition, routes: number): AppDefinition {
  const cloneable = Object.entries(base.functions).filter(
    ([name, fn]) => name !== 'notFound' && fn.triggers.every((trigger) => trigger.type === 'http'),
  );
  const functions: Record<string, FunctionDefinition> = { ...base.functions };
  let count = httpRoutes(base).length;
  for (let n = 1; count < routes; n++)
    for (const [name, fn] of cloneable) {
      if (count >= routes) break;
      functions[`${name}X${n}`] = {
        ...fn,
        triggers: fn.triggers.map((trigger) =>
          trigger.type === 'http'
            ? {
                ...trigger,
                route: {
                  ...trigger.route,
                  path: `/x${n}${trigger.route.path}`,
                  operationId: `${trigger.route.operationId}X${n}`,
                },
              }
            : trigger,
        ),
        access: {
          ...fn.access,
          buckets: {
            ...fn.access?.buckets,
            attachments: { ...fn.access?.buckets?.attachments, [`x${n}-${name.toLowerCase()}/`]: ['read'] },
          },
        },
      };
      count += fn.triggers.length;
    }
  return validateApp({ ...base, functions });
}

const resourceCount = (template: Template) => Object.keys(template.toJSON().Resources ?? {}).length;
const sizes = (templates: { name: string; template: Template }[]) =>
  Object.fromEntries(templates.map(({ name, template }) => [name, resourceCount(template)]));

describe('the stack at 120 HTTP routes', () => {
  const grown = grownTo(app, 120);
  const { stack, template, templates, nagFindings } = synth(grown);

  it('serves all 120 routes, from functions in their areas', () => {
    expect(httpRoutes(grown)).toHaveLength(120);
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 120);
    template.resourceCountIs('AWS::Lambda::Function', Object.keys(grown.functions).length + 1);
    expect(templates.length).toBeGreaterThan(1);
  });

  it(`keeps every template within ${BUDGET} resources`, () => {
    const over = Object.entries(sizes(templates)).filter(([, count]) => count > BUDGET);
    expect(over, JSON.stringify(sizes(templates))).toEqual([]);
  });

  it('keeps every template within the other CloudFormation quotas: 200 parameters, 200 outputs, 1 MB', () => {
    for (const { name, template } of templates) {
      const json = template.toJSON();
      expect(Object.keys(json.Parameters ?? {}).length, name).toBeLessThanOrEqual(200);
      expect(Object.keys(json.Outputs ?? {}).length, name).toBeLessThanOrEqual(200);
      expect(JSON.stringify(json).length, name).toBeLessThanOrEqual(1_000_000);
    }
  });

  it('alarms on the errors and throttles of every function, ten functions per alarm at most', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    const summed = (metricName: string) =>
      new Set(
        alarms.flatMap((alarm) =>
          (alarm.Properties.Metrics ?? [])
            .filter(
              (m: { MetricStat?: { Metric: { MetricName: string } } }) =>
                m.MetricStat?.Metric.MetricName === metricName,
            )
            .map((m: { MetricStat: { Metric: { Dimensions: unknown } } }) =>
              JSON.stringify(m.MetricStat.Metric.Dimensions),
            ),
        ),
      );
    expect(summed('Errors').size).toBe(stack.functions.size);
    expect(summed('Throttles').size).toBe(stack.functions.size);
    for (const alarm of alarms)
      expect(
        (alarm.Properties.Metrics ?? []).filter((m: { MetricStat?: unknown }) => m.MetricStat).length,
      ).toBeLessThanOrEqual(10);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('passes cdk-nag AwsSolutions with no unsuppressed finding', () => {
    expect(nagFindings).toEqual([]);
  });
});

describe('the stack of the app today', () => {
  const { stack, templates } = synth(app);

  it(`keeps every template within ${BUDGET} resources`, () => {
    const over = Object.entries(sizes(templates)).filter(([, count]) => count > BUDGET);
    expect(over, JSON.stringify(sizes(templates))).toEqual([]);
  });

  it('lets functions of an area with the same access share a role', () => {
    const roles = new Set([...stack.functions.values()].map((fn) => fn.role));
    expect(roles.size).toBeLessThan(stack.functions.size);
    // The catalog readers (list, search, get) are one role.
    expect(
      new Set(['listAgencies', 'searchProcedures', 'getProcedure'].map((n) => stack.functions.get(n)!.role))
        .size,
    ).toBe(1);
  });
});

describe('the resource budget at synth', () => {
  it('refuses to synthesize an area over budget, naming it', () => {
    expect(() => synth(grownTo(app, 420))).toThrow(/area Dossiers holds \d+ resources/);
    // A 420-route synthesis: 4 s on a quiet machine, near 30 s beside two API test files.
  }, 120_000);
});
