// Input edges on real logs: bad timestamps become rejects with their reason (never a year-2001 or
// March 2 time), an oversized last line is a reject and every good line survives, a one-line file is
// detected, and IPv4-mapped IPv6 addresses match intel and attribute to inventory like plain IPv4.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '@shared/domain/time';
import { importInventoryFile } from '../../../src-main/engine/inventory/import-inventory';
import { actor, count, openEngine, securityLogs, tempDir, unzip } from './helpers';

const SURICATA = join(securityLogs, 'stratosphere-slips/test6-malicious.suricata.json');
const LSASS_ZEEK = join(securityLogs, 'otrf-security-datasets/compound/LSASS_campaign_01/metasploit_logonpasswords_lsass_memory_dump_zeek_logs.zip');

const suricataLines = () => readFileSync(SURICATA, 'utf8').split('\n').filter((l) => l.trim());
const rejectsOf = (engine: ReturnType<typeof openEngine>, source: number) => engine.ingest.listRejects({ source_id: source, limit: 100, offset: 0 }).rejects.map((r) => r.reason);

describe('strict timestamps through ingest', () => {
  it('rejects free text, negative numbers and impossible dates in real Suricata records, with the reason, and keeps the rest', async () => {
    const lines = suricataLines().slice(0, 40);
    const first = JSON.parse(lines[0]) as Record<string, unknown>;
    const bad = (timestamp: unknown) => JSON.stringify({ ...first, timestamp });
    const file = join(tempDir(), 'eve.json');
    writeFileSync(file, [...lines, bad('foo 1'), bad('-5'), bad('2026-02-30T10:00:00.000000+0000'), bad('2021-06-06T15:59:46.457984'), bad(-5)].join('\n') + '\n');
    const engine = openEngine();
    const s = await engine.ingest.ingestFile(file, { actor });
    expect(s.rejects).toBe(5);
    expect(rejectsOf(engine, s.source_id)).toEqual([
      "line 41: field 'timestamp' is not a timestamp: 'foo 1'",
      "line 42: field 'timestamp' is not a timestamp: '-5'",
      "line 43: field 'timestamp' is not a timestamp: '2026-02-30T10:00:00.000000+0000': 2026-02-30 is not a date (that month has 28 days)",
      "line 44: field 'timestamp' is not a timestamp: '2021-06-06T15:59:46.457984': no time zone: add Z or ±hh:mm (a time without a zone would mean something else on each machine)",
      "line 45: field 'timestamp' is not a timestamp: -5 (epoch times are non-negative numbers)",
    ]);
    // Nothing landed outside the capture's own day (the old reading gave 2001 and 2026-03-02 events).
    expect(count(engine, "SELECT COUNT(*) FROM events WHERE ts < ? OR ts >= ?", Date.UTC(2021, 5, 6), Date.UTC(2021, 5, 8))).toBe(0);
    expect(s.events + s.skipped).toBe(40);
    engine.close();
  });

  it('rejects Zeek ts -1 and "-1" in the real LSASS campaign conn.log', async () => {
    const dir = tempDir();
    const conn = unzip(LSASS_ZEEK, dir).find((f) => f.endsWith('conn.log'))!;
    const text = readFileSync(conn, 'utf8').split('\n');
    const firstRecord = text.findIndex((l) => l && !l.startsWith('#'));
    const record = text[firstRecord].split('\t');
    const withTs = (ts: string) => [ts, ...record.slice(1)].join('\t');
    const file = join(dir, 'conn-edited.log');
    writeFileSync(file, [...text.slice(0, firstRecord + 1), withTs('-1'), withTs('foo 1'), ...text.slice(firstRecord + 1)].join('\n'));
    const engine = openEngine();
    const s = await engine.ingest.ingestFile(file, { actor });
    const reasons = rejectsOf(engine, s.source_id);
    expect(reasons).toContain(`line ${firstRecord + 2}: field 'ts' is '-1': a negative time is neither an absolute nor a relative timestamp`);
    expect(reasons).toContain(`line ${firstRecord + 3}: field 'ts' is not a timestamp: 'foo 1'`);
    expect(count(engine, 'SELECT COUNT(*) FROM events WHERE ts < ?', Date.UTC(2020, 0, 1))).toBe(0);
    engine.close();
  });

  it('reads feed and filter times strictly too: no free text, no roll-over, a bare date or zone-less time is UTC', () => {
    expect(parseTimestamp('foo 1')).toBeNaN();
    expect(parseTimestamp('-5')).toBeNaN();
    expect(parseTimestamp('2026-02-30')).toBeNaN();
    expect(parseTimestamp('2021-06-04')).toBe(Date.UTC(2021, 5, 4));
    expect(parseTimestamp('2024-01-05 12:00:00')).toBe(Date.UTC(2024, 0, 5, 12));
    expect(parseTimestamp('1622851200')).toBe(Date.UTC(2021, 5, 5));
  });
});

