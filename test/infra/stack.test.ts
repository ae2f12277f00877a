import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { app } from '../../infra/app-definition.js';
import { httpRoutes, SECRET_NAMES } from '../../infra/app-model.js';
import { routes } from '../../functions/routes.js';
import { fixtureApp } from '../fixtures/app.js';
import { synth } from '../support/synth.js';

type Policies = [string, { Properties: { PolicyDocument: { Statement: Statement[] } } }][];
interface Statement {
  Action: string | string[];
  Resource: unknown;
}

/** The IAM actions a function's role allows (functions of an area with the same access share the role). */
function actionsOfPolicies(policies: Policies): string[] {
  return policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement.flatMap((s) => [s.Action].flat()));
}

/**
 * `Table-dossiers` → `dossiers`, its indexes → `dossiers/index/*`, objects under a prefix → `attachments/uploads/*`,
 * whether the template holds the table or receives it as a parameter (`referenceto…Arn`).
 */
function resourceName(resource: unknown): string {
  const text = JSON.stringify(resource);
  const name = /(?:Table|Bucket)([a-z]+)[0-9A-F]{8}(?:Arn)?"/.exec(text)?.[1] ?? text;
  return `${name}${/"(\/[^"]*)"/.exec(text)?.[1] ?? ''}`;
}

/** The DynamoDB and S3 actions a function's role allows, per table, index set, bucket or object prefix. */
function dataGrantsOfPolicies(policies: Policies): Record<string, string[]> {
  const grants: Record<string, Set<string>> = {};
  for (const [, policy] of policies) {
    for (const statement of policy.Properties.PolicyDocument.Statement) {
      const actions = [statement.Action].flat().filter((a: string) => /^(dynamodb|s3):/.test(a));
      for (const resource of [statement.Resource].flat())
        for (const action of actions) (grants[resourceName(resource)] ??= new Set()).add(action);
    }
  }
  return Object.fromEntries(Object.entries(grants).map(([name, actions]) => [name, [...actions].sort()]));
}

