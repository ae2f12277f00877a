// How a dossier is stored: every transition rewrites its root item only, which stays under 1 KB however long the
// applicant's data, and the applicant's item, written once at creation, is left as it was.
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { itemSize } from '../../bench/item-size.js';
import { call, useLocalStack } from '../support/local-stack.js';
import {
  application,
  attach,
  createDossier,
  dossierRepositoryOf,
  eventually,
  PDF,
  quickApp,
  tokenFor,
  type DossierBody,
} from '../support/dossiers.js';
import { actNow, BIRTH, officerToken, verifiedResult } from '../support/workspace.js';

const local = useLocalStack({ app: quickApp });

/** An applicant with a long Vietnamese name and address, and a form with every field it may hold, each one long. */
const LONG = application({
  applicant: {
    fullName: 'Tôn Nữ Hoàng Thị Phương Thảo Ngọc Diễm Quỳnh Như Ý',
    citizenId: '079203001234',
    phone: '0912345678',
    email: 'phuong.thao.ton.nu.hoang@example.vn',
    address:
      'Số 123/45/6 đường Nguyễn Thị Minh Khai, khu phố Bình Thuận Hai, phường Tân Thuận Đông, ' +
      'thành phố Hồ Chí Minh, gần ngã tư Nguyễn Văn Linh, đối diện trường tiểu học Nguyễn Bỉnh Khiêm',
  },
  form: Object.fromEntries(
    Array.from({ length: 50 }, (_, i) => [
      `truong${i}`,
      `Giá trị thứ ${i} của tờ khai: họ tên cha mẹ, nơi sinh, quê quán, dân tộc, quốc tịch đầy đủ`,
    ]),
  ),
});

async function storedItem(id: string, sk: string) {
  const read = await local.stack.clients.dynamodb.send(
    new GetItemCommand({
      TableName: local.stack.resources.env.TABLE_DOSSIERS!,
      Key: { pk: { S: `DOSSIER#${id}` }, sk: { S: sk } },
      ConsistentRead: true,
    }),
  );
  expect(read.Item).toBeDefined();
  return { size: itemSize(read.Item!), item: unmarshall(read.Item!) };
}

describe('dossier storage', () => {
  it('rewrites a root item under 1 KB at every transition and writes the applicant data once', async () => {
    const citizen = await tokenFor(local.stack);
    const created = await createDossier(local.stack, citizen, LONG);
    expect(created.status).toBe(201);
    const id = created.body.id;
    const applicant = await storedItem(id, '#APPLICANT');
    // The applicant's item is big: that is why no transition rewrites it.
    expect(applicant.size).toBeGreaterThan(4000);
    expect(applicant.item).toMatchObject({ applicant: LONG.applicant, form: LONG.form });

    const roots: Record<string, number> = {};
    const rootNow = async (step: string) => {
      const root = await storedItem(id, '#');
      roots[step] = root.size;
      if (process.env.SHOW_ROOT) console.log(step, root.size, JSON.stringify(root.item));
      // Of the applicant, the root holds only the name the agencies' lists show.
      expect(JSON.stringify(root.item)).not.toMatch(/079203001234|0912345678|Minh Khai|truong0/);
      return root.item;
    };

    for (const type of BIRTH.documents) await attach(local.stack, citizen, id, type, PDF);
    const submitted = await call(local.stack, `/dossiers/${id}/submit`, { method: 'POST', token: citizen });
    expect(submitted.status).toBe(200);
    await rootNow('submitted');
    await eventually(async () => {
      const dossier = await call<DossierBody>(local.stack, `/dossiers/${id}`, { token: citizen });
      return dossier.body.status === 'processing';
    });
    expect(await rootNow('processing')).toMatchObject({
      status: 'processing',
      applicantName: LONG.applicant.fullName,
    });

    const officer = await officerToken(local.stack, BIRTH.agency);
    const resultId = await verifiedResult(local.stack, officer, id);
    expect((await actNow(local.stack, officer, id, 'resolve', { resultIds: [resultId] })).status).toBe(200);
    await rootNow('resolved');
    expect((await actNow(local.stack, officer, id, 'release', { method: 'online' })).status).toBe(200);
    await rootNow('released');
    const rated = await call(local.stack, `/dossiers/${id}/rating`, {
      method: 'POST',
      token: citizen,
      json: { score: 5, comment: 'Cán bộ một cửa hướng dẫn tận tình, trả kết quả đúng hẹn.'.repeat(5) },
    });
    expect(rated.status).toBe(201);
    await rootNow('rated');

    for (const [step, size] of Object.entries(roots))
      expect({ step, size: size < 1024 && size }).toEqual({ step, size });
    // Not once rewritten: it carries the time of the creation, and the same content.
    const after = await storedItem(id, '#APPLICANT');
    expect(after.item).toEqual(applicant.item);
    expect(after.item.writtenAt).toBe(applicant.item.writtenAt);

    // Read back whole: callers still get the applicant with the dossier.
    const dossier = await dossierRepositoryOf(local.stack).get(id);
    expect(dossier).toMatchObject({
      applicant: LONG.applicant,
      form: LONG.form,
      channels: LONG.channels,
      status: 'released',
      handedIn: expect.arrayContaining([expect.any(String)]),
      results: [resultId],
      rating: { score: 5 },
    });
  });
});
