import { describe, expect, it } from 'vitest';
import { app } from '../../infra/app-definition.js';
import type { AppDefinition } from '../../infra/app-model.js';
import { CORS } from '../../infra/cors.js';
import { startLocalStack } from '../../local/runner.js';
import { fixtureApp } from '../fixtures/app.js';
import { synth } from '../support/synth.js';

/** What the deployed stack serves: route keys and the queues that have a consumer. */
function deployed(definition: AppDefinition) {
  const { template } = synth(definition);
  const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
    (r) => r.Properties.RouteKey as string,
  );
  const queues = Object.keys(template.findResources('AWS::SQS::Queue')).filter((id) => !id.includes('DLQ'));
  const consumed = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).length;
  return { routes: routes.sort(), queueCount: queues.length, consumed };
}

async function served(definition: AppDefinition) {
  const stack = await startLocalStack({
    app: definition,
    inMemory: true,
    catalogFile: null,
    ports: { api: 0, dynamodb: 0, s3: 0, sqs: 0 },
  });
  try {
    const all = stack.routeKeys();
    return {
      routes: all.filter((key) => !key.split(' ')[1]!.startsWith('/dev/')).sort(),
      devRoutes: all.filter((key) => key.split(' ')[1]!.startsWith('/dev/')),
      queueCount: stack.resources.queueUrls.size,
    };
  } finally {
    await stack.stop();
  }
}

describe('parity between the deployed stack and the local runner', () => {
  it.each([
    ['the app', app],
    ['a definition with queues and a protected route', fixtureApp],
  ])(
    'serves every route and queue of %s, and nothing else but /dev',
    async (_name, definition) => {
      const cloud = deployed(definition);
      const local = await served(definition);
      expect(local.routes).toEqual(cloud.routes);
      expect(local.queueCount).toBe(cloud.queueCount);
      expect(cloud.consumed).toBe(
        Object.values(definition.functions)
          .flatMap((f) => f.triggers)
          .filter((t) => t.type === 'queue').length,
      );
      expect(local.devRoutes.every((key) => !cloud.routes.includes(key))).toBe(true);
    },
    120_000,
  );

  it('configures the same CORS in the HTTP API as the local gateway applies', () => {
    const { template } = synth(fixtureApp);
    const [api] = Object.values(template.findResources('AWS::ApiGatewayV2::Api'));
    expect(api?.Properties.CorsConfiguration).toEqual({
      AllowOrigins: ['https://dichvucong.example.test'],
      AllowMethods: [...CORS.allowMethods],
      AllowHeaders: CORS.allowHeaders,
      ExposeHeaders: CORS.exposeHeaders,
      MaxAge: CORS.maxAgeSeconds,
    });
  });

  it('never deploys the dev token endpoint', () => {
    expect(deployed(app).routes.some((key) => key.includes('/dev/'))).toBe(false);
  });
});
