// IP address parsing and canonical forms, shared by attribution, intel matching and parsers.

/** IPv4 dotted quad to an unsigned 32-bit integer; -1 when it is not one. */
export function ipv4ToInt(s: string): number {
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || part > 255) return -1;
      n = n * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && part === 0) return -1; // leading zero: ambiguous (octal in some tools)
      part = part * 10 + (c - 48);
      digits++;
      if (digits > 3) return -1;
    } else return -1;
  }
  if (dots !== 3 || digits === 0 || part > 255) return -1;
  return n * 256 + part;
}

export function intToIpv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Expands an IPv6 address to 8 groups of 4 lowercase hex digits; null when it is not one. */
export function expandIPv6(input: string): string | null {
  let s = input.toLowerCase();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!/^[0-9a-f:.]+$/.test(s) || !s.includes(':')) return null;
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups.
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = ipv4ToInt(tail);
    if (v4 < 0) return null;
    s = s.slice(0, lastColon + 1) + ((v4 >>> 16) & 0xffff).toString(16) + ':' + (v4 & 0xffff).toString(16);
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (groups.length !== 8 || groups.some((g) => g.length === 0 || g.length > 4)) return null;
  return groups.map((g) => g.padStart(4, '0')).join(':');
}

/** The expanded form's prefix of IPv4-mapped addresses (::ffff:0:0/96, RFC 4291 2.5.5.2). */
const MAPPED_PREFIX = '0000:0000:0000:0000:0000:ffff:';

/** The IPv4 address an expanded IPv4-mapped IPv6 address carries, or null when it is not one. */
function mappedIpv4(full: string): string | null {
  if (!full.startsWith(MAPPED_PREFIX)) return null;
  const n = parseInt(full.slice(30, 34) + full.slice(35, 39), 16);
  return intToIpv4(n);
}

/**
 * Canonical text for an address (IPv4 as is, IPv6 compressed lowercase), or null when invalid. An
 * IPv4-mapped IPv6 address (::ffff:203.0.113.18, as dual-stack sockets log IPv4 peers) is the IPv4
 * address it carries, so it matches intel and inventory entries written either way.
 */
export function canonicalIp(s: string): string | null {
  if (ipv4ToInt(s) >= 0) return s;
  const full = expandIPv6(s);
  if (!full) return null;
  const v4 = mappedIpv4(full);
  if (v4 !== null) return v4;
  // RFC 5952 compression: longest run of zero groups becomes '::'.
  const groups = full.split(':').map((g) => g.replace(/^0+(?=.)/, ''));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** RFC 1918, loopback, link-local, CGNAT and IPv6 ULA/link-local: addresses inside the organisation. */
export function isPrivateIp(input: string): boolean {
  const ip = ipv4ToInt(input) >= 0 ? input : (canonicalIp(input) ?? input);
  const n = ipv4ToInt(ip);
  if (n >= 0) {
    const a = n >>> 24;
    const b = (n >>> 16) & 255;
    return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  const full = expandIPv6(ip);
  if (!full) return false;
  return full.startsWith('fd') || full.startsWith('fc') || full.startsWith('fe8') || full.startsWith('fe9') || full.startsWith('fea') || full.startsWith('feb') || full === '0000:0000:0000:0000:0000:0000:0000:0001';
}
