// Indicator values: refanging, classification and canonical forms, shared by import, lookup and matching.
import { domainToASCII } from 'node:url';
import type { IndicatorKind, IndicatorType } from '@shared/domain/enums';
import { canonicalIp, expandIPv6, intToIpv4, ipv4ToInt } from '../inventory/ip';

export interface ParsedIndicator {
  kind: IndicatorKind;
  /** Canonical text: what `indicators.value` holds and what a lookup answers with. */
  value: string;
}
export type ParseResult = ParsedIndicator | { error: string };

/** The coarse family get_threat_context reports for each kind. */
export const KIND_TYPE: Record<IndicatorKind, IndicatorType> = {
  ipv4: 'ip', ipv6: 'ip', cidr4: 'cidr', cidr6: 'cidr', domain: 'domain', domain_suffix: 'domain',
  sha256: 'hash', sha1: 'hash', md5: 'hash', url: 'url', hostname: 'domain',
};

/** Hex digest length → hash kind. */
const HASH_BY_LENGTH: Record<number, IndicatorKind> = { 32: 'md5', 40: 'sha1', 64: 'sha256' };

/** Broader prefixes would flag a large part of the Internet: almost always a feed error. */
const MIN_PREFIX4 = 8;
const MIN_PREFIX6 = 16;

const LABEL = '[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?';
const DOMAIN = new RegExp(`^(?=.{1,253}$)(?:${LABEL}\\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$`);
const HEX = /^[0-9a-f]+$/i;
const DOTTED_NUMBERS = /^\d+(\.\d+){3}$/;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Undoes the usual defanging of shared IoCs: hxxp://, [.], (.), [dot], [:], [://]. */
export function refang(raw: string): string {
  let s = raw.trim();
  if (s.includes('[') || s.includes('(') || s.includes('{')) {
    s = s.replace(/\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)/gi, '.').replace(/\[:\/\/\]/g, '://').replace(/\[:\]/g, ':');
  }
  if (/^(hxxps?|hXXps?|fxp)(:|\[:\])/i.test(s)) s = s.replace(/^hxxp/i, 'http').replace(/^fxp/i, 'ftp');
  return s.replace(/\\\./g, '.');
}

/** Lowercase, no trailing dot, IDNs in punycode; null when it is not a domain name. */
export function canonicalDomain(input: string): string | null {
  let s = input.toLowerCase();
  if (s.endsWith('.')) s = s.slice(0, -1);
  if (/[^\x00-\x7f]/.test(s)) s = domainToASCII(s);
  return DOMAIN.test(s) ? s : null;
}

function ipv6ToBigInt(ip: string): bigint | null {
  const full = expandIPv6(ip);
  return full ? BigInt(`0x${full.replace(/:/g, '')}`) : null;
}

function bigIntToIpv6(n: bigint): string {
  const hex = n.toString(16).padStart(32, '0');
  return canonicalIp(hex.match(/.{4}/g)!.join(':'))!;
}

/** The top `len` bits of an IPv6 address: the key of its prefix. */
export function ipv6Prefix(ip: string, len: number): bigint | null {
  const n = ipv6ToBigInt(ip);
  return n === null ? null : n >> BigInt(128 - len);
}

function parseCidr(addr: string, prefixText: string): ParseResult {
  const len = Number(prefixText);
  const v4 = ipv4ToInt(addr);
  if (v4 >= 0) {
    if (len > 32) return { error: `prefix /${len} is longer than 32 bits` };
    if (len < MIN_PREFIX4) return { error: `prefix /${len} is broader than /${MIN_PREFIX4} and would match a large part of the Internet` };
    if (len === 32) return { kind: 'ipv4', value: addr };
    const net = len === 0 ? 0 : (v4 & (-1 << (32 - len))) >>> 0;
    return { kind: 'cidr4', value: `${intToIpv4(net)}/${len}` };
  }
  const v6 = ipv6ToBigInt(addr);
  if (v6 === null) return { error: `'${addr}' is not an IP address` };
  if (len > 128) return { error: `prefix /${len} is longer than 128 bits` };
  // Inside ::ffff:0:0/96 the prefix is an IPv4 network written the IPv6 way: matched as that network.
  const mapped = canonicalIp(addr);
  if (len >= 96 && mapped !== null && ipv4ToInt(mapped) >= 0) return parseCidr(mapped, String(len - 96));
  if (len < MIN_PREFIX6) return { error: `prefix /${len} is broader than /${MIN_PREFIX6} and would match a large part of the Internet` };
  if (len === 128) return { kind: 'ipv6', value: canonicalIp(addr)! };
  const shift = BigInt(128 - len);
  return { kind: 'cidr6', value: `${bigIntToIpv6((v6 >> shift) << shift)}/${len}` };
}

