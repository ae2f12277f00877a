// The sweeper re-sends what waits too long in a stage, oldest first, and backs off from what keeps failing.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sweep } from '../../functions/pipeline/use-cases.js';
import { dynamoWaitingList } from '../../shared/dossier/repository.js';
import { initialState } from '../../shared/domain/dossier/status-machine.js';
import type { DossierRecord, PipelineStage } from '../../shared/dossier/model.js';
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
  const sent: string[] = [];
  await sweep(
    {
      waitingList: waitingList(),
      pipeline: {
        toStage: async (_stage, dossierId) => void sent.push(dossierId),
        toNotification: async (dossierId) => void sent.push(dossierId),
        toForm: async (dossierId) => void sent.push(dossierId),
        toEvents: async (dossierId) => void sent.push(dossierId),
      },
      now: () => now,
    },
    STUCK_MS,
  );
  return sent.filter((id) => mine.includes(id));
}

describe('the sweeper', () => {
  it('re-sends every stuck dossier, a hundred at a time, though the first hundred keep failing', async () => {
    const mine = await stuck('routing', 150);
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
    const [id] = await stuck('routing', 1);
    const found = (await waitingList().waiting('routing', new Date(T0 + 1).toISOString(), 100)).find(
      (w) => w.dossierId === id,
    )!;
    const dossier = (await repository().get(id!))!;
    await repository().commit({ ...dossier, version: 1, pendingStage: null }, 0, []);
    await waitingList().deferResend('routing', found, new Date(T0).toISOString());
    expect(await repository().get(id!)).toMatchObject({ version: 1, pendingStage: null });
    expect(await sweepAt(T0 + 100 * STUCK_MS, [id!])).toEqual([]);
  });
});
