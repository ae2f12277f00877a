// The sweeper re-sends what waits too long in a stage, oldest first, and backs off from what keeps failing.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { sweep } from '../../functions/pipeline/use-cases.js';
import { dynamoWaitingList } from '../../shared/dossier/repository.js';
import { initialState } from '../../shared/domain/dossier/status-machine.js';
import type {
  DossierRecord,
  FormRecord,
  NotificationRecord,
  PipelineStage,
} from '../../shared/dossier/model.js';
import { ledgerPk } from '../../shared/dossier/pending-work.js';
import { record } from '../../shared/dossier/aggregate.js';
import type { OutboxEntry } from '../../shared/events/model.js';
import { dynamoOutboxStore } from '../../shared/events/store.js';
import { useLocalStack } from '../support/local-stack.js';
import { dossierRepositoryOf } from '../support/dossiers.js';

const local = useLocalStack();
const repository = () => dossierRepositoryOf(local.stack);
const waitingList = () =>
  dynamoWaitingList(
    DynamoDBDocumentClient.from(local.stack.clients.dynamodb),
    local.stack.resources.env.TABLE_DOSSIERS!,
  );
const STUCK_MS = 120_000;
/** Far ahead of the clock, so the stack's own scheduled sweeper never sees these dossiers. */
const T0 = Date.parse('2090-01-01T00:00:00Z');

function waitingDossier(stage: PipelineStage, since: number): DossierRecord {
  const at = new Date(since).toISOString();
  return {
    id: randomUUID(),
    code: null,
    procedureCode: '1.001193',
    procedureName: 'Đăng ký khai sinh',
    receivingUnit: '000.01.00.H56',
    applicantId: 'citizen-sweeper',
    applicant: {
      fullName: 'Nguyễn Văn A',
      citizenId: '079203001234',
      phone: '0912345678',
      address: 'Long An',
    },
    form: {},
    channels: ['sms'],
    state: initialState,
    status: initialState.status,
    createdAt: at,
    updatedAt: at,
    submittedAt: null,
    acceptedAt: null,
    version: 0,
    historyLength: 0,
    lastHash: '',
    pendingStage: stage,
    handedIn: [],
  };
}

async function stuck(stage: PipelineStage, count: number): Promise<string[]> {
  const dossiers = Array.from({ length: count }, (_, i) => waitingDossier(stage, T0 + i));
  for (let i = 0; i < dossiers.length; i += 25)
    await Promise.all(dossiers.slice(i, i + 25).map((d) => repository().create(d, [])));
  return dossiers.map((d) => d.id);
}

/** Runs the sweep at `now`, recording what it re-sends instead of sending it. */
async function sweepAt(now: number, mine: string[]): Promise<string[]> {
  return (await sweptAt(now)).filter((sent) => mine.includes(sent.dossierId)).map((sent) => sent.dossierId);
}

/** What a sweep at `now` re-sends: each message's dossier and, for pending work, which stage and item. */
async function sweptAt(
  now: number,
  { failEvents = false } = {},
): Promise<{ dossierId: string; work?: string; entry?: OutboxEntry; since?: string }[]> {
  const sent: { dossierId: string; work?: string; entry?: OutboxEntry; since?: string }[] = [];
  await sweep(
    {
      waitingList: waitingList(),
      pipeline: {
        toStage: async (_stage, dossierId) => void sent.push({ dossierId }),
        toNotification: async (dossierId, id) => void sent.push({ dossierId, work: `notify:${id}` }),
        toForm: async (dossierId, id) => void sent.push({ dossierId, work: `form:${id}` }),
        toEvents: async (dossierId, id, entry, since) => {
          if (failEvents) throw new Error('the events queue refused the message');
          sent.push({ dossierId, work: `outbox:${id}`, entry, since });
        },
      },
      now: () => now,
    },
    STUCK_MS,
  );
  return sent;
}

/** A dossier that committed a notification and a form whose messages never reached their queues. */
async function lostHandOff(at: number) {
  const [id] = await stuck('intake', 1);
  const dossier = (await repository().get(id!))!;
  const createdAt = new Date(at).toISOString();
  const notification: NotificationRecord = {
    dossierId: id!,
    id: `received-${randomUUID()}`,
    event: 'received',
    status: 'pending',
    createdAt,
    params: {},
  };
  const form: FormRecord = {
    dossierId: id!,
    id: 'receipt',
    type: 'receipt',
    status: 'pending',
    createdAt,
    params: {},
    objectKey: null,
    sha256: null,
    issuedAt: null,
  };
  const next = { ...dossier, version: 1, pendingStage: null, updatedAt: createdAt };
  await repository().commit(next, 0, [], [notification], { forms: [form] });
  return { dossier: next, notification, form };
}