function parseUrl(s: string): ParseResult {
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return { error: 'not a valid URL' };
  }
  if (!url.hostname) return { error: 'URL has no host' };
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (ipv4ToInt(host) < 0 && !canonicalIp(host) && !canonicalDomain(host)) return { error: `URL host '${host}' is not a domain or IP address` };
  url.hash = ''; // fragments never leave the client, so they never identify a resource
  return { kind: 'url', value: url.href };
}

function parseDomainish(s: string): ParseResult {
  if (s.startsWith('*.') || s.startsWith('.')) {
    const rest = canonicalDomain(s.slice(s.startsWith('*.') ? 2 : 1));
    return rest ? { kind: 'domain_suffix', value: `*.${rest}` } : { error: 'not a valid *.domain pattern' };
  }
  if (s.includes('*')) return { error: "wildcards are only supported as a leading '*.'" };
  const d = canonicalDomain(s);
  if (d) return { kind: 'domain', value: d };
  return { error: s.includes('.') ? 'not a valid domain name' : 'a domain name needs at least two labels' };
}

/** Classifies a (possibly defanged) indicator and returns its canonical form, or why it is not one. */
export function parseIndicator(raw: string): ParseResult {
  const s = refang(raw);
  if (s.length === 0) return { error: 'empty value' };
  if (s.length > 2048) return { error: 'longer than 2048 characters' };
  if (/\s/.test(s)) return { error: 'contains whitespace' };
  if (SCHEME.test(s)) return parseUrl(s);
  const slash = s.indexOf('/');
  if (slash >= 0) {
    const addr = s.slice(0, slash);
    const rest = s.slice(slash + 1);
    if (/^\d{1,3}$/.test(rest) && (ipv4ToInt(addr) >= 0 || expandIPv6(addr))) return parseCidr(addr, rest);
    if (/^\d{1,3}$/.test(rest) && DOTTED_NUMBERS.test(addr)) return { error: `'${addr}' is not a valid IPv4 address` };
    // host/path without a scheme: the way many URL feeds write them
    const host = addr.includes(':') && !addr.startsWith('[') ? addr.slice(0, addr.indexOf(':')) : addr;
    if (ipv4ToInt(host) >= 0 || canonicalDomain(host)) return parseUrl(`http://${s}`);
    return { error: 'not a CIDR or URL' };
  }
  if (ipv4ToInt(s) >= 0) return { kind: 'ipv4', value: s };
  if (DOTTED_NUMBERS.test(s)) return { error: 'not a valid IPv4 address' };
  if (s.includes(':')) {
    const ip = canonicalIp(s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s);
    if (!ip) return { error: 'not a valid IPv6 address' };
    return { kind: ipv4ToInt(ip) >= 0 ? 'ipv4' : 'ipv6', value: ip };
  }
  if (HEX.test(s) && !s.includes('.')) {
    const kind = HASH_BY_LENGTH[s.length];
    return kind ? { kind, value: s.toLowerCase() } : { error: `${s.length} hex digits is not an MD5 (32), SHA-1 (40) or SHA-256 (64) hash` };
  }
  return parseDomainish(s);
}

/** Kinds a source's declared type admits (a STIX `ipv4-addr` may hold a CIDR, a `domain` a pattern). */
const FAMILY: Record<IndicatorKind, readonly IndicatorKind[]> = {
  ipv4: ['ipv4', 'cidr4'], ipv6: ['ipv6', 'cidr6'], cidr4: ['cidr4', 'ipv4'], cidr6: ['cidr6', 'ipv6'],
  domain: ['domain', 'domain_suffix'], domain_suffix: ['domain_suffix', 'domain'],
  sha256: ['sha256'], sha1: ['sha1'], md5: ['md5'], url: ['url'], hostname: ['hostname', 'domain', 'domain_suffix'],
};

/** parseIndicator, then checks the result against the kind the source declared, when it declared one. */
export function parseAs(raw: string, declared?: IndicatorKind): ParseResult {
  const p = parseIndicator(raw);
  // A source that says "this host" (MISP hostname, a CSV type column) makes a name exact: its subdomains are not covered.
  if (declared === 'hostname' && !('error' in p) && p.kind === 'domain') return { kind: 'hostname', value: p.value };
  if ('error' in p || !declared || FAMILY[declared].includes(p.kind)) return p;
  return { error: `declared as ${declared} but '${p.value}' is ${KIND_TYPE[p.kind] === 'hash' ? `an ${p.kind.toUpperCase()} hash` : `a ${p.kind}`}` };
}
