// 300 randomized life cycles committed through the dossier aggregate and repository (the one place every transition
// commits): the live counters equal a model computed here from the life cycles alone, and `stats:rebuild`'s
// recomputation from the event histories equals the live counters.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../shared/domain/dossier/history.js';
import { initialState, type Action, type Actor } from '../../shared/domain/dossier/status-machine.js';
import { act } from '../../shared/dossier/aggregate.js';
import type { DossierRecord } from '../../shared/dossier/model.js';
import { dynamoDossierRepository } from '../../shared/dossier/repository.js';
import { differences, liveCounters, rebuiltCounters } from '../../shared/dossier/statistics-rebuild.js';
import { inParallel } from '../../shared/dossier/statistics.js';
import { useLocalStack } from '../support/local-stack.js';

const local = useLocalStack({ checkContract: false });

/** Units of the catalog, which the rebuild reads its unit list from. */
const UNITS = ['000.01.00.H56', '000.00.02.H56', '000.02.00.H56'];
const PROCEDURES = ['1.001193', '2.000815', '2.000488'];
const DAY = 86_400_000;
const HOUR = 3_600_000;
const START = Date.parse('2026-01-05T02:00:00Z');
const FROM = '2026-01-01';
const TO = '2026-06-30';

const citizen: Actor = { id: 'citizen-model', role: 'citizen' };
const officer: Actor = { id: 'officer-model', role: 'officer' };
const pipeline: Actor = { id: 'pipeline', role: 'system' };

type Ending =
  | { kind: 'refused' }
  | { kind: 'withdrawn-before-acceptance' }
  | { kind: 'open' }
  | { kind: 'withdrawn' }
  | {
      kind: 'resolved';
      outcome: 'early' | 'on-time' | 'late';
      extended: boolean;
      released: boolean;
      score: number | null;
    };

interface LifeCycle {
  unit: string;
  procedure: string;
  /** Days after START the dossier is submitted, and working days it is given. */
  day: number;
  dueDays: number;
  ending: Ending;
}

const lifeCycle: fc.Arbitrary<LifeCycle> = fc.record({
  unit: fc.constantFrom(...UNITS),
  procedure: fc.constantFrom(...PROCEDURES),
  day: fc.integer({ min: 0, max: 100 }),
  dueDays: fc.integer({ min: 2, max: 20 }),
  ending: fc.oneof(
    fc.constant({ kind: 'refused' as const }),
    fc.constant({ kind: 'withdrawn-before-acceptance' as const }),
    fc.constant({ kind: 'open' as const }),
    fc.constant({ kind: 'withdrawn' as const }),
    fc.record({
      kind: fc.constant('resolved' as const),
      outcome: fc.constantFrom('early' as const, 'on-time' as const, 'late' as const),
      extended: fc.boolean(),
      released: fc.boolean(),
      score: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    }),
  ),
});

/** The local (UTC+7) day, computed here on its own. */
const vietnamDay = (at: number) => new Date(at + 7 * HOUR).toISOString().slice(0, 10);

/** What the counters must say, from the life cycles alone: `D<day>|unit|procedure` → counter → value. */
function model(cycles: { cycle: LifeCycle; times: Times }[]) {
  const expected = new Map<string, Record<string, number>>();
  const bump = (at: number, cycle: LifeCycle, counter: string, by = 1) => {
    for (const period of [`D${vietnamDay(at)}`, `M${vietnamDay(at).slice(0, 7)}`]) {
      const key = `${period}|${cycle.unit}|${cycle.procedure}`;
      const counts = expected.get(key) ?? {};
      counts[counter] = (counts[counter] ?? 0) + by;
      expected.set(key, counts);
    }
  };
  for (const { cycle, times } of cycles) {
    const { ending } = cycle;
    if (ending.kind === 'refused') bump(times.decided, cycle, 'refused');
    if (ending.kind === 'withdrawn-before-acceptance') bump(times.decided, cycle, 'withdrawn');
    if (['refused', 'withdrawn-before-acceptance'].includes(ending.kind)) continue;
    bump(times.decided, cycle, 'received');
    bump(times.decided, cycle, 'receivedOnline');
    if (ending.kind === 'withdrawn') bump(times.ended, cycle, 'withdrawn');
    if (ending.kind !== 'resolved') continue;
    const counter = { early: 'resolvedEarly', 'on-time': 'resolvedOnTime', late: 'resolvedLate' }[
      ending.outcome
    ];
    bump(times.resolved, cycle, counter);
    if (ending.released) bump(times.released, cycle, 'released');
    if (ending.released && ending.score !== null) {
      bump(times.rated, cycle, 'ratingCount');
      bump(times.rated, cycle, 'ratingSum', ending.score);
    }
  }
  return expected;
}

