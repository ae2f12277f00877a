// National-portal dossiers in DynamoDB, in the dossiers table: the item naming the dossier a MaHoSo became (written,
// conditionally, in the dossier's own creating transaction, so a MaHoSo becomes one dossier), and each pushed
// document's fetch record in the dossier's partition, naming each copy before it is stored and settled once (both
// conditional writes on its pending status).
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
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
  /** Names a copy in its pending record before it is stored; false when the record was settled or replaced meanwhile. */
  reserveCopy(
    document: NationalDocumentRecord,
    copy: { attachmentId: string; objectKey: string },
  ): Promise<boolean>;
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
 * conditional on the state it was read in (a fetch that settled one, or named a copy, meanwhile makes the update read
 * again).
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
    // A copy a fetch named after the update read the record makes it read again: the record keeps every copy named.
    ...replaced.map(({ document, was }) => ({
      item: { pk: dossierPk(document.dossierId), sk: documentSk(document.index), document },
      condition: document.copies
        ? '#d.#s = :was AND size(#d.#c) = :copies'
        : '#d.#s = :was AND attribute_not_exists(#d.#c)',
      names: { '#d': 'document', '#s': 'status', '#c': 'copies' },
      values: { ':was': was, ...(document.copies ? { ':copies': document.copies.length } : {}) },
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

    async reserveCopy(document, copy) {
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: { pk: dossierPk(document.dossierId), sk: documentSk(document.index) },
            UpdateExpression: 'SET #d.#c = list_append(if_not_exists(#d.#c, :none), :copy)',
            ConditionExpression: '#d.#s = :pending',
            ExpressionAttributeNames: { '#d': 'document', '#c': 'copies', '#s': 'status' },
            ExpressionAttributeValues: { ':none': [], ':copy': [copy], ':pending': 'pending' },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    async settle(document, attachment) {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                // Its settled fields only: the copies a concurrent delivery named meanwhile stay listed.
                Update: {
                  TableName,
                  Key: { pk: dossierPk(document.dossierId), sk: documentSk(document.index) },
                  UpdateExpression:
                    'SET #d.#s = :status, #d.attachmentId = :attachment, #d.reason = :reason, #d.settledAt = :at',
                  ConditionExpression: '#d.#s = :pending',
                  ExpressionAttributeNames: { '#d': 'document', '#s': 'status' },
                  ExpressionAttributeValues: {
                    ':pending': 'pending',
                    ':status': document.status,
                    ':attachment': document.attachmentId,
                    ':reason': document.reason,
                    ':at': document.settledAt,
                  },
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
