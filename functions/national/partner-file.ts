// GET /partner-files/{token}
import { S3Client } from '@aws-sdk/client-s3';
import { dynamodb } from '../../shared/aws/clients.js';
import { config } from '../../shared/config.js';
import { s3DownloadPresigner } from '../../shared/dossier/download-presigner.js';
import { httpHandler } from '../../shared/http/handler.js';
import { partnerLinkKey } from '../../shared/partner-files/key.js';
import { dynamoPartnerFileStore } from '../../shared/partner-files/store.js';
import { readPartnerFileRoute } from './partner-file.route.js';
import { partnerFile, type PartnerFileDeps } from './partner-files.js';

const deps: PartnerFileDeps = {
  key: () => partnerLinkKey(),
  files: dynamoPartnerFileStore(dynamodb, config.tableName('dossiers')),
  // As shared/dossier/dependencies.ts builds it (path style for the local S3), without the repository it carries.
  downloads: s3DownloadPresigner(
    new S3Client({
      requestChecksumCalculation: 'WHEN_REQUIRED',
      forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3),
    }),
    config.bucketName('attachments'),
  ),
  now: () => Date.now(),
};

export const handler = httpHandler(readPartnerFileRoute, async ({ path }) => partnerFile(deps, path.token));
