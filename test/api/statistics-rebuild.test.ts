// 300 randomized life cycles driven through the use cases the handlers call (submission, the pipeline's intake and
// routing, reception, the agency's actions, withdrawal, rating) on the local stack's tables and bucket, each on a
// clock of its own: the live counters equal a model computed here from the generated scripts alone, and
// `stats:rebuild`'s recomputation from the event histories equals the live counters.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedCatalog } from '../../shared/catalog/cache.js';
import { dynamoCatalogRepository, type CatalogRepository } from '../../shared/catalog/repository.js';
import { storedCalendar } from '../../shared/calendar-data.js';
import type { Calendar } from '../../shared/domain/calendar/calendar.js';
import { s3DownloadPresigner } from '../../shared/dossier/download-presigner.js';
import type { PipelineStage } from '../../shared/dossier/model.js';
import type { Pipeline } from '../../shared/dossier/pipeline.js';
import { dynamoDossierRepository, type DossierRepository } from '../../shared/dossier/repository.js';
import { differences, liveCounters, rebuiltCounters } from '../../shared/dossier/statistics-rebuild.js';
import { inParallel } from '../../shared/dossier/statistics.js';
import { s3AttachmentStorage, type AttachmentStorage } from '../../shared/dossier/storage.js';
import { s3UploadPresigner, type UploadPresigner } from '../../shared/dossier/upload-presigner.js';
import type { Caller } from '../../shared/http/handler.js';
import { lookupUrl } from '../../shared/dossier/lookup.js';
import { actOnDossier, getAgencyDossier } from '../../functions/agency/use-cases.js';
import type { ActionBodies } from '../../functions/agency/actions.js';
import type { StaffAction } from '../../functions/agency/staff-actions.js';
import { completeResultUpload, requestResultUpload } from '../../functions/agency/results.js';
import { rateDossier } from '../../functions/dossiers/rating.js';
import {
  completeUpload,
  createDossier,
  getDossier,
  requestUpload,
  submitDossier,
  submitSupplement,
} from '../../functions/dossiers/use-cases.js';
import { withdrawDossier } from '../../functions/dossiers/withdrawal.js';
import { intake } from '../../functions/pipeline/use-cases.js';
import {
  acceptAtReception,
  refuseAtReception,
  requestSupplementAtReception,
} from '../../functions/reception/use-cases.js';
import { useLocalStack } from '../support/local-stack.js';
import { PDF, PNG, postUpload } from '../support/dossiers.js';

// The test plays the queues' part: a consumer on the real clock (a stage the sweeper re-sends, since every dossier
// here looks long stuck) would act on its dossiers in between.
const local = useLocalStack({ checkContract: false, pauseConsumers: true });

const RUNS = 300;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Local (UTC+7) midnight starting Monday 5 January 2026. */
const START = Date.parse('2026-01-05T00:00:00+07:00');
const FROM = '2026-01-01';
const TO = '2026-09-30';
/**
 * Procedures of the seed catalog: auto-accepted at intake or decided by an officer, one to four steps, restart or
 * pause on a supplement (1.009994 pauses), three receiving units.
 */
const PROCEDURES = ['1.001193', '2.000815', '1.000894', '2.000488', '1.009994'] as const;
const AUTO_ACCEPTED = new Set<string>(['1.001193']);
/** The receiving units of those procedures, which the rebuild reads its unit list from. */
const UNITS = ['000.01.00.H56', '000.00.01.H56', '000.02.00.H56'];

/** A supplement asked for and either handed in `waitDays` later at `hour` (local) or answered by a withdrawal. */
interface Supplement {
  waitDays: number;
  hour: number;
  handIn: boolean;
}

type Ending =
  | { kind: 'open' }
  | { kind: 'stopped' }
  | { kind: 'withdrawn'; afterHours: number }
  | {
      kind: 'resolved';
      /** Against the date the applicant was given before any extension. */
      outcome: 'early' | 'on-time' | 'late';
      lateHours: number;
      release: null | { afterHours: number; rating: null | { score: 1 | 2 | 3 | 4 | 5; afterHours: number } };
    };

