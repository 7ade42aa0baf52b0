import { isIPv6 } from 'node:net';

const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
/**
 * A run that may be an IPv6 address, in any form (`2001:db8::1`, `::1`, `fe80::1%eth0`, `::ffff:10.1.2.3`,
 * full or compressed): hex digits, colons and dots, with an optional zone, starting only where such a run
 * starts (so each run is tried once). `isIPv6` then decides.
 */
const IPV6_CANDIDATE = /(?<![0-9a-z_:.%])[0-9a-f:][0-9a-f:.]*(?:%[0-9a-z_.-]+)?/gi;

function maskIpv6(candidate: string): string {
  if (candidate.indexOf(':') === candidate.lastIndexOf(':')) return candidate;
  // A sentence may end right after an address.
  const trailing = /\.+$/.exec(candidate)?.[0] ?? '';
  const address = trailing ? candidate.slice(0, -trailing.length) : candidate;
  const zone = address.indexOf('%');
  const bare = zone >= 0 ? address.slice(0, zone) : address;
  return /[0-9a-f]/i.test(bare) && isIPv6(bare) ? `<ip>${trailing}` : candidate;
}

/** Every IPv4 and IPv6 address in `text` becomes `<ip>`. */
export function maskIps(text: string): string {
  return text.replace(IPV6_CANDIDATE, maskIpv6).replace(IPV4, '<ip>');
}
