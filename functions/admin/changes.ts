// What every administrative change shares: the audit entry written with it, the If-Match check, and the retry when
// another change was written between the read and the write.
import { randomUUID } from 'node:crypto';
import { CatalogConflictError, type AuditEntry } from '../../shared/catalog/repository.js';
import type { Caller } from '../../shared/http/handler.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { jitteredPause } from '../../shared/retry.js';

export interface AdminClock {
  now: () => number;
}

export function auditEntry(
  caller: Caller,
  action: string,
  target: AuditEntry['target'],
  before: unknown,
  after: unknown,
  now: number,
): AuditEntry {
  return {
    id: randomUUID(),
    at: new Date(now).toISOString(),
    actor: { subject: caller.subject, ...(caller.name ? { name: caller.name } : {}) },
    action,
    target,
    // DynamoDB keeps no undefined: "nothing before" (a creation) is null.
    before: before ?? null,
    after: after ?? null,
  };
}

/** 412 when the caller decided on another version than the current one (no If-Match: no such check). */
export function assertIfMatch(ifMatch: string | undefined, current: string | null): void {
  if (ifMatch === undefined || (ifMatch.trim() === '*' && current !== null)) return;
  if (ifMatch.trim() === current) return;
  throw new HttpProblem(
    'precondition-failed',
    {
      vi: 'Dữ liệu đã thay đổi kể từ khi bạn xem; hãy tải lại rồi sửa lại',
      en: 'It changed since you read it; reload it and make your change again',
    },
    [{ field: 'header.if-match', message: { vi: 'Đã cũ', en: 'Out of date' } }],
  );
}

const ATTEMPTS = 5;

/**
 * Runs `attempt` on a fresh read until its guarded write is not beaten by another change; with If-Match the caller
 * named the version, so the next read answers 412 instead. After five tries: 409, nothing written.
 */
export async function onLatest<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof CatalogConflictError)) throw error;
      if (tries >= ATTEMPTS) {
        throw new HttpProblem('conflict', {
          vi: 'Có nhiều thay đổi khác được ghi trước; chưa ghi gì, hãy đọc lại rồi thử lại',
          en: 'Other changes kept coming first; nothing was written: read it again and retry',
        });
      }
      await jitteredPause(tries);
    }
  }
}

/** A reference the change needs is missing or inactive: 422 naming the field. */
export const unusable = (fields: { field: string; code: string }[]) =>
  new HttpProblem(
    'unprocessable-content',
    {
      vi: `Mã cơ quan không có hoặc đã ngừng hoạt động: ${[...new Set(fields.map((f) => f.code))].join(', ')}`,
      en: `No active agency has the code ${[...new Set(fields.map((f) => f.code))].join(', ')}`,
    },
    fields.map(({ field }) => ({
      field,
      message: {
        vi: 'Không có cơ quan đang hoạt động nào mang mã này trong danh mục',
        en: 'No active agency in the catalog has this code',
      },
    })),
  );
