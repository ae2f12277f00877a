// SSRF guard of outbound URLs (event receivers, the national portal's file links): in AWS a receiver is https and
// every address its name resolves to is global unicast. Checked when a subscription is created and again before each
// delivery (a name may resolve elsewhere later), and each request is then connected only to the addresses checked.
//
// Allowed are only the addresses the IANA special-purpose registries (IPv4 and IPv6, RFC 6890 and its updates) leave
// globally reachable: in IPv6 only 2000::/3, less its special blocks. An IPv6 address that carries an IPv4 one to be
// reached by translation (IPv4-mapped `::ffff:0:0/96`, the NAT64 prefix `64:ff9b::/96`, which a DNS64 resolver
// answers for IPv4-only names) is checked as that IPv4 address. Tunnels and prefixes that reach an IPv4 address, or a
// local network, past that check are refused whole: 6to4 `2002::/16` and Teredo `2001::/32` (in 2000::/3), and, as
// everything outside 2000::/3, local-use NAT64 `64:ff9b:1::/48`, IPv4-compatible `::a.b.c.d` and site-local `fec0::/10`.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

type Range = readonly [network: string, prefix: number];

/** IPv4 blocks not globally reachable, or not unicast. */
const IPV4_REFUSED: readonly Range[] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, the instance metadata service
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the limited broadcast 255.255.255.255
];

/** IPv6 global unicast. */
const IPV6_GLOBAL: Range = ['2000::', 3];
/** Blocks of 2000::/3 not globally reachable, or reaching IPv4 unchecked. */
const IPV6_REFUSED: readonly Range[] = [
  ['2001::', 23], // IETF protocol assignments: Teredo 2001::/32, benchmarking, ORCHID, anycast of PCP and TURN
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4
  ['3fff::', 20], // documentation
];
/** IPv6 prefixes whose last 32 bits are the IPv4 address reached. */
const IPV6_CARRYING_IPV4: readonly Range[] = [
  ['::ffff:0:0', 96], // IPv4-mapped
  ['64:ff9b::', 96], // NAT64 well-known prefix
];

const ipv4Value = (address: string) =>
  address.split('.').reduce((value, part) => value * 256 + Number(part), 0);

/** The 128-bit value of an IPv6 address (`isIP` says it is one), dotted IPv4 tail and zone included. */
function ipv6Value(address: string): bigint {
  let text = address.replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const value = ipv4Value(dotted[1]!);
    text = `${text.slice(0, dotted.index)}${Math.floor(value / 0x10000).toString(16)}:${(value % 0x10000).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((value, group) => (value << 16n) | BigInt(Number.parseInt(group, 16)), 0n);
}

const inIpv4 = (value: number, [network, prefix]: Range) => {
  const size = 2 ** (32 - prefix);
  return Math.floor(value / size) === Math.floor(ipv4Value(network) / size);
};
const inIpv6 = (value: bigint, [network, prefix]: Range) => {
  const shift = BigInt(128 - prefix);
  return value >> shift === ipv6Value(network) >> shift;
};

const LOOPBACK_IPV4: Range = ['127.0.0.0', 8];

function publicIpv4(value: number, allowLoopback: boolean) {
  if (allowLoopback && inIpv4(value, LOOPBACK_IPV4)) return true;
  return !IPV4_REFUSED.some((range) => inIpv4(value, range));
}

/** Whether `address` may be connected to: global unicast (and, with `allowLoopback`, loopback). */
export function isPublicAddress(address: string, allowLoopback = false): boolean {
  const family = isIP(address);
  if (family === 4) return publicIpv4(ipv4Value(address), allowLoopback);
  if (family !== 6) return false;
  const value = ipv6Value(address);
  if (IPV6_CARRYING_IPV4.some((range) => inIpv6(value, range)))
    return publicIpv4(Number(value & 0xffffffffn), allowLoopback);
  if (allowLoopback && value === 1n) return true;
  return inIpv6(value, IPV6_GLOBAL) && !IPV6_REFUSED.some((range) => inIpv6(value, range));
}

export interface ReceiverPolicy {
  /** Local runs only: http and loopback receivers are allowed (setting `EVENTS_ALLOW_LOOPBACK`). */
  allowLoopback: boolean;
  resolve?: (host: string) => Promise<string[]>;
}

const resolveAll = async (host: string) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

export type RefusedReceiver = 'not-https' | 'unresolvable' | 'private-address' | 'invalid-url';

/**
 * Why `url` may not receive events, or the addresses it was checked at: the only ones a request to it may then be
 * connected to (see pinned-request.ts), so a name that resolves elsewhere a moment later (DNS re-binding) is never
 * reached there.
 */
export async function checkedReceiver(
  url: string,
  policy: ReceiverPolicy,
): Promise<{ refused: RefusedReceiver } | { refused: null; addresses: string[] }> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { refused: 'invalid-url' };
  }
  if (parsed.username || parsed.password) return { refused: 'invalid-url' };
  const local = policy.allowLoopback && parsed.protocol === 'http:';
  if (parsed.protocol !== 'https:' && !local) return { refused: 'not-https' };
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await (policy.resolve ?? resolveAll)(host);
  } catch {
    return { refused: 'unresolvable' };
  }
  if (addresses.length === 0) return { refused: 'unresolvable' };
  if (addresses.some((address) => !isPublicAddress(address, policy.allowLoopback)))
    return { refused: 'private-address' };
  return { refused: null, addresses };
}

/** Why `url` may not receive events, or null when it may. */
export async function refusedReceiver(url: string, policy: ReceiverPolicy): Promise<RefusedReceiver | null> {
  return (await checkedReceiver(url, policy)).refused;
}

export const receiverPolicyFromEnv = (env: NodeJS.ProcessEnv): ReceiverPolicy => ({
  allowLoopback: env.EVENTS_ALLOW_LOOPBACK === 'true',
});