describe('the stack built from the app definition', () => {
  const { stack, template, nagFindings, policiesOf } = synth(app, { bundle: true });

  /** The staged bundle folder of the function whose logical id starts with `prefix`. */
  const bundleOf = (prefix: string): string => {
    const [, fn] = Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) =>
      id.startsWith(prefix),
    )!;
    const key = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
    return path.join((stack.node.root as App).outdir, `asset.${key}`);
  };

  it("bundles the form issuer with Node's brotli in place of the JavaScript decoder, and its font beside it", () => {
    const code = readFileSync(path.join(bundleOf('FnissueForm'), 'index.mjs'), 'utf8');
    expect(code).toContain('Error decoding compressed data in WOFF2');
    expect(code).not.toContain('BrotliDecompressBuffer');
    expect(code).toContain('maxOutputLength');
    expect(existsSync(path.join(bundleOf('FnissueForm'), 'fonts/DejaVuSans.ttf'))).toBe(true);
  });

  it("bundles the docs page's script beside its function, not into its code", () => {
    const bundle = bundleOf('FndocsAsset');
    expect(statSync(path.join(bundle, 'docs/api-reference.js')).size).toBeGreaterThan(1_000_000);
    expect(statSync(path.join(bundle, 'index.mjs')).size).toBeLessThan(500_000);
  });

  it('bundles each route handler with its own route contract and no other', () => {
    const operationIds = Object.values(routes).map((route) => route.operationId);
    for (const [name, route] of Object.entries(routes)) {
      // The OpenAPI document lists every route.
      if (name === 'openApi') continue;
      const code = readFileSync(path.join(bundleOf(`Fn${name}`), 'index.mjs'), 'utf8');
      const bundled = operationIds.filter((id) => code.includes(`operationId:"${id}"`));
      expect(bundled, name).toEqual([route.operationId]);
    }
  });

  it('has one arm64 nodejs22.x function per definition entry, traced, with its own log group', () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Runtime: 'nodejs22.x' },
    });
    expect(Object.keys(functions)).toHaveLength(Object.keys(app.functions).length);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties).toMatchObject({
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Handler: 'index.handler',
      });
      expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
    }
    template.resourceCountIs('AWS::Logs::LogGroup', Object.keys(app.functions).length + 1);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('serves exactly the definition routes through the HTTP API', () => {
    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey,
    );
    expect(routeKeys.sort()).toEqual(
      httpRoutes(app)
        .map((r) => `${r.route.method} ${r.route.path}`)
        .sort(),
    );
  });

  it('makes the catalog table on demand with point-in-time recovery and its index', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      GlobalSecondaryIndexes: [
        Match.objectLike({ IndexName: 'byAgency', Projection: { ProjectionType: 'ALL' } }),
      ],
    });
  });

  it("keeps only keys in the statistics table's procedure index (a counter's update leaves it alone)", () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: [
        Match.objectLike({ IndexName: 'byProcedure', Projection: { ProjectionType: 'KEYS_ONLY' } }),
      ],
    });
  });

  const actionsOf = (name: string) => actionsOfPolicies(policiesOf(name) as Policies);
  /** The queues a function may send to, by their names in the app definition. */
  const queuesSentToBy = (name: string) =>
    (policiesOf(name) as Policies)
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
      .filter((s) => [s.Action].flat().includes('sqs:SendMessage'))
      .flatMap((s) => [s.Resource].flat().map((r) => /Queue([a-z]+)[0-9A-F]{8}/.exec(JSON.stringify(r))?.[1]))
      .sort();

  it('grants catalog readers read access only, and nothing to functions that need none', () => {
    expect(actionsOf('searchProcedures')).toContain('dynamodb:Query');
    expect(
      actionsOf('searchProcedures').filter((a) => /dynamodb:(Put|Delete|Update|BatchWrite)/.test(a)),
    ).toEqual([]);
    expect(actionsOf('getDossier').filter((a) => /dynamodb:(Put|Delete|Update|BatchWrite)/.test(a))).toEqual(
      [],
    );
    const openApi = Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) =>
      id.startsWith('FnopenApi'),
    );
    expect(openApi?.[1].Properties.Environment.Variables.TABLE_CATALOG).toBeUndefined();
    expect(actionsOf('openApi').some((a) => a.startsWith('dynamodb:'))).toBe(false);
    // The calendar reads the schedules operators stored, and writes nothing.
    expect(
      actionsOf('calendarYear').filter((a) => /dynamodb:(Put|Delete|Update|BatchWrite)/.test(a)),
    ).toEqual([]);
  });

  it('links the pipeline stages with queues that each have a DLQ, a consumer and an alarm', () => {
    for (const name of ['intake', 'notification', 'reorganisation', 'documents', 'nationalDocuments']) {
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `mot-cua-dev-queue-${name}`,
        RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
        SqsManagedSseEnabled: true,
      });
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `mot-cua-dev-dlq-${name}`,
        MessageRetentionPeriod: 1_209_600,
      });
    }
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'mot-cua-dev-queue-intake',
      VisibilityTimeout: 120,
    });
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    // The two pipeline stages, the documents stage, the re-organisation job, the outbound events, the national
    // portal's documents, the national portal sync, the result signatures' check and the copies' check.
    expect(mappings).toHaveLength(9);
    expect(
      mappings.every((m) => m.Properties.FunctionResponseTypes?.includes('ReportBatchItemFailures')),
    ).toBe(true);
    const dlqAlarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter(
      (a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible',
    );
    expect(dlqAlarms).toHaveLength(9);
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'mot-cua-dev-queue-national',
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
    // Outbound events back off by delayed messages: receives count only a last attempt's retries.
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'mot-cua-dev-queue-events',
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 3 },
    });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
  });

  it('grants the pipeline exactly what each stage declares', () => {
    expect(actionsOf('createDossier')).toContain('dynamodb:PutItem');
    expect(actionsOf('submitDossier')).toContain('sqs:SendMessage');
    expect(actionsOf('notify')).toContain('ses:SendEmail');
    expect(actionsOf('notify')).not.toContain('sqs:SendMessage');
    expect(actionsOf('intake')).toEqual(
      expect.arrayContaining(['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage']),
    );
    expect(actionsOf('issueForm')).not.toContain('sqs:SendMessage');
    // A verified PDF result goes to the signature check; the check itself sends nothing on.
    expect(queuesSentToBy('completeResultUpload')).toEqual(['signatures']);
    expect(actionsOf('checkResultSignatures')).not.toContain('sqs:SendMessage');
    // A copy sent to /verify goes to the copies' check, which sends nothing on.
    expect(queuesSentToBy('checkCopyUpload')).toEqual(['copies']);
    expect(queuesSentToBy('submitDocumentCopy')).toEqual(['copies']);
    expect(actionsOf('checkDocumentCopy')).not.toContain('sqs:SendMessage');
    expect(actionsOf('receipt')).not.toContain('s3:PutObject');
    expect(actionsOf('completeUpload')).toEqual(expect.arrayContaining(['s3:GetObject', 's3:DeleteObject']));
    // The events fan-out hands each entry to the national portal sync, which re-queues its retries and parks what
    // the portal refuses in its own DLQ, and sends nowhere else.
    expect(queuesSentToBy('deliverEvents')).toEqual(['events', 'national']);
    const sentBySync = (policiesOf('syncNationalPortal') as Policies)
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
      .filter((s) => [s.Action].flat().includes('sqs:SendMessage'))
      .flatMap((s) =>
        [s.Resource].flat().map((r) => /(Queue[a-zA-Z]+?)[0-9A-F]{8}Arn/.exec(JSON.stringify(r))?.[1]),
      )
      .sort();
    expect(sentBySync).toEqual(['Queuenational', 'QueuenationalDLQ']);
    // The documents' fetch hands on to intake, or, out of time, sends its own stage again for what is pending.
    const sentByFetch = (policiesOf('fetchNationalDocuments') as Policies)
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
      .filter((s) => [s.Action].flat().includes('sqs:SendMessage'))
      .flatMap((s) =>
        [s.Resource].flat().map((r) => /(Queue[a-zA-Z]+?)[0-9A-F]{8}Arn/.exec(JSON.stringify(r))?.[1]),
      )
      .sort();
    expect(sentByFetch).toEqual(['Queueevents', 'Queueintake', 'QueuenationalDocuments']);
  });

  it('grants no scan, no batch write and no object anywhere in the bucket to any function', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement,
    );
    const actions = statements.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    expect(actions.filter((a) => /^dynamodb:(Scan|BatchWriteItem)$|\*/.test(a))).toEqual([]);
    const objectResources = statements
      .filter((s: { Action: string | string[] }) => [s.Action].flat().some((a) => a.startsWith('s3:')))
      .flatMap((s: { Resource: unknown }) => [s.Resource].flat().map(resourceName));
    expect(objectResources.length).toBeGreaterThan(0);
    expect(objectResources.filter((r) => r.endsWith('/*') && !/\/[a-z0-9-]+\/\*$/.test(r))).toEqual([]);
  });

  it('grants each function the table and object calls its code makes, and no other', () => {
    const read = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'];
    const [put, update, remove] = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
    const catalogRead = { catalog: read, 'catalog/index/*': read };
    const catalogWrite = { ...catalogRead, catalog: [...read, put].sort() };
    const dossiersRead = { dossiers: read, 'dossiers/index/*': read };
    const dossiers = (...writes: string[]) => ({ ...dossiersRead, dossiers: [...read, ...writes].sort() });
    /** A transition's on-time counters: Updates in its own transaction, nothing else. */
    const counters = { statistics: [update] };
    const statisticsRead = { statistics: read, 'statistics/index/*': read };
    /** Signing download links: reading verified files (listing the bucket makes a missing one a 404). */
    const verifiedFilesRead = { attachments: ['s3:ListBucket'], 'attachments/dossiers/*': ['s3:GetObject'] };
    /** Signing links to issued forms: the dossier's form record, and the stored forms only. */
    const issuedFormsRead = {
      ...dossiersRead,
      attachments: ['s3:ListBucket'],
      'attachments/forms/*': ['s3:GetObject'],
    };
    const expected: Record<string, Record<string, string[]>> = {
      health: catalogRead,
      openApi: {},
      docsPage: {},
      docsAsset: {},
      notFound: {},
      listAgencies: catalogRead,
      searchProcedures: catalogRead,
      getProcedure: catalogRead,
      calendarYear: catalogRead,
      dueDate: catalogRead,
      createDossier: {
        ...catalogRead,
        dossiers: [put, update],
        idempotency: [...read, remove, put, update].sort(),
      },
      getDossier: dossiersRead,
      listMyDossiers: dossiersRead,
      requestUpload: { ...catalogRead, ...dossiers(put, update), 'attachments/uploads/*': ['s3:PutObject'] },
      completeUpload: {
        ...catalogRead,
        ...dossiers(remove, put, update),
        attachments: ['s3:ListBucket'],
        'attachments/uploads/*': ['s3:DeleteObject', 's3:GetObject'],
        'attachments/dossiers/*': ['s3:DeleteObject', 's3:PutObject'],
      },
      deleteAttachment: {
        ...dossiers(remove, update),
        'attachments/uploads/*': ['s3:DeleteObject'],
        'attachments/dossiers/*': ['s3:DeleteObject'],
      },
      submitDossier: { ...catalogRead, ...dossiers(put, update) },
      submitSupplement: { ...catalogRead, ...dossiers(put) },
      receipt: issuedFormsRead,
      getForm: issuedFormsRead,
      lookupDossier: { ...catalogRead, ...dossiers(put, update) },
      receiveSms: { ...catalogRead, ...dossiers(remove, put, update) },
      receiveZaloEvent: { ...catalogRead, ...dossiers(remove, put, update) },
      dossierHistory: dossiersRead,
      withdrawDossier: { ...dossiers(put), ...counters },
      rateDossier: { ...dossiers(put), ...counters },
      listResults: { ...dossiersRead, ...verifiedFilesRead },
      deliveryReport: dossiers(put, remove),
      startPayment: dossiers(put),
      // A success is the dossier's transition (its counters too) with the payment's conditional Puts.
      receivePaymentCallback: { ...dossiers(put), ...counters },
      reconcilePayments: { ...dossiers(put), ...counters },
      listReception: { ...catalogRead, ...dossiersRead },
      acceptAtReception: { ...catalogRead, ...dossiers(put), ...counters },
      refuseAtReception: { ...catalogRead, ...dossiers(put), ...counters },
      requestSupplement: { ...catalogRead, ...dossiers(put) },
      listAgencyDossiers: { ...catalogRead, ...dossiersRead },
      getAgencyDossier: {
        ...catalogRead,
        ...dossiers(put),
        attachments: ['s3:ListBucket'],
        'attachments/dossiers/*': ['s3:GetObject'],
      },
      actOnDossier: {
        ...catalogRead,
        ...dossiers(put),
        ...counters,
        attachments: ['s3:ListBucket'],
        'attachments/dossiers/*': ['s3:GetObject'],
      },
      requestResultUpload: {
        ...catalogRead,
        ...dossiers(put, update),
        'attachments/uploads/*': ['s3:PutObject'],
      },
      completeResultUpload: {
        ...catalogRead,
        ...dossiers(remove, put, update),
        attachments: ['s3:ListBucket'],
        'attachments/uploads/*': ['s3:GetObject'],
        'attachments/dossiers/*': ['s3:PutObject'],
      },
      // Reads a result by key and its kept bytes, records the check with a conditional Put.
      checkResultSignatures: {
        ...dossiers(put),
        attachments: ['s3:ListBucket'],
        'attachments/dossiers/*': ['s3:GetObject'],
      },
      verifyDocumentByHash: { ...catalogRead, ...dossiersRead },
      // A copy sent as a body: the registry, and for an unknown one its bytes and its check's record.
      verifyDocumentCopy: {
        ...catalogRead,
        ...dossiers(put),
        'attachments/uploads/verify/*': ['s3:PutObject'],
      },
      submitDocumentCopy: {
        ...catalogRead,
        ...dossiers(put),
        'attachments/uploads/verify/*': ['s3:PutObject'],
      },
      requestCopyUpload: { dossiers: [put], 'attachments/uploads/verify/*': ['s3:PutObject'] },
      checkCopyUpload: {
        ...dossiers(put),
        attachments: ['s3:ListBucket'],
        'attachments/uploads/verify/*': ['s3:GetObject'],
      },
      getCopyCheck: { ...catalogRead, ...dossiersRead },
      checkDocumentCopy: {
        ...dossiers(put),
        attachments: ['s3:ListBucket'],
        'attachments/uploads/verify/*': ['s3:GetObject'],
      },
      onTimeStatistics: { ...catalogRead, ...dossiersRead, ...statisticsRead },
      onTimePage: { ...catalogRead, ...dossiersRead, ...statisticsRead },
      agencyLedger: dossiers(put),
      intake: { ...catalogRead, ...dossiers(put), ...counters },
      notify: dossiers(put, remove),
      issueForm: { ...catalogRead, ...dossiers(put, remove), 'attachments/forms/*': ['s3:PutObject'] },
      sweeper: dossiers(put, update, remove),
      // A pushed dossier is new items and the unit's code counter, in one transaction.
      receiveNationalPortalDossier: { ...catalogRead, ...dossiers(put, update) },
      // Fetched documents are kept as verified files (a copy another delivery beat is deleted).
      fetchNationalDocuments: {
        ...catalogRead,
        ...dossiers(put),
        'attachments/dossiers/*': ['s3:DeleteObject', 's3:PutObject'],
      },
      listAdminAgencies: catalogRead,
      putAgency: { ...catalogRead, catalog: [...read, put, update].sort() },
      deactivateAgency: catalogWrite,
      putProcedure: { ...catalogRead, catalog: [...read, put, update].sort() },
      withdrawProcedure: catalogWrite,
      putCalendarYear: catalogWrite,
      readAudit: { ...catalogRead, ...dossiersRead },
      startReorganisation: catalogWrite,
      getReorganisation: catalogRead,
      reorganise: { ...catalogWrite, ...dossiers(put) },
      // Subscriptions hold the signing secrets: only these functions reach their table.
      createSubscription: { subscriptions: [put], catalog: [put] },
      listSubscriptions: { subscriptions: read },
      deleteSubscription: { subscriptions: [...read, remove].sort(), catalog: [put] },
      testSubscription: { subscriptions: read },
      listSubscriptionDeliveries: { subscriptions: read },
      deliverEvents: { subscriptions: [...read, update].sort(), dossiers: [remove] },
      // Reads the dossier and the catalog's names; its sync record is a guarded Update, never a Put.
      syncNationalPortal: { ...catalogRead, ...dossiers(update) },
      // A partner's file link: the document and the root by key, the access log's Put, links to verified files.
      readPartnerFile: { ...dossiers(put), ...verifiedFilesRead },
    };
    expect(Object.keys(expected).sort()).toEqual(Object.keys(app.functions).sort());
    for (const [name, grants] of Object.entries(expected))
      expect(dataGrantsOfPolicies(policiesOf(name) as Policies), name).toEqual(grants);
  });

  it('keeps uploads private with browser POSTs from the portal only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      // Browsers only POST the presigned form, with CORS-safelisted headers: no PUT, no `*` headers.
      CorsConfiguration: {
        CorsRules: [
          { AllowedMethods: ['POST'], AllowedOrigins: ['https://dichvucong.example.test'], MaxAge: 3000 },
        ],
      },
    });
  });

  it('requires the citizen role on the dossier routes', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /dossiers',
      AuthorizationType: 'JWT',
      AuthorizationScopes: ['citizen'],
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /me/dossiers',
      AuthorizationType: 'JWT',
      AuthorizationScopes: ['citizen'],
    });
  });

  it('alarms to an encrypted topic on the errors and throttles of every function, and on API 5xx', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    /** The functions (by their name's reference) whose `metricName` some alarm sums, once each. */
    const summed = (metricName: string) =>
      alarms.flatMap((a) =>
        (a.Properties.Metrics ?? [])
          .filter(
            (m: { MetricStat?: { Metric: { MetricName: string } } }) =>
              m.MetricStat?.Metric.MetricName === metricName,
          )
          .map((m: { MetricStat: { Metric: { Dimensions: unknown } } }) =>
            JSON.stringify(m.MetricStat.Metric.Dimensions),
          ),
      );
    for (const metricName of ['Errors', 'Throttles']) {
      expect(summed(metricName)).toHaveLength(Object.keys(app.functions).length);
      expect(new Set(summed(metricName)).size).toBe(Object.keys(app.functions).length);
    }
    // CloudWatch refuses an alarm whose metric math reads more than ten metrics.
    for (const alarm of alarms) expect((alarm.Properties.Metrics ?? []).length).toBeLessThanOrEqual(11);
    expect(alarms.every((a) => a.Properties.AlarmActions.length === 1)).toBe(true);
    expect(alarms.map((a) => a.Properties.MetricName)).toContain('5xx');
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  it('shows each function on one dashboard', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]);
    for (const name of Object.keys(app.functions)) expect(body, name).toContain(`\\"label\\":\\"${name}\\"`);
  });

  it('throttles and logs the API stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: Match.anyValue() },
      // The public lookup, where verifiers could be guessed, and the public statistics are held below the stage.
      RouteSettings: {
        'GET /lookup/{code}': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
        'GET /stats/on-time': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
        'GET /public/on-time': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
        // Public document verification: by hash as the lookup; from a PDF body (a verification each) lower still.
        'GET /verify/{sha256}': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
        'GET /verify': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
        'POST /verify': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
        // Copies up to 20 MB: the upload form and the check as the body routes, the polling as the hash route.
        'POST /verify/uploads': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
        'POST /verify/uploads/{id}': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
        'GET /verify/uploads/{id}': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
        // Partner file links: public, and each fetch is written to the access log.
        'GET /partner-files/{token}': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      },
    });
  });

  it('passes cdk-nag AwsSolutions with no unsuppressed finding', () => {
    expect(nagFindings).toEqual([]);
  });
});

