// Provider credentials. In AWS each lives in a secret of its own (Secrets Manager), readable only by the functions
// that use it, read with Powertools Parameters and cached for five minutes, so a value put in the secret takes effect
// without a deployment. A value set in the function's environment wins: the local runner and the tests set them
// there, and the stack refuses to (deployment settings cannot carry a secret name).
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { ConfigurationError } from './config.js';
import { logger } from './powertools.js';
import { resourceEnv, type SecretName } from './resource-env.js';

const MAX_AGE_SECONDS = 300;

/** The keys this API chooses itself and keys HMAC-SHA-256 with (the providers' own secrets are theirs to size). */
export type SigningKeyName = Extract<
  SecretName,
  'LOOKUP_SECRET' | 'APPLICANT_LINK_SECRET' | 'PARTNER_FILES_SECRET'
>;

/** SHA-256's output size: a shorter HMAC key is weaker than the hash (RFC 2104 §3); `openssl rand -base64 32` gives 44. */
export const MIN_SIGNING_KEY_BYTES = 32;

/**
 * The credential, or undefined when it is not configured (no value, an empty one, or no secret for it). Its secret
 * holds a JSON object with the credential under its own name, so a value put in the wrong secret is never used.
 */
export async function readSecret(name: SecretName): Promise<string | undefined> {
  const fromEnvironment = process.env[name];
  if (fromEnvironment) return fromEnvironment;
  const arn = process.env[resourceEnv.secretArn(name)];
  if (!arn) return undefined;
  let values: Record<string, unknown> | undefined;
  try {
    values = await getSecret<Record<string, unknown>>(arn, { transform: 'json', maxAge: MAX_AGE_SECONDS });
  } catch (error) {
    // A JSON parse error quotes the secret's text: only the kind of failure is passed on.
    const kind =
      (error as Error).name === 'TransformParameterError' ? 'is not a JSON object' : 'cannot be read';
    throw new ConfigurationError(`The ${name} secret ${kind}`);
  }
  const value = values?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const warnedShortKeys = new Set<SigningKeyName>();

/**
 * A key this API signs or derives with, or undefined when it is not configured: a value shorter than
 * MIN_SIGNING_KEY_BYTES counts as none (each caller then refuses as it does without one), and is warned of once per
 * container by its name and length, never its value.
 */
export async function readSigningKey(name: SigningKeyName): Promise<string | undefined> {
  const value = await readSecret(name);
  if (value === undefined) return undefined;
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes >= MIN_SIGNING_KEY_BYTES) return value;
  if (!warnedShortKeys.has(name)) {
    warnedShortKeys.add(name);
    logger.warn(`${name} is shorter than ${MIN_SIGNING_KEY_BYTES} bytes: treated as not configured`, {
      secret: name,
      bytes,
    });
  }
  return undefined;
}
