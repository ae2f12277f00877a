// Wires the national portal sync to what the app definition gives its functions: the adapter's settings, the account's
// password from its secret, the sync records in the dossiers table, the national queue and its DLQ.
import { randomUUID } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import { dynamodb } from '../../aws/clients.js';
import { config } from '../../config.js';
import { resourceEnv } from '../../resource-env.js';
import { readSecret } from '../../secrets.js';
import { partnerLinkKey } from '../../partner-files/key.js';
import { partnerFileLink } from '../../partner-files/link.js';
import { httpNationalPortal, type NationalPortal } from './client.js';
import type { DocumentLink } from './mapping.js';
import { sqsNationalQueue } from './queue.js';
import { dynamoNationalSyncStore } from './sync-store.js';

/** The portal's client, built once per container and password (a new password in the secret opens new sessions). */
export function nationalPortal(env: NodeJS.ProcessEnv = process.env): () => Promise<NationalPortal | null> {
  let built: { password: string; portal: NationalPortal } | null = null;
  return async () => {
    const url = env.NATIONAL_PORTAL_URL;
    if (!url) return null;
    const password = await readSecret('NATIONAL_PORTAL_PASSWORD');
    const unitCode = env.NATIONAL_PORTAL_UNIT_CODE;
    const username = env.NATIONAL_PORTAL_USERNAME;
    if (!password || !unitCode || !username) return null;
    if (built?.password !== password) {
      built = {
        password,
        portal: httpNationalPortal({ url, unitCode, username, password, timeoutMs: 10_000 }),
      };
    }
    return built.portal;
  };
}

/**
 * Links the portal fetches documents by, signed with PARTNER_FILES_SECRET under PUBLIC_API_URL (null without either,
 * or with a secret under 32 bytes).
 */
export function partnerLinks(env: NodeJS.ProcessEnv = process.env) {
  return async (now: number): Promise<DocumentLink | null> => {
    const key = await partnerLinkKey(env);
    return key ? (ref) => partnerFileLink(key, ref, now) : null;
  };
}

export const nationalSyncStore = () =>
  dynamoNationalSyncStore(dynamodb, config.tableName('dossiers'), () => randomUUID());
export const nationalQueue = () => sqsNationalQueue(new SQSClient({}), () => config.queueUrl('national'));
export const nationalDeadLetters = () =>
  sqsNationalQueue(new SQSClient({}), () => {
    const url = process.env[resourceEnv.deadLetterQueueUrl('national')];
    if (!url) throw new Error(`Missing environment variable ${resourceEnv.deadLetterQueueUrl('national')}`);
    return url;
  });
