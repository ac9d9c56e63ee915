// Field checks: timestamps (the fast ISO path agrees with Date.parse), addresses, ports, domains.
import { describe, expect, it } from 'vitest';
import { domainField, hashField, ipField, portField, timestampField } from '../../../src-main/engine/ingest/parsers/fields';
import { Rejection } from '../../../src-main/engine/ingest/parsers/types';

const reason = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof Rejection) return e.reason;
    throw e;
  }
  return 'accepted';
};

describe('field checks', () => {
  it('reads canonical ISO times exactly as Date.parse does, month ends and leap days included', () => {
    const samples = ['2026-05-21T09:00:00.000Z', '2024-02-29T23:59:59.999Z', '2025-12-31T00:00:00.001Z', '2000-01-01T00:00:00.000Z', '2030-04-30T12:34:56.789Z'];
    for (let t = Date.UTC(2020, 0, 1); t < Date.UTC(2031, 0, 1); t += 86_400_000 * 7 + 3_600_123) samples.push(new Date(t).toISOString());
    for (const s of samples) expect(timestampField('ts', s)).toBe(Date.parse(s));
  });

  it('reads ISO 8601 with a zone and epoch seconds or milliseconds between 2000 and 2100', () => {
    expect(timestampField('ts', '2021-06-06T15:59:46.457984+0200')).toBe(Date.UTC(2021, 5, 6, 13, 59, 46, 457));
    expect(timestampField('ts', '2026-05-21T09:00:00-05:30')).toBe(Date.UTC(2026, 4, 21, 14, 30));
    expect(timestampField('ts', '2026-05-21 09:00:00.029Z')).toBe(Date.UTC(2026, 4, 21, 9, 0, 0, 29));
    expect(timestampField('ts', '2024-02-29T23:59:59Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59));
    // Written every way the grammar allows (some read character by character, some by the full grammar): one instant.
    const forms = ['2026-05-21T11:30:00.5+02:00', '2026-05-21T11:30:00.500+0200', '2026-05-21 11:30:00,5+02', '2026-05-21t09:30:00.500z', '2026-05-21T09:30:00.500999Z', '2026-05-21T04:30:00.5-05:00'];
    for (const f of forms) expect(timestampField('ts', f), f).toBe(Date.UTC(2026, 4, 21, 9, 30, 0, 500));
    expect(timestampField('ts', 1779354000)).toBe(1779354000000);
    expect(timestampField('ts', '1779354000.25')).toBe(1779354000250);
    expect(timestampField('ts', 1779354000123)).toBe(1779354000123);
    expect(timestampField('ts', '1779354000123')).toBe(1779354000123);
  });

  it('refuses local times, impossible dates, free text and epoch numbers outside the range, saying why', () => {
    // Each of these used to become a time: year 2001 from the machine's time zone, or March 2.
    expect(reason(() => timestampField('ts', 'foo 1'))).toBe("field 'ts' is not a timestamp: 'foo 1'");
    expect(reason(() => timestampField('ts', '-5'))).toBe("field 'ts' is not a timestamp: '-5'");
    expect(reason(() => timestampField('ts', '2026-02-30T00:00:00.000Z'))).toBe("field 'ts' is not a timestamp: '2026-02-30T00:00:00.000Z': 2026-02-30 is not a date (that month has 28 days)");
    expect(reason(() => timestampField('ts', '2026-02-30T00:00:00+01:00'))).toBe("field 'ts' is not a timestamp: '2026-02-30T00:00:00+01:00': 2026-02-30 is not a date (that month has 28 days)");
    expect(reason(() => timestampField('ts', '2025-02-29T00:00:00Z'))).toMatch(/2025-02-29 is not a date/);
    expect(reason(() => timestampField('ts', '2026-04-31T10:00:00Z'))).toMatch(/2026-04-31 is not a date \(that month has 30 days\)/);
    expect(reason(() => timestampField('ts', '2026-13-01T00:00:00.000Z'))).toBe("field 'ts' is not a timestamp: '2026-13-01T00:00:00.000Z': month 13 does not exist");
    expect(reason(() => timestampField('ts', '2026-05-21T24:00:00Z'))).toMatch(/24:00:00 is not a time of day/);
    expect(reason(() => timestampField('ts', '2026-05-21T09:00:00+25:00'))).toMatch(/time zone \+25:00 does not exist/);
    expect(reason(() => timestampField('ts', '2026-05-2xT09:00:00.000Z'))).toBe("field 'ts' is not a timestamp: '2026-05-2xT09:00:00.000Z'");
    expect(reason(() => timestampField('ts', '2026-05-21 09:00:00'))).toMatch(/^field 'ts' is not a timestamp: '2026-05-21 09:00:00': no time zone: add Z or ±hh:mm/);
    expect(reason(() => timestampField('ts', '2026-05-21'))).toMatch(/a date without a time of day$/);
    expect(reason(() => timestampField('ts', 'Thu, 21 May 2026 09:00:00 GMT'))).toBe("field 'ts' is not a timestamp: 'Thu, 21 May 2026 09:00:00 GMT'");
    expect(reason(() => timestampField('ts', -5))).toBe("field 'ts' is not a timestamp: -5 (epoch times are non-negative numbers)");
    expect(reason(() => timestampField('time', 279.1))).toMatch(/^field 'time' is 279\.1 = 1970-01-01T00:04:39\.100Z, outside 2000–2100/);
    expect(reason(() => timestampField('ts', 5e11))).toMatch(/^field 'ts' is 500000000000: neither epoch seconds \(946684800–4102444800\) nor epoch milliseconds/);
    expect(reason(() => timestampField('ts', 4102444800000))).toMatch(/nor epoch milliseconds \(946684800000–4102444800000\), i.e. not between 2000 and 2100$/);
    expect(reason(() => timestampField('ts', '2100-01-01T00:00:00Z'))).toMatch(/outside 2000–2100/);
    expect(reason(() => timestampField('ts', true))).toBe("field 'ts' is not a timestamp: true");
  });

  it('gives the same times whatever the machine time zone', () => {
    const saved = process.env.TZ;
    const read = () => ['2026-05-21T09:00:00+02:00', '2026-05-21T09:00:00Z', 1779354000].map((v) => timestampField('ts', v));
    try {
      process.env.TZ = 'UTC';
      const utc = read();
      process.env.TZ = 'Pacific/Kiritimati';
      expect(read()).toEqual(utc);
      expect(reason(() => timestampField('ts', 'foo 1'))).toBe("field 'ts' is not a timestamp: 'foo 1'");
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('canonicalizes addresses and refuses non-addresses, checks ports, normalizes domains and hashes', () => {
    expect(ipField('src_ip', '2001:DB8:0:0::1')).toBe('2001:db8::1');
    expect(reason(() => ipField('src_ip', '10.0.0.256'))).toBe("src_ip '10.0.0.256' is not an IP address");
    expect(reason(() => ipField('src_ip', 42))).toBe('src_ip 42 is not an IP address');
    expect(portField('dst_port', '443')).toBe(443);
    expect(reason(() => portField('dst_port', -1))).toBe("field 'dst_port' is not a port number (0-65535): -1");
    expect(domainField('query', 'WWW.Example.COM.')).toBe('www.example.com');
    expect(hashField('hash', 'ABCDEF0123456789ABCDEF0123456789')).toBe('abcdef0123456789abcdef0123456789');
    expect(reason(() => hashField('hash', 'xyz'))).toBe("field 'hash' is not an MD5, SHA-1 or SHA-256 hex digest: 'xyz'");
  });
});
