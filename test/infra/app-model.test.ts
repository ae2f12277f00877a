import { describe, expect, it } from 'vitest';
import { validateApp, type AppDefinition } from '../../infra/app-model.js';

const withBucketAccess = (
  prefixes: Record<string, readonly ('read' | 'write' | 'delete')[]>,
): AppDefinition => ({
  service: 'check',
  tables: {},
  buckets: { files: {} },
  queues: {},
  functions: {
    reader: {
      entry: 'functions/platform/health.ts',
      description: 'Reads files',
      memoryMb: 128,
      timeoutSeconds: 3,
      triggers: [],
      access: { buckets: { files: prefixes } },
    },
  },
});

describe('the app definition check', () => {
  it('refuses object access to the whole bucket or to a prefix that is not a folder', () => {
    for (const prefix of ['', '*', 'uploads', 'uploads/*'])
      expect(() => validateApp(withBucketAccess({ [prefix]: ['read'] })), prefix).toThrow(
        /bucket files access needs a key prefix ending in \//,
      );
  });

  it('accepts object access under a folder prefix', () => {
    expect(() =>
      validateApp(withBucketAccess({ 'uploads/': ['read'], 'dossiers/': ['write'] })),
    ).not.toThrow();
  });
});
