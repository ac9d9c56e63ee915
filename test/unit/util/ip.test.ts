// IP parsing is shared by attribution, intel and every parser: get it exactly right.
import { describe, expect, it } from 'vitest';
import { canonicalIp, expandIPv6, intToIpv4, ipv4ToInt, isPrivateIp } from '../../../src-main/engine/inventory/ip';

describe('ip helpers', () => {
  it('parse IPv4 strictly', () => {
    expect(ipv4ToInt('10.0.2.5')).toBe(0x0a000205);
    expect(ipv4ToInt('255.255.255.255')).toBe(0xffffffff);
    for (const bad of ['256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', 'a.b.c.d', '', '1..2.3']) expect(ipv4ToInt(bad)).toBe(-1);
    expect(intToIpv4(ipv4ToInt('192.168.1.107'))).toBe('192.168.1.107');
  });

  it('expand and compress IPv6 per RFC 5952', () => {
    expect(expandIPv6('2001:db8::1')).toBe('2001:0db8:0000:0000:0000:0000:0000:0001');
    expect(canonicalIp('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(canonicalIp('::fffe:10.0.0.1')).toBe('::fffe:a00:1');
    expect(canonicalIp('fe80::1%eth0')).toBe('fe80::1');
    expect(canonicalIp('1::2::3')).toBeNull();
    expect(canonicalIp('not-an-ip')).toBeNull();
  });

  it('read an IPv4-mapped IPv6 address as the IPv4 address it carries, in every spelling', () => {
    for (const mapped of ['::ffff:10.0.0.1', '::FFFF:10.0.0.1', '::ffff:a00:1', '0:0:0:0:0:ffff:0a00:0001']) expect(canonicalIp(mapped), mapped).toBe('10.0.0.1');
    expect(isPrivateIp('::ffff:10.0.0.1')).toBe(true);
    expect(isPrivateIp('::ffff:8.8.8.8')).toBe(false);
    // Not mapped: the NAT64 prefix and IPv4-compatible addresses stay IPv6.
    expect(canonicalIp('64:ff9b::10.0.0.1')).toBe('64:ff9b::a00:1');
    expect(canonicalIp('::10.0.0.1')).toBe('::a00:1');
  });

  it('know internal ranges', () => {
    for (const ip of ['10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '127.0.0.1', 'fd00::1', 'fe80::1']) expect(isPrivateIp(ip)).toBe(true);
    for (const ip of ['8.8.8.8', '172.32.0.1', '66.63.168.35', '2001:db8::1']) expect(isPrivateIp(ip)).toBe(false);
  });
});