describe('the stack in prod', () => {
  const { template } = synth(app, { stage: 'prod' });

  it('protects tables from deletion and keeps logs a year', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });
});

describe('deployment settings and provider credentials', () => {
  const settings = { NOTIFY_PROVIDER: 'live', SMS_GATEWAY_URL: 'https://sms.example.test/send' };
  const { template, policiesOf, rootValueOf } = synth(app, { settings });
  /** A function's environment, with what its area stack receives as parameters named as the root names them. */
  const functionEnv = (prefix: string): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries<unknown>(
        Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) =>
          id.startsWith(prefix),
        )![1].Properties.Environment.Variables,
      ).map(([key, value]) => [key, rootValueOf(value)]),
    );

  it('hands each function the settings it declares, and only those', () => {
    expect(functionEnv('Fnnotify')).toMatchObject(settings);
    expect(functionEnv('FncreateDossier').NOTIFY_PROVIDER).toBeUndefined();
  });

  const secretIdOf = (name: string) =>
    Object.entries(template.findResources('AWS::SecretsManager::Secret')).find(([, r]) =>
      String(r.Properties.Description).includes(name),
    )![0];
  /** The secrets a function's role may read, by logical id. */
  const secretsReadBy = (name: string) =>
    policiesOf(name)
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
      .filter((s: { Action: string | string[] }) =>
        [s.Action].flat().some((a) => a.startsWith('secretsmanager:')),
      )
      .flatMap((s: { Resource: unknown }) => [s.Resource].flat())
      .map((r) => (rootValueOf(r) as { Ref: string }).Ref)
      .sort();

  it('has one asymmetric signing key that only the form issuer may sign with, and only sign', () => {
    const keys = template.findResources('AWS::KMS::Key', { Properties: { KeyUsage: 'SIGN_VERIFY' } });
    expect(Object.values(keys).map((k) => k.Properties.KeySpec)).toEqual(['RSA_2048']);
    const [keyId] = Object.keys(keys);
    const kmsStatements = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
      .filter((s) => [s.Action].flat().some((a) => a.startsWith('kms:')));
    expect(kmsStatements.map((s) => s.Action)).toEqual(['kms:Sign']);
    expect(kmsStatements.map((s) => rootValueOf(s.Resource))).toEqual([{ 'Fn::GetAtt': [keyId, 'Arn'] }]);
    const signers = Object.keys(app.functions).filter((name) =>
      actionsOfPolicies(policiesOf(name) as Policies).some((a) => a.startsWith('kms:')),
    );
    expect(signers).toEqual(['issueForm']);
    expect(functionEnv('FnissueForm').SIGNING_KEY_ID).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(functionEnv('Fnreceipt').SIGNING_KEY_ID).toBeUndefined();
  });

  it('keeps each credential in a secret of its own that only the functions using it may read', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 12);
    // The template holds empty objects: no credential, and nothing a redeployment would overwrite.
    template.allResourcesProperties('AWS::SecretsManager::Secret', { SecretString: '{}' });
    const [
      sms,
      zalo,
      webhook,
      lookup,
      smsInbound,
      zaloOa,
      paymentPlatform,
      nationalPush,
      signingChain,
      nationalPortal,
      partnerFiles,
      applicantLink,
    ] = [
      'SMS_GATEWAY_TOKEN',
      'ZALO_ACCESS_TOKEN',
      'DELIVERY_WEBHOOK_SECRET',
      'LOOKUP_SECRET',
      'SMS_INBOUND_WEBHOOK_SECRET',
      'ZALO_OA_SECRET',
      'PAYMENT_PLATFORM_SECRET',
      'NATIONAL_PORTAL_PUSH_SECRET',
      'SIGNING_CERTIFICATE_CHAIN',
      'NATIONAL_PORTAL_PASSWORD',
      'PARTNER_FILES_SECRET',
      'APPLICANT_LINK_SECRET',
    ].map(secretIdOf);
    // The national portal's push is verified by its webhook only; fetching its files needs no secret. The link key
    // lists a pushed dossier among its owner's: the webhook writes it, the list of one's dossiers reads by it.
    expect(secretsReadBy('receiveNationalPortalDossier')).toEqual([nationalPush, applicantLink].sort());
    expect(secretsReadBy('listMyDossiers')).toEqual([applicantLink]);
    for (const reader of ['getDossier', 'withdrawDossier', 'submitSupplement'])
      expect(secretsReadBy(reader)).toEqual([]);
    expect(secretsReadBy('fetchNationalDocuments')).toEqual([]);
    // The national portal account's password: the sync only (it opens the sessions); the key of partner file links:
    // the sync, which signs them, and the route that verifies them.
    expect(secretsReadBy('syncNationalPortal')).toEqual([nationalPortal, partnerFiles].sort());
    expect(secretsReadBy('readPartnerFile')).toEqual([partnerFiles]);
    expect(secretsReadBy('deliverEvents')).toEqual([]);
    expect(functionEnv('FnsyncNationalPortal')).toMatchObject({
      NATIONAL_PORTAL_PASSWORD_ARN: { Ref: nationalPortal },
      PARTNER_FILES_SECRET_ARN: { Ref: partnerFiles },
      QUEUE_NATIONAL_URL: expect.anything(),
      DLQ_NATIONAL_URL: expect.anything(),
    });
    // The payment platform's shared secret signs INIT and QUERY and verifies callbacks: those three functions only.
    for (const name of ['startPayment', 'receivePaymentCallback', 'reconcilePayments'])
      expect(secretsReadBy(name)).toEqual([paymentPlatform]);
    // The public webhook can read its signing secret and nothing else; notify, the SMS and Zalo tokens only.
    expect(secretsReadBy('deliveryReport')).toEqual([webhook]);
    expect(secretsReadBy('notify')).toEqual([sms, zalo].sort());
    // The lookup secret derives receipts' PINs and signs their links: the form issuer and the lookups read it; the
    // receipt route only links to the stored PDF.
    expect(secretsReadBy('lookupDossier')).toEqual([lookup]);
    // The form issuer also reads the certificate chain it embeds in every signature.
    expect(secretsReadBy('issueForm')).toEqual([lookup, signingChain].sort());
    expect(secretsReadBy('receipt')).toEqual([]);
    // Each inquiry webhook reads its own signing secret, the lookup secret and its channel's token only.
    expect(secretsReadBy('receiveSms')).toEqual([smsInbound, lookup, sms].sort());
    expect(secretsReadBy('receiveZaloEvent')).toEqual([zaloOa, lookup, zalo].sort());
    expect(functionEnv('FndeliveryReport')).toMatchObject({ DELIVERY_WEBHOOK_SECRET_ARN: { Ref: webhook } });
    expect(functionEnv('FndeliveryReport').SMS_GATEWAY_TOKEN_ARN).toBeUndefined();
    expect(functionEnv('Fnnotify')).toMatchObject({
      SMS_GATEWAY_TOKEN_ARN: { Ref: sms },
      ZALO_ACCESS_TOKEN_ARN: { Ref: zalo },
    });
    expect(functionEnv('Fnnotify').DELIVERY_WEBHOOK_SECRET_ARN).toBeUndefined();
    for (const other of ['createDossier', 'intake', 'sweeper']) {
      expect(Object.keys(functionEnv(`Fn${other}`)).filter((key) => key.endsWith('_ARN'))).toEqual([]);
      expect(secretsReadBy(other)).toEqual([]);
    }
    // No function's environment carries a credential itself.
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function')))
      for (const name of SECRET_NAMES) expect(fn.Properties.Environment?.Variables?.[name]).toBeUndefined();
    template.hasOutput('SmsGatewayTokenSecretArn', { Value: { Ref: sms } });
    template.hasOutput('ZaloAccessTokenSecretArn', { Value: { Ref: zalo } });
    template.hasOutput('DeliveryWebhookSecretSecretArn', { Value: { Ref: webhook } });
  });

  it('refuses a credential or an unknown name among the settings', () => {
    expect(() => synth(app, { settings: { ZALO_ACCESS_TOKEN: 'abc' } })).toThrow(
      /ZALO_ACCESS_TOKEN is a credential/,
    );
    expect(() => synth(app, { settings: { NOTIFY_PROVIDR: 'live' } })).toThrow(
      /Unknown setting NOTIFY_PROVIDR/,
    );
  });
});

