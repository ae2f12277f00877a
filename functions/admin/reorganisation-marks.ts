// Which dossiers a re-organisation job counted: per job and dossier, one marker item (the dossier is counted once,
// whichever page meets it first) and one under the page that counted it, written together with the move they count
// (in the move's transaction) or, for a closed dossier left as it was, together on their own. A page's counts are
// read back from its own markers, so a page done again after a crash counts what its first run moved as well.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { ConditionalPut } from '../../shared/dossier/repository.js';

export type MoveOutcome = 'moved' | 'left';

export interface ReorganisationMarks {
  /** Whether the job counted this dossier already (on any page). */
  isMarked(jobId: string, dossierId: string): Promise<boolean>;
  /** Marks a closed dossier as left by page `page`, unless it is marked already. */
  markLeft(jobId: string, dossierId: string, page: number): Promise<void>;
  /** What page `page` counted, all its runs together. */
  pageCounts(jobId: string, page: number): Promise<Record<MoveOutcome, number>>;
}

const dossierMark = (jobId: string, dossierId: string) => ({ pk: `REORGANISATION#${jobId}`, sk: dossierId });
const pageMark = (jobId: string, page: number, dossierId: string) => ({
  pk: `REORGANISATION#${jobId}#${page}`,
  sk: dossierId,
});

/** The marks of one dossier counted by one page: both or neither (the first fails once it is counted). */
export const marksOf = (
  jobId: string,
  dossierId: string,
  page: number,
  outcome: MoveOutcome,
): ConditionalPut[] => [
  { item: { ...dossierMark(jobId, dossierId), page, outcome }, condition: 'attribute_not_exists(pk)' },
  { item: { ...pageMark(jobId, page, dossierId), outcome }, condition: 'attribute_not_exists(pk)' },
];

export function dynamoReorganisationMarks(
  client: DynamoDBDocumentClient,
  tableName: string,
): ReorganisationMarks {
  return {
    async isMarked(jobId, dossierId) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: dossierMark(jobId, dossierId), ConsistentRead: true }),
      );
      return Item !== undefined;
    },

    async markLeft(jobId, dossierId, page) {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: marksOf(jobId, dossierId, page, 'left').map((write) => ({
              Put: { TableName: tableName, Item: write.item, ConditionExpression: write.condition },
            })),
          }),
        );
      } catch (error) {
        // Counted already (by this page's earlier run or another page): nothing to add.
        if (!(error instanceof TransactionCanceledException)) throw error;
        if (!error.CancellationReasons?.some((reason) => reason.Code === 'ConditionalCheckFailed'))
          throw error;
      }
    },

    async pageCounts(jobId, page) {
      const counts: Record<MoveOutcome, number> = { moved: 0, left: 0 };
      let start: Record<string, unknown> | undefined;
      do {
        const result = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': pageMark(jobId, page, '').pk },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of result.Items ?? []) counts[item.outcome as MoveOutcome] += 1;
        start = result.LastEvaluatedKey;
      } while (start);
      return counts;
    },
  };
}
