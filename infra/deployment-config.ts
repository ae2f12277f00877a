// What a deployment is configured with, from CDK context: dev has offline defaults, prod only what it was given.
import type { Stage } from './stack.js';

export interface DeploymentConfig {
  stage: Stage;
  jwtIssuer: string;
  jwtAudience: string[];
  allowedOrigins: string[];
  settings: Record<string, string>;
  account: string | undefined;
  region: string;
}

/** How each value is passed, for the message that names what is missing. */
const REQUIRED_IN_PROD = {
  jwtIssuer: '-c jwtIssuer=https://id.example.gov.vn/realms/mot-cua',
  jwtAudience: '-c jwtAudience=mot-cua-portal',
  allowedOrigins: '-c allowedOrigins=https://dichvucong.example.gov.vn',
  account: '-c account=123456789012',
  region: '-c region=ap-southeast-1',
} as const;

/** Dev synthesizes offline with these; prod never falls back on them (nor on the CLI's default account and region). */
const DEV_DEFAULTS = {
  jwtIssuer: 'https://id.example.invalid/realms/mot-cua',
  jwtAudience: 'mot-cua-portal',
  allowedOrigins: 'http://localhost:5173',
  region: 'ap-southeast-1',
};

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * The deployment's configuration from context values (`-c key=value`). Prod refuses to synthesize unless every value
 * that decides who may call it and where it runs was given explicitly, naming all that are missing at once.
 * `defaultAccount` is the CLI's (CDK_DEFAULT_ACCOUNT), used by dev only.
 */
export function deploymentConfig(
  context: (key: string) => unknown,
  defaultAccount?: string,
): DeploymentConfig {
  const value = (key: string): string | undefined => {
    const raw = context(key);
    const text = Array.isArray(raw) ? raw.join(',') : typeof raw === 'string' ? raw.trim() : undefined;
    return text ? text : undefined;
  };
  const stage = value('stage') ?? 'dev';
  if (stage !== 'dev' && stage !== 'prod') throw new Error(`-c stage must be dev or prod, got ${stage}`);
  const settings = JSON.parse(value('settings') ?? '{}') as Record<string, string>;

  if (stage === 'dev') {
    return {
      stage,
      jwtIssuer: value('jwtIssuer') ?? DEV_DEFAULTS.jwtIssuer,
      jwtAudience: list(value('jwtAudience') ?? DEV_DEFAULTS.jwtAudience),
      allowedOrigins: list(value('allowedOrigins') ?? DEV_DEFAULTS.allowedOrigins),
      settings,
      account: value('account') ?? defaultAccount,
      region: value('region') ?? DEV_DEFAULTS.region,
    };
  }

  const given = Object.fromEntries(Object.keys(REQUIRED_IN_PROD).map((key) => [key, value(key)])) as Record<
    keyof typeof REQUIRED_IN_PROD,
    string | undefined
  >;
  // A value of only commas or spaces is missing too: it would list no audience or no origin.
  const missing = (Object.keys(REQUIRED_IN_PROD) as (keyof typeof REQUIRED_IN_PROD)[]).filter(
    (key) => list(given[key] ?? '').length === 0,
  );
  if (missing.length > 0) {
    throw new Error(
      `stage=${stage} needs explicit context values, missing: ${missing.join(', ')}. Pass them as\n` +
        missing.map((key) => `  ${REQUIRED_IN_PROD[key]}`).join('\n'),
    );
  }
  return {
    stage,
    jwtIssuer: given.jwtIssuer!,
    jwtAudience: list(given.jwtAudience!),
    allowedOrigins: list(given.allowedOrigins!),
    settings,
    account: given.account!,
    region: given.region!,
  };
}
