// The SSRF guard of outbound URLs: only global unicast addresses, whether written in the URL or answered by DNS; an
// IPv6 address that reaches an IPv4 one is judged as that IPv4 address, and tunnels that reach one unchecked are refused.
import { describe, expect, it } from 'vitest';
import { isPublicAddress, refusedReceiver } from '../../shared/events/receiver-address.js';

/** The guard as in AWS, with DNS answering `answers` for every name. */
const aws = (...answers: string[]) => ({ allowLoopback: false, resolve: async () => answers });
const literal = (address: string) => `https://${address.includes(':') ? `[${address}]` : address}/hook`;

const PUBLIC_IPV4 = '14.225.250.10';
const PUBLIC_IPV6 = '2402:800:6310::10';

/** One address of each range that is refused, by what it is. */
const REFUSED: Record<string, string> = {
  'NAT64 of a private IPv4': '64:ff9b::a00:1',
  'NAT64 of the metadata service': '64:ff9b::169.254.169.254',
  'local-use NAT64': '64:ff9b:1::808:808',
  '6to4 of a private IPv4': '2002:a00:1::1',
  '6to4 of a public IPv4': '2002:e1f:fa0a::1',
  'IPv4-compatible': '::10.0.0.1',
  'IPv4-compatible of a public IPv4': '::14.225.250.10',
  'site-local': 'fec0::1',
  Teredo: '2001:0:4136:e378:8000:63bf:3fff:fdd2',
  'IETF protocol assignments (benchmarking)': '2001:2::1',
  'IPv6 documentation': '2001:db8::1',
  'IPv6 documentation (3fff::/20)': '3fff::1',
  'unique local': 'fd12:3456::1',
  'link-local IPv6': 'fe80::1',
  multicast: 'ff02::1',
  'IPv6 loopback': '::1',
  'IPv6 unspecified': '::',
  'discard-only': '100::1',
  'IPv4-mapped private': '::ffff:192.168.1.1',
  'IPv4-mapped loopback (hex)': '::ffff:7f00:1',
  'this network': '0.1.2.3',
  private: '172.31.255.255',
  'shared address space': '100.64.0.1',
  'link-local IPv4': '169.254.169.254',
  'IETF protocol assignments': '192.0.0.8',
  'TEST-NET-1': '192.0.2.1',
  '6to4 relay anycast': '192.88.99.1',
  benchmarking: '198.19.0.1',
  'TEST-NET-2': '198.51.100.7',
  'TEST-NET-3': '203.0.113.10',
  'IPv4 multicast': '239.255.255.250',
  broadcast: '255.255.255.255',
};

describe('the addresses an outbound URL may reach in AWS', () => {
  it.each(Object.entries(REFUSED))('refuses %s as a literal host and as a DNS answer', async (_, address) => {
    expect(isPublicAddress(address)).toBe(false);
    expect(await refusedReceiver(literal(address), aws())).toBe('private-address');
    expect(await refusedReceiver('https://partner.example.vn/hook', aws(address))).toBe('private-address');
    // One bad answer among good ones is enough: the connection may take any of them.
    expect(
      await refusedReceiver('https://partner.example.vn/hook', aws(PUBLIC_IPV4, PUBLIC_IPV6, address)),
    ).toBe('private-address');
  });

  it('accepts global unicast, including a public IPv4 address behind NAT64 or written as IPv4-mapped', async () => {
    for (const address of [
      PUBLIC_IPV4,
      PUBLIC_IPV6,
      '64:ff9b::e1f:fa0a',
      '::ffff:14.225.250.10',
      '2606:4700::1111',
    ]) {
      expect(isPublicAddress(address), address).toBe(true);
      expect(await refusedReceiver(literal(address), aws()), address).toBeNull();
      expect(await refusedReceiver('https://partner.example.vn/hook', aws(address)), address).toBeNull();
    }
  });

  it('reads IPv4 hosts however the URL writes them', async () => {
    for (const host of ['0x7f.1', '2130706433', '0177.0.0.1', '[::ffff:127.0.0.1]', '[::127.0.0.1]'])
      expect(await refusedReceiver(`https://${host}/hook`, aws()), host).toBe('private-address');
  });

  it('lets loopback through only when local runs allow it, in whichever form', () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '64:ff9b::7f00:1']) {
      expect(isPublicAddress(address, true), address).toBe(true);
      expect(isPublicAddress(address, false), address).toBe(false);
    }
    expect(isPublicAddress('10.0.0.5', true)).toBe(false);
    expect(isPublicAddress('not an address')).toBe(false);
  });
});
