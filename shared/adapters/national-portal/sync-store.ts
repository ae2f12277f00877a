// DynamoDB record of what the national portal was last sent of each dossier (table `dossiers`, a partition of its own
// so the dossier's reads never load it): the history position its state and its progress reached, and a lease, so one
// consumer at a time sends a dossier and an older state is never sent after a newer one.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface SyncClaim {
  leaseId: string;
  /** Whether the portal already has the dossier (DongBoHoSoMC then updates: isUpdating). */
  known: boolean;
  /** The last history position whose progress updates the portal accepted. */
  progressSequence: number;
}

export type ClaimResult = { kind: 'claimed'; claim: SyncClaim } | { kind: 'done' } | { kind: 'busy' };

export interface NationalSyncStore {
  /** Takes the dossier for `leaseMs` unless the portal was sent `sequence` already (or `force`) or it is taken. */
  claim(
    dossierId: string,
    sequence: number,
    now: number,
    leaseMs: number,
    force: boolean,
  ): Promise<ClaimResult>;
  /** The portal has the dossier now (an accepted DongBoHoSoMC), whatever happens to the rest of this attempt. */
  markKnown(dossierId: string, leaseId: string): Promise<void>;
  /** Everything up to `sequence` was accepted: records it, and the status sent, and releases the lease. */
  complete(
    dossierId: string,
    leaseId: string,
    done: { sequence: number; status: string; at: string },
  ): Promise<void>;
  /** Releases the lease after a failed attempt, keeping what failed (the code or error, never the data). */
  release(dossierId: string, leaseId: string, failure: string): Promise<void>;
}

const key = (dossierId: string) => ({ pk: `NATIONAL#${dossierId}`, sk: '#' });

export function dynamoNationalSyncStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  newId: () => string,
): NationalSyncStore {
  const TableName = tableName;
  const leased = async (
    dossierId: string,
    leaseId: string,
    update: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'Key'>,
  ) => {
    try {
      await client.send(new UpdateCommand({ TableName, Key: key(dossierId), ...update }));
    } catch (error) {
      // The lease ran out and another attempt took the dossier: what it sends is as new as this one.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  };
  return {
    async claim(dossierId, sequence, now, leaseMs, force) {
      const leaseId = newId();
      try {
        const result = await client.send(
          new UpdateCommand({
            TableName,
            Key: key(dossierId),
            UpdateExpression: 'SET leaseId = :lease, leaseUntil = :until',
            ConditionExpression:
              `${force ? '' : '(attribute_not_exists(sentSequence) OR sentSequence < :seq) AND '}` +
              '(attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
            ExpressionAttributeValues: {
              ':lease': leaseId,
              ':until': now + leaseMs,
              ':now': now,
              ...(force ? {} : { ':seq': sequence }),
            },
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        const item = result.Attributes ?? {};
        return {
          kind: 'claimed',
          claim: {
            leaseId,
            known: item.known === true,
            progressSequence: Number(item.progressSequence ?? 0),
          },
        };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const old = error.Item;
        const sent = old?.sentSequence && 'N' in old.sentSequence ? Number(old.sentSequence.N) : 0;
        return !force && sent >= sequence ? { kind: 'done' } : { kind: 'busy' };
      }
    },
    markKnown: (dossierId, leaseId) =>
      leased(dossierId, leaseId, {
        UpdateExpression: 'SET known = :true',
        ConditionExpression: 'leaseId = :lease',
        ExpressionAttributeValues: { ':true': true, ':lease': leaseId },
      }),
    complete: (dossierId, leaseId, done) =>
      leased(dossierId, leaseId, {
        UpdateExpression:
          'SET sentSequence = :seq, progressSequence = :seq, sentStatus = :status, syncedAt = :at, known = :true ' +
          'REMOVE leaseId, leaseUntil, lastFailure',
        ConditionExpression: 'leaseId = :lease',
        ExpressionAttributeValues: {
          ':seq': done.sequence,
          ':status': done.status,
          ':at': done.at,
          ':true': true,
          ':lease': leaseId,
        },
      }),
    release: (dossierId, leaseId, failure) =>
      leased(dossierId, leaseId, {
        UpdateExpression: 'SET lastFailure = :failure REMOVE leaseId, leaseUntil',
        ConditionExpression: 'leaseId = :lease',
        ExpressionAttributeValues: { ':failure': failure, ':lease': leaseId },
      }),
  };
}