interface Script {
  procedure: (typeof PROCEDURES)[number];
  /** Submitted this many days after START, at this local hour. */
  day: number;
  hour: number;
  /** An officer's decision at reception (ignored for an auto-accepted procedure), this long after submission. */
  reception: {
    afterDays: number;
    hour: number;
    supplement: Supplement | null;
    decision: 'accept' | 'refuse' | 'withdraw';
  };
  processing: {
    /** Sent back from the second step once and forwarded again (procedures with two steps or more). */
    returnOnce: boolean;
    /** Asked at the first step. */
    supplement: Supplement | null;
    fee: boolean;
    /** An apology moving the applicant's date this many working days later. */
    extendBy: number | null;
    ending: Ending;
  };
}

const supplement = fc.option(
  fc.record({
    waitDays: fc.integer({ min: 0, max: 9 }),
    hour: fc.integer({ min: 8, max: 15 }),
    handIn: fc.boolean(),
  }),
  { nil: null, freq: 3 },
);

const script: fc.Arbitrary<Script> = fc.record({
  procedure: fc.constantFrom(...PROCEDURES),
  day: fc.integer({ min: 0, max: 150 }),
  hour: fc.integer({ min: 7, max: 15 }),
  reception: fc.record({
    afterDays: fc.integer({ min: 0, max: 3 }),
    hour: fc.integer({ min: 8, max: 16 }),
    supplement,
    decision: fc.constantFrom(
      'accept' as const,
      'accept' as const,
      'accept' as const,
      'refuse' as const,
      'withdraw' as const,
    ),
  }),
  processing: fc.record({
    returnOnce: fc.boolean(),
    supplement,
    fee: fc.boolean(),
    extendBy: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
    ending: fc.oneof(
      { weight: 1, arbitrary: fc.constant({ kind: 'open' as const }) },
      { weight: 1, arbitrary: fc.constant({ kind: 'stopped' as const }) },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('withdrawn' as const),
          afterHours: fc.integer({ min: 1, max: 200 }),
        }),
      },
      {
        weight: 5,
        arbitrary: fc.record({
          kind: fc.constant('resolved' as const),
          outcome: fc.constantFrom('early' as const, 'on-time' as const, 'late' as const),
          lateHours: fc.integer({ min: 1, max: 120 }),
          release: fc.option(
            fc.record({
              afterHours: fc.integer({ min: 1, max: 72 }),
              rating: fc.option(
                fc.record({
                  score: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const, 5 as const),
                  afterHours: fc.integer({ min: 1, max: 72 }),
                }),
                { nil: null },
              ),
            }),
            { nil: null },
          ),
        }),
      },
    ),
  }),
});

/** When the driver set the clock for each counted transition (null: it did not happen). */
interface Times {
  refused: number | null;
  withdrawn: number | null;
  accepted: number | null;
  resolved: number | null;
  released: number | null;
  rated: number | null;
}

/** The local (UTC+7) day of an instant, computed here on its own. */
const vietnamDay = (at: number) => new Date(at + 7 * HOUR).toISOString().slice(0, 10);
/** Local midnight of an instant's day. */
const midnightOf = (at: number) => Date.parse(`${vietnamDay(at)}T00:00:00+07:00`);
/** `days` later at `hour` local, and never before `after` plus a few minutes. */
const later = (after: number, days: number, hour: number) =>
  Math.max(after + 30 * MINUTE, midnightOf(after) + days * DAY + hour * HOUR);

const OUTCOME_COUNTER = {
  early: 'resolvedEarly',
  'on-time': 'resolvedOnTime',
  late: 'resolvedLate',
} as const;

