// National-portal dossiers in DynamoDB, in the dossiers table: the item naming the dossier a MaHoSo became (written,
// conditionally, in the dossier's own creating transaction, so a MaHoSo becomes one dossier), and each pushed
// document's fetch record in the dossier's partition, settled once (a conditional write on its pending status).
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { AttachmentRecord, NationalDocumentRecord } from '../../dossier/model.js';
import type { ConditionalPut } from '../../dossier/repository.js';

const dossierPk = (id: string) => `DOSSIER#${id}`;
const nationalKey = (nationalCode: string) => ({ pk: `NATIONAL#${nationalCode}`, sk: '#' });
const documentSk = (index: number) => `NATIONALDOC#${String(index).padStart(3, '0')}`;
const IS_NEW = 'attribute_not_exists(pk)';

export interface NationalInboundRepository {
  /** The dossier a MaHoSo became, or null when none did. */
  dossierIdOf(nationalCode: string): Promise<string | null>;
  documents(dossierId: string): Promise<NationalDocumentRecord[]>;
  /**
   * Records a pending document as verified (with its attachment, in the same transaction) or failed; false when it
   * was settled meanwhile (a redelivered message).
   */
  settle(document: NationalDocumentRecord, attachment: AttachmentRecord | null): Promise<boolean>;
}

/** The writes that make a MaHoSo one dossier: conditional on the code being new, like each document record. */
export function creationWrites(
  nationalCode: string,
  dossierId: string,
  documents: NationalDocumentRecord[],
): ConditionalPut[] {
  return [
    { item: { ...nationalKey(nationalCode), dossierId }, condition: IS_NEW },
    ...documents.map((document) => ({
      item: { pk: dossierPk(dossierId), sk: documentSk(document.index), document },
      condition: IS_NEW,
    })),
  ];
}

/**
 * The writes of an update, in the dossier's transaction: new document records, and records it replaces, each
 * conditional on the state it was read in (a fetch that settled one meanwhile makes the update read again).
 */
export function documentWrites(
  fresh: NationalDocumentRecord[],
  replaced: { document: NationalDocumentRecord; was: NationalDocumentRecord['status'] }[],
): ConditionalPut[] {
  return [
    ...fresh.map((document) => ({
      item: { pk: dossierPk(document.dossierId), sk: documentSk(document.index), document },
      condition: IS_NEW,
    })),
    ...replaced.map(({ document, was }) => ({
      item: { pk: dossierPk(document.dossierId), sk: documentSk(document.index), document },
      condition: '#d.#s = :was',
      names: { '#d': 'document', '#s': 'status' },
      values: { ':was': was },
    })),
  ];
}

export function dynamoNationalInboundRepository(
  client: DynamoDBDocumentClient,
  TableName: string,
): NationalInboundRepository {
  return {
    async dossierIdOf(nationalCode) {
      const found = await client.send(
        new GetCommand({ TableName, Key: nationalKey(nationalCode), ConsistentRead: true }),
      );
      return typeof found.Item?.dossierId === 'string' ? found.Item.dossierId : null;
    },

    async documents(dossierId) {
      const found = await client.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': dossierPk(dossierId), ':prefix': 'NATIONALDOC#' },
          ConsistentRead: true,
        }),
      );
      return (found.Items ?? []).map((item) => item.document as NationalDocumentRecord);
    },

    async settle(document, attachment) {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName,
                  Item: { pk: dossierPk(document.dossierId), sk: documentSk(document.index), document },
                  ConditionExpression: '#d.#s = :pending',
                  ExpressionAttributeNames: { '#d': 'document', '#s': 'status' },
                  ExpressionAttributeValues: { ':pending': 'pending' },
                },
              },
              ...(attachment
                ? [
                    {
                      Put: {
                        TableName,
                        Item: {
                          pk: dossierPk(attachment.dossierId),
                          sk: `ATTACHMENT#${attachment.id}`,
                          attachment,
                        },
                        ConditionExpression: IS_NEW,
                      },
                    },
                  ]
                : []),
            ],
          }),
        );
        return true;
      } catch (error) {
        if (
          error instanceof TransactionCanceledException &&
          (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed')
        )
          return false;
        throw error;
      }
    },
  };
}
