// What a partner file link reads and writes in the dossiers table: the one document by key, the dossier's receiving
// unit (whose access log shows the read), and the access log entry. Key reads only, never a Scan.
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AttachmentRecord } from '../dossier/model.js';
import { accessLogItem, documentKey, dossierRootKey, type AccessEntry } from '../dossier/repository.js';
import type { PartnerFileRef } from './link.js';

export interface PartnerFileStore {
  /** The document and its dossier's receiving unit; null when either is not there. */
  find(ref: PartnerFileRef): Promise<{ document: AttachmentRecord; receivingUnit: string } | null>;
  recordAccess(entry: AccessEntry): Promise<void>;
}

export function dynamoPartnerFileStore(client: DynamoDBDocumentClient, tableName: string): PartnerFileStore {
  return {
    async find(ref) {
      const [document, root] = await Promise.all([
        client.send(
          new GetCommand({
            TableName: tableName,
            Key: documentKey(ref.dossierId, ref.kind, ref.documentId),
            ConsistentRead: true,
          }),
        ),
        client.send(
          new GetCommand({
            TableName: tableName,
            Key: dossierRootKey(ref.dossierId),
            ProjectionExpression: 'receivingUnit',
          }),
        ),
      ]);
      const record = document.Item?.attachment as AttachmentRecord | undefined;
      const receivingUnit = root.Item?.receivingUnit;
      if (!record || typeof receivingUnit !== 'string') return null;
      return { document: record, receivingUnit };
    },

    async recordAccess(entry) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: accessLogItem(entry),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
  };
}
