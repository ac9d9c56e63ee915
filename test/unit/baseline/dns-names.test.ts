// DNS names: pairs a batch learns wait in dns_learned until a merge moves them into dns_names; every reader
// (the pipeline after a reload, a one-off lookup, policy screening) sees the newest pair of an address
// wherever it waits, and an ingest's end leaves none waiting.
import { describe, expect, it } from 'vitest';
import { DnsNames, storedAddressesOf, storedNameOf } from '../../../src-main/engine/baseline/dns-names';
import { T0, harness, type Ev, type Harness } from '../detect/harness';

const dns = (ts: number, query: string, ...answers: string[]): Ev => ({ ts, kind: 'dns', entity_type: 'device', entity_id: 'dev_ws', device_id: 'dev_ws', query, answers });
const count = (h: Harness, table: string) => h.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
/** `n` pairs, each a distinct name and address. */
const pairs = (from: number, n: number): Ev[] => Array.from({ length: n }, (_, i) => dns(T0 + from + i, `svc${from + i}.example.com`, `198.18.${(from + i) >> 8}.${(from + i) & 255}`));

describe('DNS names', () => {
  it('a batch appends what it learned; readers see it before any merge, and a reload loads it', () => {
    const h = harness();
    h.feed([dns(T0, 'Mgmt.Axis-Cloud.com.', '34.0.0.5', '34.0.0.6', 'cdn.alias.example'), dns(T0 + 1000, 'updates.example.org', '::ffff:203.0.113.9')]);
    expect(count(h, 'dns_learned')).toBe(3);
    expect(count(h, 'dns_names')).toBe(0);
    expect(storedNameOf(h.sql, '34.0.0.5')).toBe('mgmt.axis-cloud.com');
    expect(storedNameOf(h.sql, '203.0.113.9')).toBe('updates.example.org');
    expect(storedNameOf(h.sql, '34.0.0.7')).toBeUndefined();
    expect(storedAddressesOf(h.sql, 'mgmt.axis-cloud.com', 5).sort()).toEqual(['34.0.0.5', '34.0.0.6']);
    expect(new DnsNames(h.sql, { preload: false }).nameOf('34.0.0.6')).toBe('mgmt.axis-cloud.com');
    h.reopen();
    expect(h.pipeline.dns.nameOf('203.0.113.9')).toBe('updates.example.org');
    expect(h.pipeline.dns.size).toBe(3);
  });

  it('an address learned again under another name: the newest pair wins, waiting or merged', () => {
    const h = harness();
    h.feed([dns(T0, 'old.example.com', '34.0.0.5')]);
    h.pipeline.settle();
    expect(h.db.prepare('SELECT ip, name, last_seen FROM dns_names').all()).toEqual([{ ip: '34.0.0.5', name: 'old.example.com', last_seen: T0 }]);
    h.feed([dns(T0 + 60_000, 'new.example.com', '34.0.0.5')]);
    h.feed([dns(T0 + 120_000, 'newer.example.com', '34.0.0.5')]);
    expect(storedNameOf(h.sql, '34.0.0.5')).toBe('newer.example.com');
    expect(storedAddressesOf(h.sql, 'old.example.com', 5)).toEqual([]);
    expect(storedAddressesOf(h.sql, 'new.example.com', 5)).toEqual([]);
    expect(storedAddressesOf(h.sql, 'newer.example.com', 5)).toEqual(['34.0.0.5']);
    h.reopen();
    expect(h.pipeline.dns.nameOf('34.0.0.5')).toBe('newer.example.com');
    h.pipeline.settle();
    expect(count(h, 'dns_learned')).toBe(0);
    expect(h.db.prepare('SELECT ip, name, last_seen FROM dns_names').all()).toEqual([{ ip: '34.0.0.5', name: 'newer.example.com', last_seen: T0 + 120_000 }]);
  });

  it('merges into dns_names once a few thousand pairs wait, newest first for a name', () => {
    const h = harness();
    h.feed(pairs(0, 4000), 1000);
    expect(count(h, 'dns_learned')).toBe(4000);
    expect(count(h, 'dns_names')).toBe(0);
    h.feed([...pairs(4000, 200), dns(T0 + 10_000, 'svc7.example.com', '198.18.200.1')]);
    expect(count(h, 'dns_learned')).toBe(0);
    expect(count(h, 'dns_names')).toBe(4201);
    expect(storedNameOf(h.sql, '198.18.15.160')).toBe('svc4000.example.com');
    expect(storedAddressesOf(h.sql, 'svc7.example.com', 5)).toEqual(['198.18.200.1', '198.18.0.7']);
  });
});
