// SSRF guard of subscription URLs: in AWS a receiver is https and every address its name resolves to is public.
// Checked when a subscription is created and again before each delivery (a name may resolve elsewhere later).
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(network, prefix, 'ipv6');

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** IPv4 written as IPv6 (`::ffff:10.0.0.1`) is checked as the IPv4 address it is. */
function normalised(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1]!, family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

export interface ReceiverPolicy {
  /** Local runs only: http and loopback receivers are allowed (setting `EVENTS_ALLOW_LOOPBACK`). */
  allowLoopback: boolean;
  resolve?: (host: string) => Promise<string[]>;
}

const resolveAll = async (host: string) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

export type RefusedReceiver = 'not-https' | 'unresolvable' | 'private-address' | 'invalid-url';

/** Why `url` may not receive events, or null when it may. */
export async function refusedReceiver(url: string, policy: ReceiverPolicy): Promise<RefusedReceiver | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'invalid-url';
  }
  if (parsed.username || parsed.password) return 'invalid-url';
  const local = policy.allowLoopback && parsed.protocol === 'http:';
  if (parsed.protocol !== 'https:' && !local) return 'not-https';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await (policy.resolve ?? resolveAll)(host);
  } catch {
    return 'unresolvable';
  }
  if (addresses.length === 0) return 'unresolvable';
  for (const raw of addresses) {
    const { address, family } = normalised(raw);
    if (policy.allowLoopback && loopback.check(address, family)) continue;
    if (blocked.check(address, family)) return 'private-address';
  }
  return null;
}

export const receiverPolicyFromEnv = (env: NodeJS.ProcessEnv): ReceiverPolicy => ({
  allowLoopback: env.EVENTS_ALLOW_LOOPBACK === 'true',
});