/** A dossier whose commit wrote an outbox entry at `at` and whose hand-off to the fan-out was lost. */
async function committedEvent(at: number) {
  const [id] = await stuck('intake', 1);
  const stored = (await repository().get(id!))!;
  const { dossier, event } = record(
    {
      ...stored,
      status: 'submitted',
      code: `G22.${id!.slice(0, 8)}`,
      updatedAt: new Date(at).toISOString(),
    },
    { action: 'reassigned', actor: { id: 'pipeline', role: 'system' }, at, note: 'test' },
  );
  await repository().commit({ ...dossier, version: 1 }, 0, [event]);
  return { id: id!, event };
}

/** The ledger entries still waiting for a dossier's work, by stage. */
async function ledgerOf(dossierId: string) {
  const client = DynamoDBDocumentClient.from(local.stack.clients.dynamodb);
  const stages = ['notify', 'form', 'outbox'] as const;
  const found = await Promise.all(
    stages.map(async (stage) => {
      const page = await client.send(
        new QueryCommand({
          TableName: local.stack.resources.env.TABLE_DOSSIERS!,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': ledgerPk(stage) },
        }),
      );
      return (page.Items ?? []).filter((item) => item.dossierId === dossierId).map(() => stage);
    }),
  );
  return found.flat();
}

