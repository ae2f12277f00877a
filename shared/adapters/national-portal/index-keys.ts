// The index the national reconciliation reads: every submitted dossier under its receiving unit by the local day it
// was submitted, with its status and codes projected, so comparing with the portal reads no dossier.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../../aws/query-all.js';
import { localDay } from '../../domain/dossier/on-time.js';
import type { Status } from '../../domain/dossier/status-machine.js';
import type { DossierRecord } from '../../dossier/model.js';

export const DOSSIER_INDEX_BY_RECEIVER_SUBMITTED_DAY = 'byReceiverSubmittedDay';
/** What the index copies: the status to compare, the codes to look the dossier up by at the portal. */
export const SUBMITTED_DAY_PROJECTION = ['status', 'code', 'nationalCode'] as const;
export const SUBMITTED_DAY_ATTRIBUTES = ['submittedDay'] as const;

/** `yyyy-mm-dd#<id>` in Vietnam's time: days sort as the range asks, ids keep the keys of one day apart. */
export function submittedDayKeys(dossier: DossierRecord): Record<string, string> {
  if (!dossier.submittedAt) return {};
  return { submittedDay: `${localDay(Date.parse(dossier.submittedAt))}#${dossier.id}` };
}

/** A submitted dossier as the index holds it. */
export interface SubmittedDossier {
  dossierId: string;
  status: Status;
  code: string | null;
  nationalCode?: string;
}

/** The dossiers a unit received from `from` to `to` (local days, both included), by the index: nothing scans. */
export function dynamoSubmittedDossiers(client: DynamoDBDocumentClient, tableName: string) {
  return async (unit: string, from: string, to: string): Promise<SubmittedDossier[]> => {
    const items = await queryAll(client, {
      TableName: tableName,
      IndexName: DOSSIER_INDEX_BY_RECEIVER_SUBMITTED_DAY,
      KeyConditionExpression: 'submittedUnit = :unit AND submittedDay BETWEEN :from AND :to',
      // '~' sorts after '#': every dossier of the last day is in.
      ExpressionAttributeValues: { ':unit': unit, ':from': from, ':to': `${to}~` },
    });
    return items.map((item) => ({
      dossierId: String(item.pk).slice('DOSSIER#'.length),
      status: item.status as Status,
      code: typeof item.code === 'string' ? item.code : null,
      ...(typeof item.nationalCode === 'string' ? { nationalCode: item.nationalCode } : {}),
    }));
  };
}
