// The CDK stack built from the app definition: HTTP API with a JWT authorizer, one function per definition entry in a
// nested stack per area, tables, buckets, queues with DLQs, alarms to SNS, a dashboard, and least-privilege roles
// derived from declared access (one per distinct access).
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import {
  CfnOutput,
  CfnResource,
  Duration,
  NestedStack,
  RemovalPolicy,
  SecretValue,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpIntegration,
  HttpIntegrationType,
  HttpMethod,
  HttpRouteIntegration,
  HttpStage,
  LogGroupLogDestination,
  PayloadFormatVersion,
  type HttpRouteIntegrationConfig,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { BUNDLING } from './bundling.js';
import { CORS } from './cors.js';
import { SigningKey } from './signing-key.js';
import {
  SECRET_NAMES,
  queueNames,
  resourceEnv,
  visibilityTimeoutSeconds,
  type AppDefinition,
  type FunctionDefinition,
  type ObjectAccess,
  type TableAccess,
} from './app-model.js';
import type { SecretName } from '../shared/resource-env.js';

export type Stage = 'dev' | 'prod';

export interface MotCuaStackProps extends StackProps {
  app: AppDefinition;
  stage: Stage;
  /** OIDC issuer and audience of the JWT authorizer (any OIDC provider). */
  jwtIssuer: string;
  jwtAudience: string[];
  /** Portal origins allowed by CORS. */
  allowedOrigins: string[];
  /** Project root, where package-lock.json and the function entries are. */
  projectRoot: string;
  /** Deployment settings handed to the functions that declare them (notification providers, portal URL). */
  settings?: Record<string, string>;
}

/** Settings must be ones a function declares, and never a credential (those live in the provider secret). */
function checkSettings(app: AppDefinition, settings: Record<string, string>): void {
  const declared = new Set(Object.values(app.functions).flatMap((fn) => fn.settings ?? []));
  for (const name of Object.keys(settings)) {
    const credential = SECRET_NAMES.find((secret) => secret === name);
    if (credential)
      throw new Error(
        `${name} is a credential: put it in its secret (output ${secretOutputName(credential)}), not in settings`,
      );
    if (!declared.has(name))
      throw new Error(`Unknown setting ${name}; functions read: ${[...declared].sort().join(', ')}`);
  }
}

/** `SMS_GATEWAY_TOKEN` → `SmsGatewayToken`: the secret's construct id and, with `SecretArn`, its output's name. */
function pascal(name: SecretName): string {
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** The stack output naming the ARN of a credential's secret, where operators put its value. */
export const secretOutputName = (name: SecretName) => `${pascal(name)}SecretArn`;

const TABLE_ACTIONS: Record<TableAccess, string[]> = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  put: ['dynamodb:PutItem'],
  update: ['dynamodb:UpdateItem'],
  delete: ['dynamodb:DeleteItem'],
};

const OBJECT_ACTIONS: Record<ObjectAccess, string> = {
  read: 's3:GetObject',
  write: 's3:PutObject',
  delete: 's3:DeleteObject',
};

/** Functions summed by one alarm: CloudWatch lets an alarm's metric math read at most ten metrics. */
const SUMMED_PER_ALARM = 10;
/** Functions per dashboard graph, so each stays readable. */
const FUNCTIONS_PER_WIDGET = 20;
/** Resources a template may hold: CloudFormation refuses 500, and this leaves room to notice before. */
export const RESOURCE_BUDGET = 450;

/** The area of a function, its folder under `functions/`: the nested stack it is deployed in. */
export function areaOf(entry: string): string {
  const area = path.posix.basename(path.posix.dirname(entry));
  return area.charAt(0).toUpperCase() + area.slice(1);
}

const sorted = <T extends string>(items: readonly T[] = []) => [...new Set(items)].sort();
const sortedEntries = <T>(record: Record<string, T> = {}) =>
  Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Everything a function's role must allow, in a canonical order: equal profiles share a role. */
export function accessProfile(def: FunctionDefinition) {
  return {
    tables: Object.fromEntries(
      sortedEntries(def.access?.tables).map(([table, modes]) => [table, sorted(modes)]),
    ),
    buckets: Object.fromEntries(
      sortedEntries(def.access?.buckets).map(([bucket, prefixes]) => [
        bucket,
        Object.fromEntries(sortedEntries(prefixes).map(([prefix, modes]) => [prefix, sorted(modes)])),
      ]),
    ),
    sendsTo: sorted(def.access?.sendsTo),
    deadLettersTo: sorted(def.access?.deadLettersTo),
    // A consumer's role may receive from its queue, so consumers of different queues never share one.
    consumes: sorted(def.triggers.flatMap((trigger) => (trigger.type === 'queue' ? [trigger.queue] : []))),
    secrets: sorted(def.secrets),
    sendsEmail: def.access?.sendsEmail ?? false,
    signs: def.access?.signs ?? false,
  };
}

/** The role's description, so an operator reads in IAM what its functions may do. */
function describeProfile(profile: ReturnType<typeof accessProfile>): string {
  const parts = [
    ...Object.entries(profile.tables).map(([table, modes]) => `table ${table}: ${modes.join('+')}`),
    ...Object.entries(profile.buckets).flatMap(([bucket, prefixes]) =>
      Object.entries(prefixes).map(([prefix, modes]) => `bucket ${bucket}/${prefix}: ${modes.join('+')}`),
    ),
    ...profile.sendsTo.map((queue) => `sends to ${queue}`),
    ...profile.deadLettersTo.map((queue) => `dead-letters to ${queue}`),
    ...profile.consumes.map((queue) => `consumes ${queue}`),
    ...profile.secrets.map((secret) => `reads ${secret}`),
    ...(profile.sendsEmail ? ['sends e-mail'] : []),
    ...(profile.signs ? ['signs with the signing key'] : []),
  ];
  return `Functions with access: ${parts.join('; ') || 'none'}`.slice(0, 1000);
}

const chunk = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** Fails the synth, naming the stack, before CloudFormation would refuse the template. */
function checkResourceBudget(stack: Stack, what: string): void {
  stack.node.addValidation({
    validate: () => {
      const count = stack.node
        .findAll()
        .filter((c) => CfnResource.isCfnResource(c) && c.stack === stack).length;
      return count > RESOURCE_BUDGET
        ? [
            `${what} holds ${count} resources (budget ${RESOURCE_BUDGET}, CloudFormation refuses 500): split it`,
          ]
        : [];
    },
  });
}

/** A route target created beside its function, in the area's stack, and bound to the route as it is. */
class ExistingIntegration extends HttpRouteIntegration {
  constructor(private readonly target: HttpIntegration) {
    super(target.node.id);
  }

  override _bindToRoute(): { readonly integrationId: string } {
    return { integrationId: this.target.integrationId };
  }

  bind(): HttpRouteIntegrationConfig {
    throw new Error('ExistingIntegration is bound through its integration id');
  }
}

export class MotCuaStack extends Stack {
  readonly api: HttpApi;
  readonly functions = new Map<string, NodejsFunction>();

  constructor(scope: Construct, id: string, props: MotCuaStackProps) {
    super(scope, id, props);
    const { app, stage } = props;
    const prod = stage === 'prod';
    const settings = props.settings ?? {};
    checkSettings(app, settings);

    // Provider credentials: one secret per credential, so a function can read only those it uses (the public webhook
    // never sees the SMS or Zalo tokens). Operators fill them (the README says how). The template only ever holds an
    // empty object, so no credential is in it and a deployment never overwrites what was put.
    const secretNames = [...new Set(Object.values(app.functions).flatMap((fn) => fn.secrets ?? []))];
    const secrets = new Map(
      secretNames.map((name) => [
        name,
        new Secret(this, `${pascal(name)}Secret`, {
          description: `${app.service} ${stage}: ${name} (JSON object {"${name}": "…"})`,
          secretStringValue: SecretValue.unsafePlainText('{}'),
          removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        }),
      ]),
    );

    // The organisation's signing key, created only when a function signs (the documents consumer).
    const signingKey = Object.values(app.functions).some((fn) => fn.access?.signs)
      ? new SigningKey(this, 'SigningKey', {
          description: `${app.service} ${stage}: signs the forms the system issues (PAdES)`,
          retain: prod,
        })
      : undefined;

    // Alarms go to an encrypted topic that CloudWatch may publish to.
    const alarmKey = new Key(this, 'AlarmTopicKey', {
      enableKeyRotation: true,
      description: 'Encrypts the alarm topic',
    });
    alarmKey.grantEncryptDecrypt(new ServicePrincipal('cloudwatch.amazonaws.com'));
    const alarmTopic = new Topic(this, 'AlarmTopic', {
      masterKey: alarmKey,
      enforceSSL: true,
      displayName: `${app.service} ${stage} alarms`,
    });
    const alarm = (id: string, metric: IMetric, description: string) =>
      new Alarm(this, id, {
        metric,
        threshold: 0,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      }).addAlarmAction(new SnsAction(alarmTopic));

    const tables = new Map(
      Object.entries(app.tables).map(([name, def]) => {
        const table = new Table(this, `Table-${name}`, {
          partitionKey: { name: def.partitionKey, type: AttributeType.STRING },
          sortKey: def.sortKey ? { name: def.sortKey, type: AttributeType.STRING } : undefined,
          billingMode: BillingMode.PAY_PER_REQUEST,
          encryption: TableEncryption.AWS_MANAGED,
          pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
          deletionProtection: prod,
          removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
          timeToLiveAttribute: def.timeToLiveAttribute,
        });
        for (const [indexName, index] of Object.entries(def.indexes ?? {})) {
          table.addGlobalSecondaryIndex({
            indexName,
            partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
            sortKey: index.sortKey ? { name: index.sortKey, type: AttributeType.STRING } : undefined,
            ...(index.projection === 'keys'
              ? { projectionType: ProjectionType.KEYS_ONLY }
              : Array.isArray(index.projection)
                ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection] }
                : { projectionType: ProjectionType.ALL }),
          });
        }
        return [name, table] as const;
      }),
    );

    const accessLogs =
      Object.keys(app.buckets).length > 0
        ? new Bucket(this, 'AccessLogsBucket', {
            blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
            encryption: BucketEncryption.S3_MANAGED,
            enforceSSL: true,
            objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
            lifecycleRules: [{ expiration: Duration.days(prod ? 365 : 30) }],
            removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
            autoDeleteObjects: !prod,
          })
        : undefined;
    const buckets = new Map(
      Object.entries(app.buckets).map(([name, def]) => [
        name,
        new Bucket(this, `Bucket-${name}`, {
          blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
          encryption: BucketEncryption.S3_MANAGED,
          enforceSSL: true,
          versioned: true,
          serverAccessLogsBucket: accessLogs,
          serverAccessLogsPrefix: `${name}/`,
          lifecycleRules: [
            { abortIncompleteMultipartUploadAfter: Duration.days(1) },
            // Versions replaced or deleted stay recoverable for a while, not forever (they may hold personal data).
            { noncurrentVersionExpiration: Duration.days(30) },
            ...(def.browserUploads
              ? [
                  {
                    prefix: def.browserUploads.prefix,
                    expiration: Duration.days(1),
                    noncurrentVersionExpiration: Duration.days(1),
                  },
                ]
              : []),
          ],
          // Browsers only POST the presigned form (downloads go through the API). A form POST sends only
          // CORS-safelisted headers (its multipart/form-data Content-Type among them), so no other header is allowed.
          cors: def.browserUploads
            ? [{ allowedMethods: [HttpMethods.POST], allowedOrigins: props.allowedOrigins, maxAge: 3000 }]
            : undefined,
          removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
          autoDeleteObjects: !prod,
        }),
      ]),
    );

    const queues = new Map(
      Object.entries(app.queues).map(([name, def]) => {
        const dlq = new Queue(this, `Queue-${name}-DLQ`, {
          queueName: queueNames(app.service, stage, name).dlq,
          encryption: QueueEncryption.SQS_MANAGED,
          enforceSSL: true,
          retentionPeriod: Duration.days(14),
        });
        alarm(
          `Alarm-${name}-DLQ`,
          dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
          `Messages in the ${name} dead-letter queue`,
        );
        const queue = new Queue(this, `Queue-${name}`, {
          queueName: queueNames(app.service, stage, name).queue,
          encryption: QueueEncryption.SQS_MANAGED,
          enforceSSL: true,
          visibilityTimeout: Duration.seconds(visibilityTimeoutSeconds(app, name)),
          retentionPeriod: Duration.days(14),
          deadLetterQueue: { queue: dlq, maxReceiveCount: def.maxReceiveCount },
        });
        return [name, queue] as const;
      }),
    );

    const authorizer = new HttpJwtAuthorizer('JwtAuthorizer', props.jwtIssuer, {
      jwtAudience: props.jwtAudience,
    });
    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `${app.service}-${stage}`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: props.allowedOrigins,
        allowMethods: CORS.allowMethods.map((method) => CorsHttpMethod[method]),
        allowHeaders: CORS.allowHeaders,
        exposeHeaders: CORS.exposeHeaders,
        maxAge: Duration.seconds(CORS.maxAgeSeconds),
      },
    });
    const apiLogs = new LogGroup(this, 'HttpApiAccessLogs', {
      retention: prod ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const stageResource = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: prod ? 200 : 50, burstLimit: prod ? 400 : 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(apiLogs),
        format: AccessLogFormat.jsonWithStandardFields(),
      },
    });
    // Routes with a throttle of their own (the public lookup: guessing verifiers) are held below the stage's.
    const routeSettings = Object.fromEntries(
      Object.values(app.functions).flatMap((fn) =>
        fn.triggers.flatMap((trigger) =>
          trigger.type === 'http' && trigger.throttle
            ? [
                [
                  `${trigger.route.method} ${trigger.route.path}`,
                  {
                    ThrottlingRateLimit: trigger.throttle.rateLimit,
                    ThrottlingBurstLimit: trigger.throttle.burstLimit,
                  },
                ],
              ]
            : [],
        ),
      ),
    );
    if (Object.keys(routeSettings).length > 0)
      (stageResource.node.defaultChild as CfnStage).routeSettings = routeSettings;
    alarm(
      'Alarm-Api5xx',
      this.api.metricServerError({ period: Duration.minutes(5) }),
      'The HTTP API answered 5xx',
    );

    /** Exactly the calls a table access mode names: reads reach the indexes too, writes only the table. */
    const grantTable = (name: string, modes: readonly TableAccess[], role: Role) => {
      const table = tables.get(name)!;
      const indexed = Object.keys(app.tables[name]!.indexes ?? {}).length > 0;
      for (const mode of modes)
        role.addToPrincipalPolicy(
          new PolicyStatement({
            actions: TABLE_ACTIONS[mode],
            resources:
              mode === 'read' && indexed ? [table.tableArn, `${table.tableArn}/index/*`] : [table.tableArn],
          }),
        );
    };
    /** Object calls under each declared prefix only, never the whole bucket. */
    const grantBucket = (name: string, prefixes: Record<string, readonly ObjectAccess[]>, role: Role) => {
      const bucket = buckets.get(name)!;
      for (const [prefix, modes] of Object.entries(prefixes)) {
        role.addToPrincipalPolicy(
          new PolicyStatement({
            actions: modes.map((mode) => OBJECT_ACTIONS[mode]),
            resources: [bucket.arnForObjects(`${prefix}*`)],
          }),
        );
      }
      // Without s3:ListBucket S3 answers a read of a missing object with 403, not 404, and a reader tells
      // "nothing was uploaded yet" by the 404.
      if (Object.values(prefixes).some((modes) => modes.includes('read')))
        role.addToPrincipalPolicy(
          new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
        );
    };

    // Each area (folder under functions/) is a nested stack holding its functions, roles, log groups, integrations
    // and triggers: a template of its own, each under CloudFormation's 500-resource limit, still one `cdk deploy`.
    // Routes stay here, so moving a function between stacks never creates a route key that already exists.
    const areas = new Map<string, NestedStack>();
    const areaStack = (area: string) => {
      const existing = areas.get(area);
      if (existing) return existing;
      const nested = new NestedStack(this, `Area-${area}`, {
        description: `${app.service} ${stage}: ${area}`,
      });
      checkResourceBudget(nested, `area ${area}`);
      areas.set(area, nested);
      return nested;
    };
    checkResourceBudget(this, 'the root stack');

    // Functions of an area with the same declared access share one role (its grants are exactly that access), so IAM
    // grows with the kinds of access, not with the routes. Roles stay in their area's stack: the root grows only with
    // routes, and an area's access changes touch only its own template.
    const roles = new Map<string, Role>();
    const roleFor = (scope: NestedStack, def: FunctionDefinition): Role => {
      const profile = accessProfile(def);
      const key = JSON.stringify(profile);
      const existing = roles.get(`${scope.node.id} ${key}`);
      if (existing) return existing;
      const role = new Role(
        scope,
        `Role-${scope.node.id}-${createHash('sha256').update(key).digest('hex').slice(0, 8)}`,
        {
          assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
          description: describeProfile(profile),
          managedPolicies: [
            ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole'),
          ],
        },
      );
      roles.set(`${scope.node.id} ${key}`, role);
      for (const [table, modes] of Object.entries(profile.tables)) grantTable(table, modes, role);
      for (const [bucket, prefixes] of Object.entries(profile.buckets)) grantBucket(bucket, prefixes, role);
      for (const queue of profile.sendsTo) queues.get(queue)!.grantSendMessages(role);
      for (const queue of profile.deadLettersTo)
        queues.get(queue)!.deadLetterQueue!.queue.grantSendMessages(role);
      for (const secret of profile.secrets) secrets.get(secret)!.grantRead(role);
      if (profile.signs) signingKey!.grantSign(role);
      if (profile.sendsEmail)
        role.addToPrincipalPolicy(
          new PolicyStatement({
            actions: ['ses:SendEmail'],
            resources: [`arn:${this.partition}:ses:${this.region}:${this.account}:identity/*`],
          }),
        );
      role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['cloudwatch:PutMetricData'],
          resources: ['*'],
          conditions: { StringEquals: { 'cloudwatch:namespace': 'MotCua' } },
        }),
      );
      return role;
    };

    const byArea = new Map<string, [string, NodejsFunction][]>();
    for (const [name, def] of Object.entries(app.functions)) {
      const area = areaOf(def.entry);
      const scope = areaStack(area);
      const logGroup = new LogGroup(scope, `Logs-${name}`, {
        retention: prod ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
        removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      const environment: Record<string, string> = {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: app.service,
        POWERTOOLS_METRICS_NAMESPACE: 'MotCua',
        STAGE: stage,
        ALLOWED_ORIGINS: props.allowedOrigins.join(','),
      };
      for (const table of Object.keys(def.access?.tables ?? {}))
        environment[resourceEnv.table(table)] = tables.get(table)!.tableName;
      for (const bucket of Object.keys(def.access?.buckets ?? {}))
        environment[resourceEnv.bucket(bucket)] = buckets.get(bucket)!.bucketName;
      for (const queue of def.access?.sendsTo ?? [])
        environment[resourceEnv.queueUrl(queue)] = queues.get(queue)!.queueUrl;
      for (const queue of def.access?.deadLettersTo ?? [])
        environment[resourceEnv.deadLetterQueueUrl(queue)] =
          queues.get(queue)!.deadLetterQueue!.queue.queueUrl;
      for (const setting of def.settings ?? [])
        if (settings[setting] !== undefined) environment[setting] = settings[setting];
      for (const secret of def.secrets ?? [])
        environment[resourceEnv.secretArn(secret)] = secrets.get(secret)!.secretArn;
      if (def.access?.signs) environment[resourceEnv.signingKeyId()] = signingKey!.key.keyArn;

      const fn = new NodejsFunction(scope, `Fn-${name}`, {
        entry: path.join(props.projectRoot, def.entry),
        handler: 'handler',
        description: def.description,
        runtime: Runtime.NODEJS_22_X,
        architecture: Architecture.ARM_64,
        memorySize: def.memoryMb,
        timeout: Duration.seconds(def.timeoutSeconds),
        tracing: Tracing.ACTIVE,
        role: roleFor(scope, def),
        logGroup,
        loggingFormat: LoggingFormat.JSON,
        environment,
        projectRoot: props.projectRoot,
        depsLockFilePath: path.join(props.projectRoot, 'package-lock.json'),
        bundling: {
          format: OutputFormat.ESM,
          target: BUNDLING.target,
          minify: BUNDLING.minify,
          sourceMap: BUNDLING.sourcemap,
          mainFields: [...BUNDLING.mainFields],
          // The AWS SDK is bundled and tree-shaken with the function, not taken from the runtime.
          externalModules: [],
          banner: BUNDLING.banner,
          esbuildArgs: Object.fromEntries(
            Object.entries(BUNDLING.alias).map(([from, to]) => [`--alias:${from}`, to]),
          ),
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            afterBundling: (inputDir: string, outputDir: string) =>
              (def.assets ?? []).flatMap((asset) => [
                `mkdir -p "${path.posix.join(outputDir, path.posix.dirname(asset.to))}"`,
                `cp "${path.posix.join(inputDir, asset.from)}" "${path.posix.join(outputDir, asset.to)}"`,
              ]),
          },
        },
      });
      this.functions.set(name, fn);
      byArea.set(area, [...(byArea.get(area) ?? []), [name, fn]]);

      // One integration per function, whatever its number of routes; each route may invoke it on its own path only.
      const integration = def.triggers.some((trigger) => trigger.type === 'http')
        ? new HttpIntegration(scope, `Int-${name}`, {
            httpApi: this.api,
            integrationType: HttpIntegrationType.AWS_PROXY,
            integrationUri: fn.functionArn,
            payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
          })
        : undefined;
      for (const trigger of def.triggers) {
        if (trigger.type === 'http') {
          const { route } = trigger;
          fn.addPermission(`Invoke-${route.operationId}`, {
            principal: new ServicePrincipal('apigateway.amazonaws.com'),
            sourceArn: scope.formatArn({
              service: 'execute-api',
              resource: this.api.apiId,
              resourceName: `*/*${route.path}`,
            }),
          });
          this.api.addRoutes({
            path: route.path,
            methods: [HttpMethod[route.method]],
            integration: new ExistingIntegration(integration!),
            ...(route.auth === 'public' ? {} : { authorizer, authorizationScopes: [...route.auth.roles] }),
          });
        } else if (trigger.type === 'queue') {
          fn.addEventSource(
            new SqsEventSource(queues.get(trigger.queue)!, {
              batchSize: trigger.batchSize,
              maxBatchingWindow: Duration.seconds(trigger.maxBatchingWindowSeconds),
              reportBatchItemFailures: true,
            }),
          );
        } else {
          new Rule(scope, `Schedule-${name}`, {
            schedule: Schedule.rate(Duration.minutes(trigger.rateMinutes)),
            targets: [new LambdaFunction(fn, { retryAttempts: 2 })],
          });
        }
      }
    }

    // Errors and throttles alarm on their sum over every function. An alarm's metric math may read at most ten
    // metrics, so each alarm sums ten functions (a Metrics Insights query would need function names or tags).
    chunk([...this.functions], SUMMED_PER_ALARM).forEach((group, i) => {
      const names = group.map(([name]) => name).join(', ');
      const sum = (metric: (fn: NodejsFunction) => IMetric, label: string) =>
        new MathExpression({
          expression: `SUM([${group.map((_, j) => `FILL(m${j}, 0)`).join(', ')}])`,
          usingMetrics: Object.fromEntries(group.map(([, fn], j) => [`m${j}`, metric(fn)])),
          label,
          period: Duration.minutes(5),
        });
      alarm(
        `Alarm-Errors-${i + 1}`,
        sum((fn) => fn.metricErrors({ period: Duration.minutes(5) }), 'Errors'),
        `A function failed: ${names}`,
      );
      alarm(
        `Alarm-Throttles-${i + 1}`,
        sum((fn) => fn.metricThrottles({ period: Duration.minutes(5) }), 'Throttles'),
        `A function was throttled: ${names}`,
      );
    });
    // Which function it was: one dashboard, a row per area.
    const widgets = [...byArea].flatMap(([area, fns]) =>
      chunk(fns, FUNCTIONS_PER_WIDGET).map((part, k) => {
        const title = (what: string) => `${area}${k > 0 ? ` (${k + 1})` : ''}: ${what}`;
        const graph = (what: string, metric: (fn: NodejsFunction, label: string) => IMetric) =>
          new GraphWidget({
            title: title(what),
            width: 8,
            left: part.map(([name, fn]) => metric(fn, name)),
          });
        return [
          graph('errors', (fn, label) => fn.metricErrors({ label, period: Duration.minutes(5) })),
          graph('throttles', (fn, label) => fn.metricThrottles({ label, period: Duration.minutes(5) })),
          graph('duration p99', (fn, label) =>
            fn.metricDuration({ label, period: Duration.minutes(5), statistic: 'p99' }),
          ),
        ];
      }),
    );
    new Dashboard(this, 'Dashboard', {
      dashboardName: `${app.service}-${stage}`,
      widgets,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    for (const [name, table] of tables) new CfnOutput(this, `TableName-${name}`, { value: table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarmTopic.topicArn });
    for (const [name, secret] of secrets)
      new CfnOutput(this, secretOutputName(name), {
        value: secret.secretArn,
        description: `Put ${name} here as {"${name}": "…"}`,
      });

    this.suppressReviewedFindings();
  }

  /** Each suppression states why the AwsSolutions finding does not apply. */
  private suppressReviewedFindings(): void {
    const reviewed: Parameters<typeof NagSuppressions.addStackSuppressions>[1] = [
      {
        id: 'AwsSolutions-IAM4',
        reason: 'AWSLambdaBasicExecutionRole only lets a function write to its own log group.',
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'X-Ray trace segments and CloudWatch metrics have no resource-level permissions; metrics are limited by a namespace condition.',
        appliesTo: ['Resource::*'],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason: 'Read grants cover the indexes of the table the function is granted, nothing else.',
        // Roles live in the area stacks, which see the table as a parameter (`referenceto…Arn`).
        appliesTo: [{ regex: '/^Resource::<(referenceto.*)?Table.*Arn>\\/index\\/\\*$/g' }],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Object grants are limited to the key prefix (uploads, copies to verify under uploads/verify/, verified copies) the function declares.',
        appliesTo: [{ regex: '/^Resource::<(referenceto.*)?Bucket.*Arn>\\/([a-z0-9-]+\\/)+\\*$/g' }],
      },
      {
        id: 'AwsSolutions-L1',
        reason:
          'The runtime is fixed to nodejs22.x by the project (DEVELOPERS.md), tested locally on the same major line.',
      },
      {
        id: 'AwsSolutions-APIG4',
        reason:
          'Public catalog, calendar and health routes are open by design; protected routes use the JWT authorizer.',
      },
      { id: 'AwsSolutions-SQS3', reason: 'These queues are the dead-letter queues of the stage queues.' },
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'The provider secrets hold tokens issued by the SMS gateway, Zalo and webhook senders: they are rotated at the provider and put in their secret, which functions re-read within five minutes.',
      },
      {
        id: 'AwsSolutions-IAM5',
        reason: 'SES identities are chosen per deployment (NOTIFY_EMAIL_FROM); only SendEmail is allowed.',
        appliesTo: [{ regex: '/^Resource::arn:.*:ses:.*:identity\\/\\*$/g' }],
      },
    ];
    // The area stacks hold the functions and their triggers: the same reasons apply there.
    NagSuppressions.addStackSuppressions(this, reviewed, true);
  }
}