describe('the sweeper', () => {
  it('re-sends every stuck dossier, a hundred at a time, though the first hundred keep failing', async () => {
    const mine = await stuck('intake', 150);
    const now = T0 + STUCK_MS + 1000;
    const first = await sweepAt(now, mine);
    expect(first).toHaveLength(100);
    expect(new Set(first)).toEqual(new Set(mine.slice(0, 100)));
    const second = await sweepAt(now, mine);
    expect(new Set(second)).toEqual(new Set(mine.slice(100)));
    expect(await sweepAt(now, mine)).toEqual([]);
  });

  it('waits twice as long before each further re-send of the same dossier', async () => {
    const mine = await stuck('intake', 1);
    let now = T0 + STUCK_MS + 1;
    expect(await sweepAt(now, mine)).toEqual(mine);
    for (const wait of [STUCK_MS, 2 * STUCK_MS, 4 * STUCK_MS]) {
      expect(await sweepAt(now + wait, mine)).toEqual([]);
      now += wait + 1;
      expect(await sweepAt(now, mine)).toEqual(mine);
    }
  });

  it('hands a national-portal dossier waiting for its documents to their fetch again', async () => {
    const sent: string[] = [];
    const mine = await stuck('nationalDocuments', 1);
    await sweep(
      {
        waitingList: waitingList(),
        pipeline: {
          toStage: async (stage, dossierId) => void sent.push(`${stage}:${dossierId}`),
          toNotification: async () => undefined,
          toForm: async () => undefined,
          toEvents: async () => undefined,
        },
        now: () => T0 + STUCK_MS + 1,
      },
      STUCK_MS,
    );
    expect(sent.filter((s) => s.endsWith(mine[0]!))).toEqual([`nationalDocuments:${mine[0]}`]);
  });

  it('leaves alone a dossier that moved on after it was found waiting', async () => {
    const [id] = await stuck('intake', 1);
    const found = (await waitingList().waiting('intake', new Date(T0 + 1).toISOString(), 100)).find(
      (w) => w.dossierId === id,
    )!;
    const dossier = (await repository().get(id!))!;
    await repository().commit({ ...dossier, version: 1, pendingStage: null }, 0, []);
    await waitingList().deferResend('intake', found, new Date(T0).toISOString());
    expect(await repository().get(id!)).toMatchObject({ version: 1, pendingStage: null });
    expect(await sweepAt(T0 + 100 * STUCK_MS, [id!])).toEqual([]);
  });

  it("re-sends a notification and a form whose hand-off was lost after their commit, from the same transaction's record", async () => {
    const at = T0 + 5 * STUCK_MS;
    const { dossier, notification } = await lostHandOff(at);
    expect(await ledgerOf(dossier.id)).toEqual(['notify', 'form']);
    // Not yet stuck: nothing is re-sent.
    expect((await sweptAt(at + STUCK_MS - 1)).filter((s) => s.dossierId === dossier.id)).toEqual([]);
    const resent = (await sweptAt(at + STUCK_MS + 1)).filter((s) => s.dossierId === dossier.id);
    expect(resent.map((s) => s.work).sort()).toEqual(['form:receipt', `notify:${notification.id}`]);
    // Re-sent, then waiting its turn again: the next sweep a moment later leaves it be.
    expect((await sweptAt(at + STUCK_MS + 2)).filter((s) => s.dossierId === dossier.id)).toEqual([]);
    expect(await ledgerOf(dossier.id)).toEqual(['notify', 'form']);
  });

  it('finds nothing to re-send once the work is done, whether or not the sweeper re-sent it first', async () => {
    const at = T0 + 20 * STUCK_MS;
    const { dossier, notification } = await lostHandOff(at);
    // Sent on time: the write that records it deletes its entry.
    await repository().completeNotification(
      { ...dossier, version: 2 },
      1,
      { ...notification, status: 'sent' },
      [],
    );
    expect(await ledgerOf(dossier.id)).toEqual(['form']);
    // The form's message is re-sent by a sweep (its entry moves), then the form is issued: the moved entry is
    // dropped by the next sweep that reaches it, which re-sends nothing.
    const first = (await sweptAt(at + STUCK_MS + 1)).filter((s) => s.dossierId === dossier.id);
    expect(first.map((s) => s.work)).toEqual(['form:receipt']);
    const stored = (await repository().getWithForm(dossier.id, 'receipt')).form!;
    await repository().completeForm(
      { ...dossier, version: 3 },
      2,
      {
        ...stored,
        status: 'issued',
        objectKey: 'forms/x.pdf',
        sha256: 'ab',
        issuedAt: new Date(at).toISOString(),
      },
      [],
    );
    expect((await sweptAt(at + 100 * STUCK_MS)).filter((s) => s.dossierId === dossier.id)).toEqual([]);
    expect(await ledgerOf(dossier.id)).toEqual([]);
  });

  it('re-sends an outbox entry whose hand-off was lost with the entry its ledger entry holds, which the fan-out ends', async () => {
    const at = T0 + 40 * STUCK_MS;
    const { id, event } = await committedEvent(at);
    expect(await ledgerOf(id!)).toEqual(['outbox']);
    expect((await sweptAt(at + STUCK_MS - 1)).filter((s) => s.dossierId === id)).toEqual([]);
    // (The dossier itself waits for intake too, and is re-sent to it.)
    const [resent, ...more] = (await sweptAt(at + STUCK_MS + 1)).filter(
      (s) => s.dossierId === id && s.work?.startsWith('outbox:'),
    );
    expect(more).toEqual([]);
    expect(resent!.entry).toMatchObject({ dossierId: id, events: [{ id: event.id, sequence: event.seq }] });
    expect(resent!.work).toBe(`outbox:${resent!.entry!.id}`);
    // Moved to wait its next turn, and the message says where: the commit's place holds nothing any more.
    expect(resent!.since! > new Date(at + STUCK_MS).toISOString()).toBe(true);
    const outbox = dynamoOutboxStore(
      DynamoDBDocumentClient.from(local.stack.clients.dynamodb),
      local.stack.resources.env.TABLE_DOSSIERS!,
    );
    await outbox.fannedOut(resent!.entry!);
    expect(await ledgerOf(id!)).toEqual(['outbox']);
    await outbox.fannedOut(resent!.entry!, resent!.since);
    expect(await ledgerOf(id!)).toEqual([]);
    expect(
      (await sweptAt(at + 100 * STUCK_MS)).filter((s) => s.dossierId === id && s.work?.startsWith('outbox:')),
    ).toEqual([]);
  });

  it('puts an outbox entry back where it waited when its re-send fails, so the next run tries it again', async () => {
    const at = T0 + 60 * STUCK_MS;
    const { id } = await committedEvent(at);
    await expect(sweptAt(at + STUCK_MS + 1, { failEvents: true })).rejects.toThrow(/refused/);
    expect(await ledgerOf(id)).toEqual(['outbox']);
    const again = (await sweptAt(at + STUCK_MS + 2)).filter(
      (s) => s.dossierId === id && s.work?.startsWith('outbox:'),
    );
    expect(again).toHaveLength(1);
  });
});
