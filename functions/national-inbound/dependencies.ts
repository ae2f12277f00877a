// What the national portal's inbound dossiers work with, wired to the function's resources and settings.
import { longestFetchMs, portalFiles } from '../../shared/adapters/national-portal/files.js';
import { dynamoNationalInboundRepository } from '../../shared/adapters/national-portal/inbound-repository.js';
import { dynamodb } from '../../shared/aws/clients.js';
import { config } from '../../shared/config.js';
import { receiverPolicyFromEnv } from '../../shared/events/receiver-address.js';

/** A file link is fetched for this long at most. */
const FETCH_TIMEOUT_MS = 10_000;
/** Storing a verified file (up to its document's limit), recording it, and the final hand-off to intake. */
const WRITES_MS = 5_000;
/** A document is started only with this much time left in the run: its longest fetch and its writes. */
export const DOCUMENT_BUDGET_MS = longestFetchMs(FETCH_TIMEOUT_MS) + WRITES_MS;

export const nationalInbound = () => dynamoNationalInboundRepository(dynamodb, config.tableName('dossiers'));

/** Read on each fetch: the setting names the portal's files host (`NATIONAL_PORTAL_FILES_URL`). */
export const files = () => (url: string, maxBytes: number) =>
  portalFiles({
    filesUrl: process.env.NATIONAL_PORTAL_FILES_URL,
    policy: receiverPolicyFromEnv(process.env),
    timeoutMs: FETCH_TIMEOUT_MS,
  })(url, maxBytes);