/** What the counters must say, from the scripts and the driver's clock alone: `D<day>|unit|procedure` → counts. */
function model(runs: { script: Script; unit: string; times: Times }[]) {
  const expected = new Map<string, Record<string, number>>();
  const bump = (at: number | null, unit: string, procedure: string, counter: string, by = 1) => {
    if (at === null) throw new Error(`${counter} has no time`);
    for (const period of [`D${vietnamDay(at)}`, `M${vietnamDay(at).slice(0, 7)}`]) {
      const key = `${period}|${unit}|${procedure}`;
      const counts = expected.get(key) ?? {};
      counts[counter] = (counts[counter] ?? 0) + by;
      expected.set(key, counts);
    }
  };
  for (const { script, unit, times } of runs) {
    const count = (at: number | null, counter: string, by = 1) =>
      bump(at, unit, script.procedure, counter, by);
    const { reception, processing } = script;
    if (!AUTO_ACCEPTED.has(script.procedure)) {
      if (reception.supplement && !reception.supplement.handIn) {
        count(times.withdrawn, 'withdrawn');
        continue;
      }
      if (reception.decision === 'refuse') count(times.refused, 'refused');
      if (reception.decision === 'withdraw') count(times.withdrawn, 'withdrawn');
      if (reception.decision !== 'accept') continue;
    }
    count(times.accepted, 'received');
    count(times.accepted, 'receivedOnline');
    if (processing.supplement && !processing.supplement.handIn) {
      count(times.withdrawn, 'withdrawn');
      continue;
    }
    const { ending } = processing;
    if (ending.kind === 'withdrawn') count(times.withdrawn, 'withdrawn');
    if (ending.kind !== 'resolved') continue;
    count(times.resolved, OUTCOME_COUNTER[ending.outcome]);
    if (!ending.release) continue;
    count(times.released, 'released');
    if (!ending.release.rating) continue;
    count(times.rated, 'ratingCount');
    count(times.rated, 'ratingSum', ending.release.rating.score);
  }
  return expected;
}

interface Played {
  unit: string;
  times: Times;
  /** Resolved after the date first given, though before the one an apology gave: late all the same. */
  lateWithinExtension?: boolean;
}

/** What a script makes happen, to show that the runs cover every path the counters can take. */
function pathsOf(script: Script, played: Played): string[] {
  const { reception, processing } = script;
  const paths = [AUTO_ACCEPTED.has(script.procedure) ? 'auto-accepted' : `reception-${reception.decision}`];
  if (!AUTO_ACCEPTED.has(script.procedure) && reception.supplement)
    paths.push(`reception-supplement-${reception.supplement.handIn ? 'handed-in' : 'withdrawn'}`);
  if (played.times.accepted === null) return paths;
  if (processing.supplement)
    paths.push(
      `step-supplement-${processing.supplement.handIn ? 'handed-in' : 'withdrawn'}`,
      ...(script.procedure === '1.009994' && processing.supplement.handIn ? ['step-supplement-paused'] : []),
    );
  if (processing.supplement && !processing.supplement.handIn) return paths;
  if (processing.extendBy !== null) paths.push('extended');
  if (processing.fee) paths.push('fee-paid');
  const { ending } = processing;
  paths.push(ending.kind === 'resolved' ? `resolved-${ending.outcome}` : ending.kind);
  if (played.lateWithinExtension) paths.push('late-within-extension');
  if (ending.kind === 'resolved' && ending.release) paths.push(ending.release.rating ? 'rated' : 'released');
  return paths;
}

const PATHS = [
  'auto-accepted',
  'reception-accept',
  'reception-refuse',
  'reception-withdraw',
  'reception-supplement-handed-in',
  'reception-supplement-withdrawn',
  'step-supplement-handed-in',
  'step-supplement-withdrawn',
  'step-supplement-paused',
  'extended',
  'fee-paid',
  'open',
  'stopped',
  'withdrawn',
  'resolved-early',
  'resolved-on-time',
  'resolved-late',
  'late-within-extension',
  'released',
  'rated',
];

/** The adapters the handlers build, bound to the test's stack. */
interface Adapters {
  dossiers: DossierRepository;
  catalog: CatalogRepository;
  storage: AttachmentStorage;
  uploads: UploadPresigner;
  downloads: ReturnType<typeof s3DownloadPresigner>;
  calendar: () => Promise<Calendar>;
}
let adapters: Adapters;

