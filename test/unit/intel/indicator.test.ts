// Indicator normalization and the in-memory structures behind matching.
import { describe, expect, it } from 'vitest';
import { Cidr4Index } from '../../../src-main/engine/intel/cidr4-index';
import { DigestTable } from '../../../src-main/engine/intel/digest-table';
import { DomainIndex } from '../../../src-main/engine/intel/domain-index';
import { parseAs, parseIndicator, refang } from '../../../src-main/engine/intel/indicator';
import { Ipv4Table } from '../../../src-main/engine/intel/ipv4-table';
import { NameTable, hashName } from '../../../src-main/engine/intel/name-table';
import { ipv4ToInt } from '../../../src-main/engine/inventory/ip';

const ok = (raw: string) => {
  const p = parseIndicator(raw);
  if ('error' in p) throw new Error(`${raw}: ${p.error}`);
  return p;
};
const err = (raw: string) => {
  const p = parseIndicator(raw);
  if (!('error' in p)) throw new Error(`${raw} parsed as ${p.kind} ${p.value}`);
  return p.error;
};

describe('indicator normalization', () => {
  it('classifies and canonicalizes every kind', () => {
    expect(ok('185.234.47.21')).toEqual({ kind: 'ipv4', value: '185.234.47.21' });
    expect(ok('2001:0DB8:0:0::1')).toEqual({ kind: 'ipv6', value: '2001:db8::1' });
    expect(ok('[2001:db8::2]')).toEqual({ kind: 'ipv6', value: '2001:db8::2' });
    expect(ok('10.1.2.3/16')).toEqual({ kind: 'cidr4', value: '10.1.0.0/16' }); // host bits cleared
    expect(ok('203.0.113.9/32')).toEqual({ kind: 'ipv4', value: '203.0.113.9' });
    expect(ok('2001:db8:abcd:12::1/48')).toEqual({ kind: 'cidr6', value: '2001:db8:abcd::/48' });
    expect(ok('Evil.Example.COM.')).toEqual({ kind: 'domain', value: 'evil.example.com' });
    expect(ok('*.Evil.ru')).toEqual({ kind: 'domain_suffix', value: '*.evil.ru' });
    expect(ok('.evil.ru')).toEqual({ kind: 'domain_suffix', value: '*.evil.ru' });
    expect(ok('bücher.example')).toEqual({ kind: 'domain', value: 'xn--bcher-kva.example' });
    expect(ok('D41D8CD98F00B204E9800998ECF8427E')).toEqual({ kind: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' });
    expect(ok('da39a3ee5e6b4b0d3255bfef95601890afd80709').kind).toBe('sha1');
    expect(ok('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855').kind).toBe('sha256');
    expect(ok('HTTP://Evil.COM/gate.php?id=1#frag')).toEqual({ kind: 'url', value: 'http://evil.com/gate.php?id=1' });
    expect(ok('evil.com/gate.php')).toEqual({ kind: 'url', value: 'http://evil.com/gate.php' });
  });

  it('refangs the usual defanging', () => {
    expect(refang('hxxps://evil[.]com/x')).toBe('https://evil.com/x');
    expect(ok('hxxp[:]//203.0.113[.]5/a')).toEqual({ kind: 'url', value: 'http://203.0.113.5/a' });
    expect(ok('evil(.)example[dot]org')).toEqual({ kind: 'domain', value: 'evil.example.org' });
    expect(ok('1.2.3[.]4')).toEqual({ kind: 'ipv4', value: '1.2.3.4' });
  });

  it('refuses what is not an indicator, saying why', () => {
    expect(err('xyz')).toMatch(/at least two labels/);
    expect(err('256.1.1.1')).toMatch(/not a valid IPv4/);
    expect(err('010.1.1.1')).toMatch(/not a valid IPv4/);
    expect(err('abcdef0123')).toMatch(/10 hex digits is not an MD5/);
    expect(err('10.0.0.0/4')).toMatch(/broader than \/8/);
    expect(err('10.0.0.0/33')).toMatch(/longer than 32/);
    expect(err('evil .com')).toMatch(/whitespace/);
    expect(err('ev*il.com')).toMatch(/wildcards/);
    expect(err('1::2::3')).toMatch(/IPv6/);
    expect(err('')).toMatch(/empty/);
  });

  it('checks a declared kind against the value', () => {
    expect(parseAs('198.51.100.0/24', 'ipv4')).toEqual({ kind: 'cidr4', value: '198.51.100.0/24' });
    expect(parseAs('d41d8cd98f00b204e9800998ecf8427e', 'sha256')).toEqual({ error: expect.stringMatching(/declared as sha256 but .* is an MD5 hash/) });
    expect(parseAs('2001:db8::1', 'ipv4')).toEqual({ error: expect.stringMatching(/declared as ipv4/) });
  });
});

describe('in-memory structures', () => {
  it('Ipv4Table stores, replaces and grows', () => {
    const t = new Ipv4Table();
    for (let i = 1; i <= 5000; i++) t.set((i * 2654435761) >>> 0, i);
    t.set(0, 9999); // 0.0.0.0 is a valid key
    for (let i = 1; i <= 5000; i++) expect(t.get((i * 2654435761) >>> 0)).toBe(i);
    expect(t.get(0)).toBe(9999);
    expect(t.get(12345)).toBe(0);
    t.set((7 * 2654435761) >>> 0, 42);
    expect(t.get((7 * 2654435761) >>> 0)).toBe(42);
    expect(t.size).toBe(5001);
  });

  it('DigestTable matches hex digests in either case and never a near miss', () => {
    const d = new DigestTable(32);
    const hex = (i: number) => (i.toString(16).padStart(8, '0') + 'ab'.repeat(28)).slice(0, 64);
    for (let i = 1; i <= 3000; i++) d.set(hex(i * 7919), i);
    for (let i = 1; i <= 3000; i++) expect(d.get(hex(i * 7919).toUpperCase())).toBe(i);
    expect(d.get(hex(7919).slice(0, 63) + 'c')).toBe(0); // last nibble differs
    expect(d.get(hex(7919).slice(0, 63))).toBe(0); // wrong length
    expect(d.get('zz' + hex(7919).slice(2))).toBe(0); // not hex
  });

  it('Cidr4Index answers with the most specific containing prefix', () => {
    const c = new Cidr4Index();
    const add = (cidr: string, id: number) => {
      const [ip, len] = cidr.split('/');
      c.add(ipv4ToInt(ip), Number(len), id);
    };
    add('10.0.0.0/8', 1);
    add('10.1.0.0/16', 2);
    add('10.1.2.0/24', 3);
    add('10.200.0.0/14', 4);
    add('192.168.0.0/24', 5);
    const at = (ip: string) => c.find(ipv4ToInt(ip));
    expect(at('10.1.2.77')).toBe(3);
    expect(at('10.1.3.1')).toBe(2);
    expect(at('10.2.0.1')).toBe(1);
    expect(at('10.203.255.255')).toBe(4);
    expect(at('10.204.0.0')).toBe(1);
    expect(at('10.255.255.255')).toBe(1);
    expect(at('11.0.0.0')).toBe(0);
    expect(at('9.255.255.255')).toBe(0);
    expect(at('192.168.0.255')).toBe(5);
    expect(at('192.168.1.0')).toBe(0);
    add('10.1.2.128/25', 6); // rebuilt on change
    expect(at('10.1.2.200')).toBe(6);
    expect(at('10.1.2.1')).toBe(3);
  });

  it('NameTable finds thousands of names in any case, through growth, and never a near miss', () => {
    const t = new NameTable();
    const name = (i: number) => `host-${i}.zone${i % 97}.example`;
    for (let i = 1; i <= 5000; i++) t.set(name(i), i);
    t.set(name(7), 70); // re-point
    for (let i = 1; i <= 5000; i++) expect(t.get(name(i).toUpperCase())).toBe(i === 7 ? 70 : i);
    expect(t.size).toBe(5000);
    expect(t.get('host-1.zone1.exampl')).toBe(0);
    expect(t.get('host-1.zone1.examplex')).toBe(0);
    const q = 'www.host-42.zone42.example';
    expect(t.getRange(q, 4, q.length, hashName(q, 4, q.length))).toBe(42); // a suffix, without slicing
  });

  it('DomainIndex: exact names, and *.suffix for every subdomain but not the apex', () => {
    const d = new DomainIndex();
    d.addExact('login.example.com', 1);
    d.addSuffix('evil.ru', 2);
    d.addSuffix('a.evil.ru', 3);
    expect(d.find('LOGIN.example.com.')).toBe(1);
    expect(d.find('x.evil.ru')).toBe(2);
    expect(d.find('deep.er.x.evil.ru')).toBe(2);
    expect(d.find('b.a.evil.ru')).toBe(3); // longest pattern wins
    expect(d.find('evil.ru')).toBe(0); // the apex is not covered by *.evil.ru
    expect(d.find('notevil.ru')).toBe(0);
    expect(d.find('example.com')).toBe(0);
    expect(d.find('X.EVIL.RU.')).toBe(2);
    expect(d.find('')).toBe(0);
    expect(d.find('.')).toBe(0);
    expect(d.findSuffix('login.example.com')).toBe(0); // exact names are not patterns
    expect(d.findPattern('a.evil.ru')).toBe(3);
  });
});
