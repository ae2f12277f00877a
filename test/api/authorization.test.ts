// The authorization matrix: every documented route × every kind of caller → what it must answer. Built from the
// route list, so a route added without its row fails here. "ok" means the caller got past every access check
// (anything but 401, 403 and 404); other answers are exact.
import { createHash, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.js';
import { call, useLocalStack } from '../support/local-stack.js';
import { application, PDF, quickApp, tokenFor } from '../support/dossiers.js';
import { BIRTH, officerToken, resolvedBirth, staffEtag } from '../support/workspace.js';

const local = useLocalStack({ app: quickApp });

const CALLERS = [
  'anonymous',
  'applicant',
  'otherCitizen',
  'officer',
  'officerWithoutDuties',
  'otherAgencyOfficer',
  'admin',
] as const;
type Caller = (typeof CALLERS)[number];
type Expected = 'ok' | 401 | 403 | 404;
type Row = Record<Caller, Expected>;

const everyone: Row = {
  anonymous: 'ok',
  applicant: 'ok',
  otherCitizen: 'ok',
  officer: 'ok',
  officerWithoutDuties: 'ok',
  otherAgencyOfficer: 'ok',
  admin: 'ok',
};
/** The applicant's own dossier: others get 404, other roles 403 (API Gateway's scope check). */
const applicantOnly: Row = {
  anonymous: 401,
  applicant: 'ok',
  otherCitizen: 404,
  officer: 403,
  officerWithoutDuties: 403,
  otherAgencyOfficer: 403,
  admin: 403,
};
/** A provider's webhook, unsigned: refused whoever sends it. */
const unsigned: Row = {
  anonymous: 401,
  applicant: 401,
  otherCitizen: 401,
  officer: 401,
  officerWithoutDuties: 401,
  otherAgencyOfficer: 401,
  admin: 401,
};
/** Operators only: API Gateway's scope check refuses every other role. */
const adminOnly: Row = {
  anonymous: 401,
  applicant: 403,
  otherCitizen: 403,
  officer: 403,
  officerWithoutDuties: 403,
  otherAgencyOfficer: 403,
  admin: 'ok',
};
/** Operators only, on a subscription that does not exist: the operator passes every check and finds none. */
const adminOnlyUnknownSubscription: Row = { ...adminOnly, admin: 404 };
/** Public, with an id no copy check has (the path's id is the dossier's): 404 to everyone alike. */
const everyoneUnknownCheck: Row = Object.fromEntries(CALLERS.map((c) => [c, 404])) as Row;
const anyCitizen: Row = { ...applicantOnly, otherCitizen: 'ok' };
const officers = (withoutDuties: Expected, otherAgency: Expected): Row => ({
  anonymous: 401,
  applicant: 403,
  otherCitizen: 403,
  officer: 'ok',
  officerWithoutDuties: withoutDuties,
  otherAgencyOfficer: otherAgency,
  admin: 403,
});

/** One row per operation (the dossier in every path is resolved, so no request here changes what the next sees). */
const MATRIX: Record<string, Row> = {
  health: everyone,
  openApi: everyone,
  docsPage: everyone,
  docsAsset: everyone,
  listAgencies: everyone,
  searchProcedures: everyone,
  getProcedure: everyone,
  getCalendarYear: everyone,
  getDueDate: everyone,
  getOnTimeStatistics: everyone,
  onTimePage: everyone,
  // No token needed: the verifier opens it, whoever sends it.
  lookupDossier: everyone,
  reportDelivery: unsigned,
  receiveSms: unsigned,
  receiveZaloEvent: unsigned,
  receivePaymentCallback: unsigned,
  receiveNationalPortalDossier: unsigned,
  createDossier: anyCitizen,
  listMyDossiers: anyCitizen,
  getDossier: applicantOnly,
  requestAttachmentUpload: applicantOnly,
  completeAttachmentUpload: applicantOnly,
  deleteAttachment: applicantOnly,
  submitDossier: applicantOnly,
  submitSupplement: applicantOnly,
  getReceipt: applicantOnly,
  getForm: applicantOnly,
  getDossierHistory: applicantOnly,
  withdrawDossier: applicantOnly,
  rateDossier: applicantOnly,
  listResults: applicantOnly,
  // A resolved dossier has no fee awaiting payment: the applicant gets 409 after the access checks.
  startPayment: applicantOnly,
  listReception: officers(403, 'ok'),
  acceptAtReception: officers(403, 404),
  refuseAtReception: officers(403, 404),
  requestSupplementAtReception: officers(403, 404),
  listAgencyDossiers: officers('ok', 'ok'),
  getAgencyDossier: officers('ok', 404),
  actOnDossier: officers(403, 404),
  requestResultUpload: officers(403, 404),
  completeResultUpload: officers(403, 404),
  // The caller's own unit's ledger: another unit's officer gets theirs (empty), not this one's.
  getAgencyLedger: officers(403, 'ok'),
  listAdminAgencies: adminOnly,
  putAgency: adminOnly,
  deactivateAgency: adminOnly,
  putProcedure: adminOnly,
  withdrawProcedure: adminOnly,
  putCalendarYear: adminOnly,
  readAudit: adminOnly,
  startReorganisation: adminOnly,
  getReorganisation: adminOnly,
  createSubscription: adminOnly,
  listSubscriptions: adminOnly,
  deleteSubscription: adminOnlyUnknownSubscription,
  testSubscription: adminOnlyUnknownSubscription,
  listSubscriptionDeliveries: adminOnlyUnknownSubscription,
  // Public: the resolved dossier's result is registered, so its hash is known to anyone who asks.
  verifyDocumentByHash: everyone,
  verifyDocumentCopy: everyone,
  submitDocumentCopy: everyone,
  requestCopyUpload: everyone,
  checkCopyUpload: everyoneUnknownCheck,
  getCopyCheck: everyoneUnknownCheck,
  // Public: the link is the credential, and a token this API did not sign is 404 to everyone alike.
  readPartnerFile: everyoneUnknownCheck,
};

let tokens: Record<Caller, string | undefined>;
let dossier: { id: string; code: string; attachmentId: string; resultId: string; etag: string };

beforeAll(async () => {
  const resolved = await resolvedBirth(local.stack);
  const attachments = await call<{ attachments: { id: string }[] }>(local.stack, `/dossiers/${resolved.id}`, {
    token: resolved.citizen,
  });
  tokens = {
    anonymous: undefined,
    applicant: resolved.citizen,
    otherCitizen: await tokenFor(local.stack),
    officer: await officerToken(local.stack, BIRTH.agency),
    officerWithoutDuties: await officerToken(local.stack, BIRTH.agency, []),
    otherAgencyOfficer: await officerToken(local.stack, '000.00.02.H56'),
    admin: await tokenFor(local.stack, `admin-${randomUUID()}`, 'admin'),
  };
  dossier = {
    id: resolved.id,
    code: resolved.code,
    attachmentId: attachments.body.attachments[0]!.id,
    resultId: resolved.resultId,
    etag: await staffEtag(local.stack, resolved.officer, resolved.id),
  };
}, 120_000);

/** A request each route takes: real ids, and valid bodies that a resolved dossier refuses after access checks. */
function requestFor(operationId: string, method: string, template: string) {
  const path = template
    .replace('{id}', dossier.id)
    .replace('{attachmentId}', dossier.attachmentId)
    .replace('{resultId}', dossier.resultId)
    .replace('/lookup/{code}', `/lookup/${dossier.code}?verifier=${application().applicant.phone.slice(-4)}`)
    .replace('{formId}', 'receipt')
    .replace('{sha256}', createHash('sha256').update(PDF).digest('hex'))
    .replace('{code}', BIRTH.procedure)
    .replace('{year}', '2026')
    .replace('{action}', 'stop')
    .replace('{asset}', 'api-reference.js')
    .replace('{token}', 'not-a-signed-link')
    .replace(
      '/calendar/due-date',
      `/calendar/due-date?procedure=${BIRTH.procedure}&acceptedAt=2026-12-01T03:00:00Z`,
    );
  const bodies: Record<string, unknown> = {
    createDossier: application(),
    requestAttachmentUpload: {
      documentType: 'van-ban-uy-quyen',
      fileName: 'a.pdf',
      size: 10,
      contentType: 'application/pdf',
    },
    withdrawDossier: {},
    rateDossier: { score: 5 },
    reportDelivery: { trackingId: `${dossier.id}:received-3:zalo`, status: 'delivered' },
    receiveSms: { messageId: 'mo-1', from: '84912345678', to: '8077', text: 'TRACUU X' },
    // Well formed, but its MaXacThuc is not the platform's.
    receivePaymentCallback: {
      LoaiBanTin: 'PAYMENT',
      MaLoi: '00',
      MaDoiTac: 'MOTCUA-LOCAL',
      MaThamChieu: `${dossier.code}-ABCDEFGH`,
      SoTien: '8000',
      MaTienTe: 'VND',
      MaGiaoDich: 'MATRIX-1',
      ThoiGianGD: '20261201100000',
      MaXacThuc: '0'.repeat(64),
    },
    receiveZaloEvent: { app_id: '1', event_name: 'user_send_text', timestamp: '1', sender: { id: 'u1' } },
    // Well formed, without the portal's signature.
    receiveNationalPortalDossier: {
      session: 'matrix',
      madonvi: '000.00.00.H56',
      service: 'DongBoHoSoMC',
      data: [{ MaHoSo: 'MATRIX-1', MaTTHC: BIRTH.procedure }],
    },
    refuseAtReception: { reason: 'Thiếu giấy tờ' },
    requestSupplementAtReception: { checklist: [{ description: 'Bản sao giấy tờ' }] },
    actOnDossier: { reason: 'Kiểm tra quyền' },
    requestResultUpload: { fileName: 'kq.pdf', size: 10, contentType: 'application/pdf' },
    // Refused after the access checks (400), so the matrix changes no agency or procedure.
    putAgency: { name: '' },
    putProcedure: { code: BIRTH.procedure },
    deactivateAgency: { unexpected: 'body' },
    withdrawProcedure: { unexpected: 'body' },
    putCalendarYear: { daysOff: 'none' },
    startReorganisation: { from: [] },
    // Refused after the access checks (400), so the matrix registers no receiver.
    createSubscription: { url: 'not a url' },
  };
  const headers: Record<string, string> = {
    ...(operationId === 'createDossier' ? { 'idempotency-key': `matrix-${randomUUID()}` } : {}),
    ...(operationId === 'actOnDossier' ? { 'if-match': dossier.etag } : {}),
  };
  return { path, init: { method, json: bodies[operationId], headers } };
}

describe('authorization matrix', () => {
  it('has a row for every route, and only for routes', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(
      Object.values(routes)
        .map((r) => r.operationId)
        .sort(),
    );
  });

  for (const route of Object.values(routes)) {
    it(`${route.method} ${route.path} answers each caller as its row says`, async () => {
      const row = MATRIX[route.operationId];
      expect(row, `no row for ${route.operationId}`).toBeDefined();
      for (const caller of CALLERS) {
        const { path, init } = requestFor(route.operationId, route.method, route.path);
        // The API's own answer: a form route's 303 is not followed to the stored file.
        const answer = await call(local.stack, path, {
          ...init,
          redirect: 'manual',
          ...(tokens[caller] ? { token: tokens[caller] } : {}),
        });
        const expected = row![caller];
        if (expected === 'ok')
          expect([401, 403, 404], `${caller}: ${JSON.stringify(answer.body)}`).not.toContain(answer.status);
        else expect(answer.status, `${caller}: ${JSON.stringify(answer.body)}`).toBe(expected);
      }
    });
  }
});