beforeAll(() => {
  const env = local.stack.resources.env;
  const client = DynamoDBDocumentClient.from(local.stack.clients.dynamodb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const catalog = dynamoCatalogRepository(client, env.TABLE_CATALOG!);
  adapters = {
    dossiers: dynamoDossierRepository(client, env.TABLE_DOSSIERS!, () => env.TABLE_STATISTICS!),
    catalog: cachedCatalog(catalog, 5_000),
    storage: s3AttachmentStorage(local.stack.clients.s3, env.BUCKET_ATTACHMENTS!),
    uploads: s3UploadPresigner(local.stack.clients.s3, env.BUCKET_ATTACHMENTS!),
    downloads: s3DownloadPresigner(local.stack.clients.s3, env.BUCKET_ATTACHMENTS!),
    calendar: storedCalendar(() => catalog.listSchedules(), 5_000),
  };
});

const officerAt = (agency: string): Caller => ({
  subject: 'officer-model',
  roles: ['officer'],
  agency,
  duties: ['receive', 'process', 'approve'],
  name: 'Trần Thị Cán Bộ',
});

/**
 * Plays one script through the use cases on its own clock; the pipeline's hand-offs are kept, and delivered to the
 * intake stage as its consumer would be (notifications and forms change no counter and are left).
 */
async function play(script: Script, index: number): Promise<Played> {
  let clock = START + script.day * DAY + script.hour * HOUR;
  const queued: PipelineStage[] = [];
  const pipeline: Pipeline = {
    toStage: async (stage) => void queued.push(stage),
    toNotification: async () => undefined,
    toForm: async () => undefined,
    toEvents: async () => undefined,
  };
  const calendar = await adapters.calendar();
  const deps = {
    ...adapters,
    calendar,
    pipeline,
    now: () => clock,
    newId: randomUUID,
    limits: { draftsPerDay: 20, submissionsPerHour: 20 },
    lookupUrl,
    toSignatureCheck: async () => undefined,
  };
  const tick = () => (clock += 3 * MINUTE);
  const deliver = async (stage: PipelineStage) => {
    expect(queued.shift()).toBe(stage);
    tick();
    expect(await intake(deps, id)).toBe('done');
  };
  const times: Times = {
    refused: null,
    withdrawn: null,
    accepted: null,
    resolved: null,
    released: null,
    rated: null,
  };
  const citizen: Caller = {
    subject: `citizen-model-${index}-${randomUUID()}`,
    roles: ['citizen'],
    agency: undefined,
    duties: [],
  };

  const procedure = (await deps.catalog.getProcedure(script.procedure))!;
  const unit = procedure.receivingUnit;
  const created = await createDossier(deps, citizen, {
    procedureCode: script.procedure,
    applicant: {
      fullName: 'Nguyễn Văn Mẫu',
      citizenId: '079203001234',
      phone: '0912345678',
      address: '1 Lê Lợi',
    },
    form: {},
    channels: ['sms'],
    language: 'vi',
  });
  const id = created.id;
  const attach = async (documentType: string) => {
    tick();
    const requested = await requestUpload(deps, citizen, id, {
      documentType,
      fileName: 'giay-to.pdf',
      size: PDF.length,
      contentType: 'application/pdf',
    });
    await postUpload(requested.upload, PDF, 'application/pdf');
    await completeUpload(deps, citizen, id, requested.attachmentId);
  };
  for (const document of procedure.requiredDocuments.filter((d) => d.mandatory)) await attach(document.type);
  const handIn = async (wait: Supplement) => {
    clock = later(clock, wait.waitDays, wait.hour);
    await attach(procedure.requiredDocuments[0]!.type);
    tick();
    return submitSupplement(deps, citizen, id);
  };
  const withdraw = async () => {
    await withdrawDossier(deps, citizen, id, 'Không cần nữa');
    times.withdrawn = clock;
  };

  clock = START + script.day * DAY + script.hour * HOUR;
  await submitDossier(deps, citizen, id);
  await deliver('intake');
  if (AUTO_ACCEPTED.has(script.procedure)) {
    times.accepted = clock;
  } else {
    const { reception } = script;
    const receiver = officerAt(unit);
    clock = later(clock, reception.afterDays, reception.hour);
    if (reception.supplement) {
      await requestSupplementAtReception(deps, receiver, id, [{ description: 'Bản chụp rõ hơn' }]);
      if (!reception.supplement.handIn) {
        clock = later(clock, reception.supplement.waitDays, reception.supplement.hour);
        await withdraw();
        return { unit, times };
      }
      await handIn(reception.supplement);
      tick();
    }
    if (reception.decision === 'refuse') {
      await refuseAtReception(deps, receiver, id, 'Hồ sơ không thuộc thẩm quyền');
      times.refused = clock;
      return { unit, times };
    }
    if (reception.decision === 'withdraw') {
      await withdraw();
      return { unit, times };
    }
    await acceptAtReception(deps, receiver, id);
    times.accepted = clock;
  }
  // The date the applicant is given at acceptance; a supplement moves it, an apology moves it only for them.
  let givenDue = Date.parse((await getDossier(deps, citizen, id)).dueAt!);

  let { view, etag } = await getAgencyDossier(deps, officerAt(unit), id);
  const staff = async <A extends StaffAction>(action: A, body: ActionBodies[A], agency?: string) => {
    tick();
    const at = agency ?? view.step?.agency ?? view.receivingUnit;
    ({ view, etag } = await actOnDossier(deps, officerAt(at), id, action, body, etag));
  };
  const steps = procedure.routingSteps;
  const { processing } = script;
  if (processing.supplement) {
    await staff('request-supplement', { checklist: [{ description: 'Bản vẽ bổ sung' }] });
    if (!processing.supplement.handIn) {
      clock = later(clock, processing.supplement.waitDays, processing.supplement.hour);
      await withdraw();
      return { unit, times };
    }
    givenDue = Date.parse((await handIn(processing.supplement)).dueAt!);
    ({ view, etag } = await getAgencyDossier(deps, officerAt(view.step!.agency), id));
  }
  if (processing.fee) {
    await staff('request-fee', { items: [{ name: 'Lệ phí', amountVnd: 20_000 }] });
    await staff('confirm-payment', { reference: `PT-${index}`, method: 'counter' });
  }
  if (processing.extendBy !== null) {
    const newDueDate = calendar.addWorkingDays(vietnamDay(givenDue), processing.extendBy);
    await staff('extend', { newDueDate, reason: 'Cần xác minh thêm' });
    expect(Date.parse(view.dueAt!)).toBeGreaterThan(givenDue);
  }
  for (const [i, step] of steps.entries()) {
    if (i === 0) continue;
    await staff('forward', { toStep: step.id });
    if (i === 1 && processing.returnOnce) {
      await staff('return', { note: 'Cần xem lại' });
      await staff('forward', { toStep: step.id });
    }
  }
  const { ending } = processing;
  if (ending.kind === 'open') return { unit, times };
  if (ending.kind === 'stopped') {
    await staff('stop', { reason: 'Người nộp không thực hiện nghĩa vụ' });
    return { unit, times };
  }
  if (ending.kind === 'withdrawn') {
    clock += ending.afterHours * HOUR;
    await withdraw();
    return { unit, times };
  }
  const worker = officerAt(view.step!.agency);
  tick();
  const result = await requestResultUpload(deps, worker, id, {
    fileName: 'ket-qua.png',
    size: PNG.length,
    contentType: 'image/png',
  });
  await postUpload(result.upload, PNG, 'image/png');
  await completeResultUpload(deps, worker, id, result.resultId);
  const resolveAt = {
    early: clock + 3 * MINUTE,
    'on-time': givenDue - HOUR,
    late: givenDue + ending.lateHours * HOUR,
  }[ending.outcome];
  // The script's premise: everything so far happened on a day before the due date's.
  expect(vietnamDay(clock + 3 * MINUTE) < vietnamDay(givenDue)).toBe(true);
  clock = resolveAt - 3 * MINUTE;
  await staff('resolve', { resultIds: [result.resultId] });
  times.resolved = clock;
  const lateWithinExtension = ending.outcome === 'late' && clock <= Date.parse(view.dueAt!);
  if (!ending.release) return { unit, times, lateWithinExtension };
  clock += ending.release.afterHours * HOUR;
  await staff('release', { method: 'counter' }, unit);
  times.released = clock;
  if (!ending.release.rating) return { unit, times, lateWithinExtension };
  clock += ending.release.rating.afterHours * HOUR;
  await rateDossier(deps, citizen, id, { score: ending.release.rating.score });
  times.rated = clock;
  return { unit, times, lateWithinExtension };
}

describe('on-time counters against a model', () => {
  it(`counts ${RUNS} randomized life cycles played through the use cases as the model does, and the rebuild from history equals the live counters`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(script, { minLength: RUNS, maxLength: RUNS }), async (scripts) => {
        const played = await inParallel(
          scripts.map((s, index) => async () => ({ script: s, ...(await play(s, index)) })),
          6,
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
        expect(asRecords).toEqual(model(played));
        const paths = new Set(played.flatMap((run) => pathsOf(run.script, run)));
        expect(PATHS.filter((path) => !paths.has(path))).toEqual([]);
        const rebuilt = await rebuiltCounters(client, tables.dossiers, UNITS);
        expect(differences(rebuilt, counted, FROM, TO)).toEqual([]);
      }),
      // One run: the tables keep what it wrote, so a shrunk re-run would count it twice.
      { numRuns: 1, endOnFailure: true },
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
