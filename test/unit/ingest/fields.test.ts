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

  it('rejects impossible or malformed times with the field and value, reads zone-less times as UTC', () => {
    expect(reason(() => timestampField('ts', '2026-13-01T00:00:00.000Z'))).toBe("field 'ts' is not a timestamp: '2026-13-01T00:00:00.000Z'");
    expect(reason(() => timestampField('ts', '2026-02-30T00:00:00.000Z'))).toBe(Number.isNaN(Date.parse('2026-02-30T00:00:00.000Z')) ? "field 'ts' is not a timestamp: '2026-02-30T00:00:00.000Z'" : 'accepted');
    expect(reason(() => timestampField('ts', '2026-05-2xT09:00:00.000Z'))).toBe("field 'ts' is not a timestamp: '2026-05-2xT09:00:00.000Z'");
    expect(timestampField('ts', '2026-05-21 09:00:00')).toBe(Date.UTC(2026, 4, 21, 9));
    expect(timestampField('ts', '2021-06-06T15:59:46.457984+0200')).toBe(Date.UTC(2021, 5, 6, 13, 59, 46, 457));
    expect(timestampField('ts', 1779354000)).toBe(1779354000000);
    expect(reason(() => timestampField('time', 279.1))).toMatch(/^field 'time' is 279\.1 = 1970-01-01T00:04:39\.100Z, outside 2000–2100/);
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