describe('queues, buckets, schedules and protected routes from a definition', () => {
  const { template, nagFindings, policiesOf: fixturePolicies } = synth(fixtureApp);

  it('gives every queue an encrypted DLQ, redrive after maxReceiveCount and a visibility of six consumer timeouts', () => {
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 60,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 2 },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('maps the queue to its consumer with partial batch responses', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('alarms when the DLQ holds a message', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('locks buckets down, lets browsers upload from the portal origins, and expires uploads and old versions', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: Match.anyValue(),
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
          Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
          Match.objectLike({ Prefix: 'incoming/', ExpirationInDays: 1 }),
        ]),
      },
      CorsConfiguration: {
        CorsRules: [Match.objectLike({ AllowedOrigins: ['https://dichvucong.example.test'] })],
      },
    });
  });

  it('runs scheduled functions on their rate', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)' });
  });

  it('configures the JWT authorizer from context', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: 'https://id.example.test/realms/mot-cua', Audience: ['portal'] },
    });
  });

  it('requires the route roles as JWT scopes', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /echo/{id}',
      AuthorizationType: 'JWT',
      AuthorizationScopes: ['officer', 'admin'],
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'ANY /raw/{proxy+}',
      AuthorizationType: 'NONE',
    });
  });

  it('grants each function what it declares and nothing more', () => {
    const policyOf = (name: string) => actionsOfPolicies(fixturePolicies(name) as Policies);
    expect(policyOf('echo')).toEqual(expect.arrayContaining(['sqs:SendMessage', 's3:PutObject']));
    expect(policyOf('echo').some((a: string) => a.startsWith('dynamodb:'))).toBe(false);
    expect(policyOf('worker')).toEqual(
      expect.arrayContaining(['dynamodb:UpdateItem', 'sqs:ReceiveMessage', 'sqs:DeleteMessage']),
    );
    expect(policyOf('tick')).toContain('dynamodb:UpdateItem');
    expect(policyOf('tick')).not.toContain('dynamodb:GetItem');
  });

  it('passes cdk-nag AwsSolutions with no unsuppressed finding', () => {
    expect(nagFindings).toEqual([]);
  });
});

describe('the cdk-nag check itself', () => {
  it('reports findings on a stack that breaks the rules, so a clean result means something', () => {
    const stack = new Stack(new App(), 'Careless');
    new Queue(stack, 'Plain');
    Aspects.of(stack).add(new AwsSolutionsChecks());
    const findings = Annotations.fromStack(stack).findError(
      '*',
      Match.stringLikeRegexp('AwsSolutions-SQS.*'),
    );
    expect(findings.length).toBeGreaterThan(0);
  });
});
