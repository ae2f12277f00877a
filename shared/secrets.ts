// Provider credentials. In AWS each lives in a secret of its own (Secrets Manager), readable only by the functions
// that use it, read with Powertools Parameters and cached for five minutes, so a value put in the secret takes effect
// without a deployment. A value set in the function's environment wins: the local runner and the tests set them
// there, and the stack refuses to (deployment settings cannot carry a secret name).
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { ConfigurationError } from './config.js';
import { resourceEnv, type SecretName } from './resource-env.js';

const MAX_AGE_SECONDS = 300;

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
