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
  allowedOrigins: () =>
    (process.env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
};
