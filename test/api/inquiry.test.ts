// Status inquiries by SMS and Zalo over HTTP: `TRACUU <code>` answered with the status to the applicant's own phone
// or Zalo user, the same "not found" to anyone else, signatures verified per provider, throttled per sender, and the
// inquiry and its reply in the dossier's history.
import { createHash, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { LOCAL_SMS_INBOUND_SECRET, LOCAL_ZALO_APP } from '../../local/runner.js';
import { call, problemOf, useLocalStack } from '../support/local-stack.js';
import { application, dossierRepositoryOf, eventually, quickApp } from '../support/dossiers.js';
import { processingBirth, rewriteDossier } from '../support/workspace.js';

// Three inquiries per sender and hour, so the throttle shows within a test.
process.env.INQUIRIES_PER_HOUR = '3';
const local = useLocalStack({ app: quickApp });

const APPLICANT_PHONE = application().applicant.phone; // 0912345678
const APPLICANT_MSISDN = `84${APPLICANT_PHONE.slice(1)}`;
/** A different number for each test, so that no test uses up another's allowance. */
const otherPhone = () => `8498${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

function smsRequest(payload: Record<string, unknown>, secret = LOCAL_SMS_INBOUND_SECRET) {
  const id = `msg_${randomUUID()}`;
  const body = JSON.stringify(payload);
  const signature = new Webhook(secret).sign(id, new Date(), body);
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
      'webhook-signature': signature,
    },
    body,
  };
}

const sms = (from: string, text: string) =>
  call<{ outcome: string }>(
    local.stack,
    '/webhooks/sms/inbound',
    smsRequest({ messageId: `mo-${randomUUID()}`, from, to: '8077', text }),
  );

/** Zalo's MAC as its documentation gives it: sha256 of app id + body + timestamp + OA secret key, in hex. */
const zaloMac = (appId: string, body: string, timestamp: string, oaSecret: string) =>
  createHash('sha256').update(`${appId}${body}${timestamp}${oaSecret}`).digest('hex');

function zaloRequest(event: Record<string, unknown>, oaSecret = LOCAL_ZALO_APP.oaSecret) {
  const timestamp = String(Date.now());
  const body = JSON.stringify({ app_id: LOCAL_ZALO_APP.appId, timestamp, ...event });
  const parsed = JSON.parse(body) as { app_id: string; timestamp: string };
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-zevent-signature': `mac=${zaloMac(parsed.app_id, body, parsed.timestamp, oaSecret)}`,
    },
    body,
  };
}

const zaloText = (user: string, text: string) =>
  call<{ outcome: string }>(
    local.stack,
    '/webhooks/zalo',
    zaloRequest({
      event_name: 'user_send_text',
      sender: { id: user },
      recipient: { id: 'oa-1' },
      message: { msg_id: `zmsg-${randomUUID()}`, text },
    }),
  );

/** Replies the dev outbox recorded to one recipient, waiting for the first `count`. */
const repliesTo = (to: string, count = 1) =>
  eventually(async () => {
    const found = local.stack.devOutbox.messages().filter((m) => m.to === to);
    return found.length >= count ? found : undefined;
  });

const withoutCode = (text: string, code: string) => text.replaceAll(code, '<code>');

describe('TRACUU by SMS', () => {
  it("answers the applicant's own phone with the status, agency and due date, and records both in the history", async () => {
    const dossier = await processingBirth(local.stack);
    const answer = await sms(APPLICANT_MSISDN, `tra cứu  ${dossier.code.toLowerCase()}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ outcome: 'answered' });
    const [reply] = (await repliesTo(APPLICANT_MSISDN)).filter((m) => m.params.code === dossier.code);
    expect(reply).toMatchObject({ channel: 'sms', event: 'inquiry-answered' });
    expect(reply!.rendered.text).toMatch(
      new RegExp(
        `^Hồ sơ ${dossier.code.replaceAll('.', '\\.')}: đang xử lý\\. Cơ quan: Ủy ban nhân dân phường Long An\\. Ngày hẹn trả kết quả: \\d{2}/\\d{2}/\\d{4}\\.$`,
      ),
    );
    const history = await eventually(async () => {
      const events = await dossierRepositoryOf(local.stack).history(dossier.id);
      return events.some((e) => e.note?.includes('template=inquiry-answered result=sent'))
        ? events
        : undefined;
    });
    const inquiry = history.find((e) => e.action === 'inquiry-received');
    expect(inquiry).toMatchObject({
      from: 'processing',
      to: 'processing',
      note: 'channel=sms sender=applicant',
    });
    // No phone number in the history.
    expect(JSON.stringify(history)).not.toContain(APPLICANT_PHONE.slice(1));
  });

  it('answers anyone else, and a code nobody has, with the same "not found" whatever the applicant\'s language', async () => {
    const dossier = await processingBirth(local.stack);
    await rewriteDossier(local.stack, dossier.id, (d) => ({ ...d, language: 'en' }));
    const stranger = otherPhone();
    expect((await sms(stranger, `TRACUU ${dossier.code}`)).body).toEqual({ outcome: 'answered' });
    const unknown = '000.01.00.H56-200101-0042';
    expect((await sms(stranger, `TRACUU ${unknown}`)).body).toEqual({ outcome: 'answered' });
    const replies = await repliesTo(stranger, 2);
    const about = (code: string) => replies.find((m) => m.params.code === code)!;
    expect(about(dossier.code).event).toBe('inquiry-not-found');
    expect(about(unknown).event).toBe('inquiry-not-found');
    expect(withoutCode(about(dossier.code).rendered.text, dossier.code)).toBe(
      withoutCode(about(unknown).rendered.text, unknown),
    );
    expect(about(dossier.code).rendered.text).not.toContain('đang xử lý');
    expect(about(dossier.code).rendered.text).toMatch(/^Không tìm thấy hồ sơ/);
    const history = await dossierRepositoryOf(local.stack).history(dossier.id);
    expect(history.find((e) => e.action === 'inquiry-received')?.note).toBe('channel=sms sender=other');
    // The applicant is answered in their own language.
    await sms(APPLICANT_MSISDN, `TRACUU ${dossier.code}`);
    const own = await eventually(async () =>
      local.stack.devOutbox
        .messages()
        .find((m) => m.to === APPLICANT_MSISDN && m.params.code === dossier.code),
    );
    expect(own.rendered.text).toMatch(/^Dossier .*: being processed\. Agency: /);
  });

  it('ignores other messages and stops answering a sender past the allowance', async () => {
    const dossier = await processingBirth(local.stack);
    const sender = otherPhone();
    expect((await sms(sender, 'xin chào')).body).toEqual({ outcome: 'ignored' });
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i += 1) outcomes.push((await sms(sender, `TRACUU ${dossier.code}`)).body.outcome);
    expect(outcomes).toEqual(['answered', 'answered', 'answered', 'throttled', 'throttled']);
    expect(await repliesTo(sender, 3)).toHaveLength(3);
  });

  it('answers a message the gateway resends (same id, also at once) once, and counts a resend only while racing', async () => {
    const dossier = await processingBirth(local.stack);
    const resend = (messageId: string, from: string, code: string) =>
      call<{ outcome: string }>(
        local.stack,
        '/webhooks/sms/inbound',
        smsRequest({ messageId, from, to: '8077', text: `TRACUU ${code}` }),
      );
    const own = `mo-${randomUUID()}`;
    expect((await resend(own, APPLICANT_MSISDN, dossier.code)).body).toEqual({ outcome: 'answered' });
    const again = await Promise.all([1, 2].map(() => resend(own, APPLICANT_MSISDN, dossier.code)));
    expect(again.map((answer) => [answer.status, answer.body.outcome])).toEqual([
      [200, 'duplicate'],
      [200, 'duplicate'],
    ]);
    const history = await eventually(async () => {
      const events = await dossierRepositoryOf(local.stack).history(dossier.id);
      return events.some((e) => e.note?.includes('template=inquiry-answered result=sent'))
        ? events
        : undefined;
    });
    expect(history.filter((e) => e.action === 'inquiry-received')).toHaveLength(1);
    // A code nobody has, sent twice at once: one reply goes out.
    const stranger = otherPhone();
    const unknown = `mo-${randomUUID()}`;
    const racing = await Promise.all(
      [1, 2].map(() => resend(unknown, stranger, '000.01.00.H56-200101-0042')),
    );
    expect(racing.map((answer) => answer.body.outcome).sort()).toEqual(['answered', 'duplicate']);
    // Resent later, it is not counted against the sender (two racing copies may both have been counted).
    expect((await resend(unknown, stranger, '000.01.00.H56-200101-0042')).body.outcome).toBe('duplicate');
    expect((await sms(stranger, `TRACUU ${dossier.code}`)).body).toEqual({ outcome: 'answered' });
    expect(await repliesTo(stranger, 2)).toHaveLength(2);
    // An id the gateway reused for another sender's message is that sender's own: it is answered.
    const another = otherPhone();
    expect((await resend(unknown, another, '000.01.00.H56-200101-0042')).body.outcome).toBe('answered');
    expect(await repliesTo(another)).toHaveLength(1);
  });

  it('refuses a message without a valid signature, and one whose body was changed', async () => {
    const payload = { messageId: 'mo-1', from: otherPhone(), to: '8077', text: 'TRACUU X' };
    const forged = smsRequest(payload, `whsec_${Buffer.from('another-secret').toString('base64')}`);
    expect(problemOf(await call(local.stack, '/webhooks/sms/inbound', forged))).toMatchObject({
      status: 401,
      fields: ['header.webhook-signature'],
    });
    const changed = smsRequest(payload);
    changed.body = changed.body.replace('TRACUU X', 'TRACUU Y');
    expect((await call(local.stack, '/webhooks/sms/inbound', changed)).status).toBe(401);
  });
});

