// Reads the resource names the app definition gives each function through its environment.
import { resourceEnv } from './resource-env.js';

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new ConfigurationError(`Missing environment variable ${name}`);
  return value;
}

export const config = {
  tableName: (table: string) => required(resourceEnv.table(table)),
  bucketName: (bucket: string) => required(resourceEnv.bucket(bucket)),
  queueUrl: (queue: string) => required(resourceEnv.queueUrl(queue)),
  /**
   * The organisation's signing key: the stage's KMS key in AWS (`SIGNING_KEY_ID`, set by the stack), locally a PKCS#8
   * PEM file (`SIGNING_KEY_FILE`). The chain comes from SIGNING_CERTIFICATE_CHAIN (its secret in AWS) or, locally, the
   * PEM file `SIGNING_CERTIFICATE_CHAIN_FILE`.
   */
  signing: () => ({
    keyId: process.env[resourceEnv.signingKeyId()] || undefined,
    keyFile: process.env.SIGNING_KEY_FILE || undefined,
    chainFile: process.env.SIGNING_CERTIFICATE_CHAIN_FILE || undefined,
  }),
  allowedOrigins: () =>
    (process.env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
};