describe('oversized lines and one-line files', () => {
  it('refuses a last line over 16 MiB as a reject and keeps every real line before it', async () => {
    const lines = suricataLines();
    const file = join(tempDir(), 'eve-long.json');
    const huge = `{"timestamp":"2021-06-06T15:59:46.457984+0200","event_type":"flow","pad":"${'x'.repeat(17 << 20)}"}`;
    writeFileSync(file, `${lines.join('\n')}\n${huge}\n`);
    const engine = openEngine();
    const s = await engine.ingest.ingestFile(file, { actor });
    expect(s.lines).toBe(lines.length + 1);
    expect(rejectsOf(engine, s.source_id)).toEqual([`line ${lines.length + 1}: line longer than 16 MiB: refused without reading it whole`]);
    expect(s.events + s.skipped).toBe(lines.length);
    expect(count(engine, 'SELECT COUNT(*) FROM events')).toBe(s.events);
    engine.close();
  });

  it('detects and ingests a valid one-line file without a final newline', async () => {
    const file = join(tempDir(), 'one.json');
    writeFileSync(file, suricataLines()[0]);
    const engine = openEngine();
    const s = await engine.ingest.ingestFile(file, { actor });
    expect(s).toMatchObject({ format: 'suricata_eve', lines: 1, events: 1, rejects: 0 });
    engine.close();
  });
});

describe('IPv4-mapped IPv6 addresses', () => {
  it('match the IPv4 indicator and attribute to the IPv4 device, on real Suricata alerts written by a dual-stack sensor', async () => {
    const dir = tempDir();
    const lines = suricataLines().filter((l) => l.includes('"src_ip":"78.36.196.213"') && l.includes('"dest_ip":"192.168.1.129"'));
    expect(lines.length).toBeGreaterThan(0);
    const mapped = join(dir, 'eve-mapped.json');
    writeFileSync(mapped, lines.map((l) => l.replace('"src_ip":"78.36.196.213"', '"src_ip":"::ffff:78.36.196.213"').replace('"dest_ip":"192.168.1.129"', '"dest_ip":"::FFFF:c0a8:0181"')).join('\n'));
    writeFileSync(join(dir, 'feed.txt'), '78.36.196.213\n');
    writeFileSync(join(dir, 'inventory.json'), JSON.stringify({ devices: [{ device_id: 'dev_victim', device_type: 'server', ip_addresses: ['192.168.1.129'] }] }));
    const engine = openEngine();
    engine.intel.importFile(join(dir, 'feed.txt'), { actor, feed: 'attackers' });
    importInventoryFile(engine, join(dir, 'inventory.json'), { actor });
    const s = await engine.ingest.ingestFile(mapped, { actor });
    expect(s.events).toBe(lines.length);
    expect(s.intel_hits).toBe(lines.length);
    expect(count(engine, "SELECT COUNT(*) FROM events WHERE entity_id = 'dev_victim' AND src_ip = '78.36.196.213' AND dst_ip = '192.168.1.129'")).toBe(lines.length);
    engine.close();
  });

  it('are stored as IPv4 when inventory and indicators are written the mapped way, so plain IPv4 events match them', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'feed.txt'), '::ffff:203.0.113.18\n::ffff:198.51.100.0/120\n');
    writeFileSync(join(dir, 'inventory.json'), JSON.stringify({ devices: [{ device_id: 'dev_cam', device_type: 'ip_camera', ip_addresses: ['::ffff:10.0.2.41'] }] }));
    const engine = openEngine();
    const imported = engine.intel.importFile(join(dir, 'feed.txt'), { actor, feed: 'mapped' });
    expect(imported.by_kind).toEqual({ ipv4: 1, cidr4: 1 });
    expect(engine.intel.lookup('::ffff:203.0.113.18')).toMatchObject({ indicator: '203.0.113.18', reputation: 'malicious', feed_sources: 1 });
    importInventoryFile(engine, join(dir, 'inventory.json'), { actor });
    const file = join(dir, 'events.jsonl');
    writeFileSync(file, [
      { ts: '2026-05-21T09:00:00Z', kind: 'flow', src_ip: '10.0.2.41', dst_ip: '203.0.113.18', dst_port: 443 },
      { ts: '2026-05-21T09:00:01Z', kind: 'flow', src_ip: '10.0.2.41', dst_ip: '198.51.100.77', dst_port: 443 },
      { ts: '2026-05-21T09:00:02Z', kind: 'dns', src_ip: '10.0.2.41', dst_ip: '10.0.0.53', query: 'cdn.example.net', answers: ['::ffff:203.0.113.18'] },
    ].map((e) => JSON.stringify(e)).join('\n'));
    const s = await engine.ingest.ingestFile(file, { actor });
    expect(s.intel_hits).toBe(3);
    expect(count(engine, "SELECT COUNT(*) FROM events WHERE entity_id = 'dev_cam'")).toBe(3);
    engine.close();
  });
});
