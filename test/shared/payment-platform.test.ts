// The national payment platform's message shapes against fixtures: field order of each MaXacThuc, the platform's
// time, the page URL, and the constant-time check of a callback.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  callbackMessage,
  callbackSigned,
  initMessage,
  outcomeOf,
  pageUrl,
  platformTime,
  queryMessage,
} from '../../shared/adapters/payment-platform.js';

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/payment-platform/messages.json', import.meta.url), 'utf8'),
) as {
  secret: string;
  init: Record<string, string>;
  callback: Record<string, string>;
  query: Record<string, string>;
};
const { secret } = fixture;
/** The hash as the assumed specification reads: the values in order, then the secret, joined with `|`. */
const sha256 = (values: string[]) =>
  createHash('sha256')
    .update([...values, secret].join('|'))
    .digest('hex');
/** 2026-12-01 17:05:00 in Vietnam. */
const AT = Date.UTC(2026, 11, 1, 10, 5, 0);

describe('payment platform messages', () => {
  it('writes times as yyyyMMddHHmmss in Vietnam (UTC+7), across midnight too', () => {
    expect(platformTime(AT)).toBe('20261201170500');
    expect(platformTime(Date.UTC(2026, 11, 31, 17, 30, 0))).toBe('20270101003000');
  });

  it('builds the INIT message with its fields in order and MaXacThuc over them', () => {
    const init = initMessage(
      {
        reference: fixture.init.MaThamChieu!,
        amountVnd: 8000,
        description: fixture.init.ThongTinGiaoDich!,
        language: 'vi',
      },
      fixture.init.MaDoiTac!,
      secret,
      AT,
    );
    const { MaXacThuc, ...fields } = init;
    expect(fields).toEqual(fixture.init);
    expect(Object.keys(fields)).toEqual(Object.keys(fixture.init));
    expect(MaXacThuc).toBe(sha256(Object.values(fixture.init)));
    const url = new URL(pageUrl('https://thanhtoan.example.test/pay', init));
    expect(Object.fromEntries(url.searchParams)).toEqual(init);
  });

  it('signs QUERY over its own fields', () => {
    const query = queryMessage(fixture.query.MaThamChieu!, fixture.query.MaDoiTac!, secret, AT + 15 * 60_000);
    const { MaXacThuc, ...fields } = query;
    expect(fields).toEqual(fixture.query);
    expect(MaXacThuc).toBe(sha256(Object.values(fixture.query)));
  });

  it('accepts a callback signed over its fields, in either case, and refuses any change', () => {
    const signed: Record<string, string> = {
      ...fixture.callback,
      MaXacThuc: sha256(Object.values(fixture.callback)),
    };
    expect(callbackMessage(fixture.callback as never, secret)).toEqual(signed);
    expect(callbackSigned(signed as never, secret)).toBe(true);
    expect(callbackSigned({ ...signed, MaXacThuc: signed.MaXacThuc!.toUpperCase() } as never, secret)).toBe(
      true,
    );
    for (const field of Object.keys(fixture.callback)) {
      expect(callbackSigned({ ...signed, [field]: `${signed[field]}0` } as never, secret)).toBe(false);
    }
    expect(callbackSigned({ ...signed, MaXacThuc: 'abc' } as never, secret)).toBe(false);
    expect(callbackSigned(signed as never, 'another secret')).toBe(false);
    expect(outcomeOf(signed as never)).toEqual({
      reference: fixture.callback.MaThamChieu,
      partnerCode: 'MOTCUA-H56',
      amountVnd: 8000,
      currency: 'VND',
      transactionId: 'PG2612011706000123',
      code: '00',
      at: '20261201170600',
    });
  });
});
