import { BlockList, isIP } from 'node:net';

/** Special-purpose ranges (IANA registries): no IP database can place these. */
const RESERVED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const) {
  RESERVED.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  RESERVED.addSubnet(network, prefix, 'ipv6');
}

export interface IpAddress {
  address: string;
  family: 4 | 6;
}

/** An IP address as written, an IPv4-mapped IPv6 one as IPv4; undefined for anything else. */
export function parseIp(text: string): IpAddress | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  const address = mapped?.[1] ?? text;
  const family = isIP(address);
  if (family === 0) return undefined;
  return { address, family: family as 4 | 6 };
}

export function isPublicIp(ip: IpAddress): boolean {
  return !RESERVED.check(ip.address, ip.family === 4 ? 'ipv4' : 'ipv6');
}