interface Times {
  submitted: number;
  decided: number;
  due: number;
  resolved: number;
  released: number;
  rated: number;
  ended: number;
}

function timesOf(cycle: LifeCycle): Times {
  const submitted = START + cycle.day * DAY;
  const decided = submitted + HOUR;
  // Due at 17:00 local (10:00 UTC) on a later day.
  const due = Date.parse(`${vietnamDay(decided + cycle.dueDays * DAY)}T10:00:00Z`);
  const outcome = cycle.ending.kind === 'resolved' ? cycle.ending.outcome : 'early';
  const resolved = { early: due - 2 * DAY, 'on-time': due - 2 * HOUR, late: due + DAY + HOUR }[outcome];
  return {
    submitted,
    decided,
    due,
    resolved: Math.max(resolved, decided + 2 * HOUR),
    released: Math.max(resolved, decided + 2 * HOUR) + 3 * HOUR,
    rated: Math.max(resolved, decided + 2 * HOUR) + 30 * HOUR,
    ended: decided + 5 * HOUR,
  };
}

function draft(id: string, cycle: LifeCycle, at: number): DossierRecord {
  const iso = new Date(at).toISOString();
  return {
    id,
    code: null,
    procedureCode: cycle.procedure,
    procedureName: `Thủ tục ${cycle.procedure}`,
    receivingUnit: cycle.unit,
    applicantId: citizen.id,
    applicant: {
      fullName: 'Nguyễn Văn Mẫu',
      citizenId: '079203001234',
      phone: '0912345678',
      address: '1 Lê Lợi',
    },
    form: {},
    channels: ['sms'],
    state: initialState,
    status: 'draft',
    createdAt: iso,
    updatedAt: iso,
    submittedAt: null,
    acceptedAt: null,
    version: 1,
    historyLength: 0,
    lastHash: GENESIS_HASH,
    pendingStage: null,
    handedIn: [],
  };
}

async function live(cycle: LifeCycle, index: number, times: Times) {
  const repository = dynamoDossierRepository(
    DynamoDBDocumentClient.from(local.stack.clients.dynamodb),
    local.stack.resources.env.TABLE_DOSSIERS!,
    () => local.stack.resources.env.TABLE_STATISTICS!,
  );
  let dossier = draft(`model-${index}-${cycle.day}`, cycle, times.submitted - HOUR);
  await repository.create(dossier, []);
  const step = async (action: Action, actor: Actor, at: number, patch: Partial<DossierRecord> = {}) => {
    const result = act(dossier, action, actor, at);
    if (!result.ok) throw new Error(`${action.type}: ${JSON.stringify(result.error)}`);
    const next = { ...result.dossier, ...patch };
    await repository.commit(next, dossier.version, [result.event]);
    dossier = next;
  };
  const iso = (at: number) => new Date(at).toISOString();
  await step({ type: 'submit' }, citizen, times.submitted, { submittedAt: iso(times.submitted) });
  const { ending } = cycle;
  if (ending.kind === 'refused')
    return step({ type: 'refuse', reason: 'Thiếu giấy tờ' }, officer, times.decided);
  if (ending.kind === 'withdrawn-before-acceptance')
    return step({ type: 'withdraw' }, citizen, times.decided);
  await step({ type: 'accept', dueAt: times.due }, pipeline, times.decided, {
    acceptedAt: iso(times.decided),
    statutoryDueAt: times.due,
  });
  await step(
    { type: 'start-processing', stepId: 'buoc-1', agency: cycle.unit },
    pipeline,
    times.decided + HOUR,
  );
  if (ending.kind === 'open') return;
  if (ending.kind === 'withdrawn') return step({ type: 'withdraw' }, citizen, times.ended);
  // An apology moves the date the applicant sees, never the one the statistics judge by.
  if (ending.extended)
    await step(
      { type: 'extend', newDueAt: times.due + 10 * DAY, reason: 'Xin lỗi' },
      officer,
      times.decided + HOUR + 1,
    );
  await step({ type: 'resolve', resultDocumentHashes: ['a'.repeat(64)] }, officer, times.resolved, {
    resolvedAt: iso(times.resolved),
  });
  if (!ending.released) return;
  await step({ type: 'release' }, officer, times.released, { releasedAt: iso(times.released) });
  if (ending.score !== null)
    await step({ type: 'rate', score: ending.score as 1 | 2 | 3 | 4 | 5 }, citizen, times.rated, {
      rating: { score: ending.score, at: iso(times.rated) },
    });
}