describe('TRACUU on Zalo', () => {
  it('answers a Zalo user "not found" until they share the applicant\'s phone number, then the status', async () => {
    const dossier = await processingBirth(local.stack);
    const user = `zuser${randomUUID().slice(0, 8)}`;
    expect((await zaloText(user, `TRACUU ${dossier.code}`)).body).toEqual({ outcome: 'answered' });
    const [notFound] = await repliesTo(user);
    expect(notFound).toMatchObject({ channel: 'zalo', event: 'inquiry-not-found' });

    const shared = await call(
      local.stack,
      '/webhooks/zalo',
      zaloRequest({ event_name: 'user_submit_info', sender: { id: user }, info: { phone: APPLICANT_PHONE } }),
    );
    expect(shared.body).toEqual({ outcome: 'linked' });
    expect((await zaloText(user, `TRACUU ${dossier.code}`)).body).toEqual({ outcome: 'answered' });
    const replies = await repliesTo(user, 2);
    expect(replies[1]).toMatchObject({ channel: 'zalo', event: 'inquiry-answered' });
    expect(replies[1]!.rendered.text).toContain('đang xử lý');
    const history = await dossierRepositoryOf(local.stack).history(dossier.id);
    expect(history.filter((e) => e.action === 'inquiry-received').map((e) => e.note)).toEqual([
      'channel=zalo sender=other',
      'channel=zalo sender=applicant',
    ]);
  });

  it("refuses an event whose MAC is not the OA secret's, or another app's", async () => {
    const event = {
      event_name: 'user_send_text',
      sender: { id: 'u1' },
      message: { msg_id: 'm', text: 'TRACUU X' },
    };
    const forged = zaloRequest(event, 'not-the-oa-secret');
    expect(problemOf(await call(local.stack, '/webhooks/zalo', forged))).toMatchObject({
      status: 401,
      fields: ['header.x-zevent-signature'],
    });
    const otherApp = zaloRequest({ ...event, app_id: '999' });
    expect((await call(local.stack, '/webhooks/zalo', otherApp)).status).toBe(401);
    const unsigned = { ...zaloRequest(event), headers: { 'content-type': 'application/json' } };
    expect((await call(local.stack, '/webhooks/zalo', unsigned)).status).toBe(401);
  });
});
