// The index the national reconciliation reads: every submitted dossier under its receiving unit by the local day it
// was submitted. Its keys are on the item naming the dossier a code was issued to (written once, with the
// submission), not on the dossier's root: the item every transition rewrites stays small, and the index is written
// once per dossier. The dossiers' statuses are then read by key.
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../../aws/query-all.js';
import { localDay } from '../../domain/dossier/on-time.js';
import type { Status } from '../../domain/dossier/status-machine.js';
import type { DossierRecord } from '../../dossier/model.js';

export const DOSSIER_INDEX_BY_RECEIVER_SUBMITTED_DAY = 'byReceiverSubmittedDay';
/** The dossier's id is all the index copies: its status is read from the dossier itself. */
export const SUBMITTED_DAY_PROJECTION = ['dossierId'] as const;

/** The receiving unit and the local day (Vietnam's time) of the submission. */
export function submittedDayKeys(dossier: DossierRecord): Record<string, string> {
  if (!dossier.submittedAt) return {};
  return { issuedUnit: dossier.receivingUnit, issuedDay: localDay(Date.parse(dossier.submittedAt)) };
}

/** A submitted dossier as the reconciliation compares it. */
export interface SubmittedDossier {
  dossierId: string;
  status: Status;
  code: string | null;
  nationalCode?: string;
}

/** The dossiers a unit received from `from` to `to` (local days, both included): the index, then the roots by key. */
export function dynamoSubmittedDossiers(client: DynamoDBDocumentClient, tableName: string) {
  return async (unit: string, from: string, to: string): Promise<SubmittedDossier[]> => {
    const issued = await queryAll(client, {
      TableName: tableName,
      IndexName: DOSSIER_INDEX_BY_RECEIVER_SUBMITTED_DAY,
      KeyConditionExpression: 'issuedUnit = :unit AND issuedDay BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':unit': unit, ':from': from, ':to': to },
    });
    const ids = [...new Set(issued.map((item) => String(item.dossierId)))];
    const roots: Record<string, unknown>[] = [];
    for (let start = 0; start < ids.length; start += 100) {
      let keys: Record<string, unknown>[] | undefined = ids
        .slice(start, start + 100)
        .map((id) => ({ pk: `DOSSIER#${id}`, sk: '#' }));
      while (keys && keys.length > 0) {
        const page: BatchGetCommandOutput = await client.send(
          new BatchGetCommand({
            RequestItems: {
              [tableName]: {
                Keys: keys,
                ProjectionExpression: 'pk, #status, code, nationalCode',
                ExpressionAttributeNames: { '#status': 'status' },
              },
            },
          }),
        );
        roots.push(...(page.Responses?.[tableName] ?? []));
        keys = page.UnprocessedKeys?.[tableName]?.Keys;
      }
    }
    return roots.map((item) => ({
      dossierId: String(item.pk).slice('DOSSIER#'.length),
      status: item.status as Status,
      code: typeof item.code === 'string' ? item.code : null,
      ...(typeof item.nationalCode === 'string' ? { nationalCode: item.nationalCode } : {}),
    }));
  };
}