describe('on-time counters against a model', () => {
  it('counts 300 randomized life cycles as the model does, and the rebuild from history equals the live counters', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lifeCycle, { minLength: 300, maxLength: 300 }), async (cycles) => {
        const timed = cycles.map((cycle) => ({ cycle, times: timesOf(cycle) }));
        await inParallel(
          timed.map(
            ({ cycle, times }, index) =>
              () =>
                live(cycle, index, times),
          ),
          8,
        );
        const client = DynamoDBDocumentClient.from(local.stack.clients.dynamodb);
        const tables = {
          dossiers: local.stack.resources.env.TABLE_DOSSIERS!,
          statistics: local.stack.resources.env.TABLE_STATISTICS!,
        };
        const counted = await liveCounters(client, tables, FROM, TO);
        const asRecords = new Map(
          [...counted].map(([key, counts]) => [
            key,
            Object.fromEntries(Object.entries(counts).filter(([, value]) => value !== 0)),
          ]),
        );
        expect(asRecords).toEqual(model(timed));
        const rebuilt = await rebuiltCounters(client, tables.dossiers, UNITS);
        expect(differences(rebuilt, counted, FROM, TO)).toEqual([]);
      }),
      { numRuns: 1 },
    );
  }, 600_000);

  it('npm run stats:rebuild passes while the counters agree, and names a counter that drifted, exiting 1', async () => {
    const env = {
      ...process.env,
      ...local.stack.resources.env,
      AWS_ENDPOINT_URL_DYNAMODB: local.stack.endpoints.dynamodb,
      AWS_REGION: 'ap-southeast-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    };
    const rebuild = () =>
      promisify(execFile)('npx', ['tsx', 'scripts/rebuild-statistics.ts', '--from', FROM, '--to', TO], {
        env,
      });
    const agreed = await rebuild();
    expect(agreed.stdout).toContain(`The live counters from ${FROM} to ${TO} equal those rebuilt`);

    // One shard of one day counts a dossier that never was.
    const client = DynamoDBDocumentClient.from(local.stack.clients.dynamodb);
    const live = await liveCounters(
      client,
      {
        dossiers: local.stack.resources.env.TABLE_DOSSIERS!,
        statistics: local.stack.resources.env.TABLE_STATISTICS!,
      },
      FROM,
      TO,
    );
    const [period, unit, procedure] = [...live.keys()].find((key) => key.startsWith('D'))!.split('|') as [
      string,
      string,
      string,
    ];
    await client.send(
      new UpdateCommand({
        TableName: local.stack.resources.env.TABLE_STATISTICS!,
        Key: { pk: `${period}#3`, sk: `${unit}#${procedure}` },
        UpdateExpression: 'SET agency = :a, #p = :p ADD refused :one',
        ExpressionAttributeNames: { '#p': 'procedure' },
        ExpressionAttributeValues: { ':a': unit, ':p': procedure, ':one': 1 },
      }),
    );
    const drifted = await rebuild().then(
      () => null,
      (error: { code: number; stdout: string }) => error,
    );
    expect(drifted?.code).toBe(1);
    expect(drifted?.stdout).toMatch(
      new RegExp(
        `${period} ${unit.replaceAll('.', '\\.')} ${procedure.replaceAll('.', '\\.')} refused: rebuilt [0-9]+, live [0-9]+`,
      ),
    );
    expect(drifted?.stdout).toContain('1 counter(s) differ');
  }, 300_000);
});
