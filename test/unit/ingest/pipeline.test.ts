// The ingest pipeline on canonical telemetry: round trip, rejects by line, re-ingest and resume,
// attribution, intel hits, observers inside the batch transaction, audit entries, contract shapes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operations } from '@shared/contract/index';
import type { AttributedEvent, TelemetryEvent } from '@shared/domain/telemetry';
import { verifyAuditChain } from '../../../src-main/engine/audit/verify';
import type { Engine } from '../../../src-main/engine/engine';
import { eventFromRow, type EventRow } from '../../../src-main/engine/ingest/event-row';
import { BATCH_EVENTS } from '../../../src-main/engine/ingest/commit-budget';
import { MAX_STORED_REJECTS } from '../../../src-main/engine/ingest/ingest-run';
import { toCanonicalLine } from '../../../src-main/engine/telemetry/canonical';
import { actor, count, fixtures, openEngine, tempDir } from './helpers';

const T = Date.UTC(2026, 4, 21, 9);

function seedInventory(engine: Engine): void {
  engine.audit.record(actor, 'inventory.import', {}, () => {
    engine.inventory.upsertDevice({ device_id: 'cam-1', device_type: 'ip_camera', firmware_status: 'current', trust_level: 'verified', ip_addresses: ['10.9.0.10'] } as never);
    engine.inventory.upsertDevice({ device_id: 'ws-1', device_type: 'workstation', firmware_status: 'current', trust_level: 'verified', ip_addresses: ['10.9.0.20'] } as never);
    engine.inventory.upsertWorkload({ workload_id: 'api', kind: 'container', ip_addresses: ['10.9.1.1'] } as never);
  });
}

const sample: TelemetryEvent[] = [
  { ts: T, kind: 'flow', src_ip: '10.9.0.10', src_port: 40000, dst_ip: '203.0.113.5', dst_port: 443, proto: 'tcp', bytes_out: 100, bytes_in: 2000, duration_ms: 12.5, conn_state: 'SF' },
  { ts: T + 1, kind: 'dns', src_ip: '10.9.0.20', query: 'evil.example.com', answers: ['203.0.113.5'], rcode: 'NOERROR' },
  { ts: T + 2, kind: 'auth', src_ip: '10.9.0.20', user_id: 'alice', outcome: 'success', method: 'password', country: 'FR' },
  { ts: T + 3, kind: 'flow', device_id: 'ws-1', src_ip: '10.9.0.10', dst_ip: '10.9.1.1', dst_port: 8443, proto: 'tcp' },
  { ts: T + 4, kind: 'flow', src_ip: '198.51.100.9', dst_ip: '10.9.1.1', dst_port: 443, proto: 'tcp' },
  { ts: T + 5, kind: 'process', workload_id: 'api', process: 'curl', path: '/usr/bin/curl', hash: 'D41D8CD98F00B204E9800998ECF8427E' },
  { ts: T + 6, kind: 'firmware', device_id: 'cam-1', firmware_version: '2.1.0', manufacturer: 'Axis', model: 'M3045' },
  { ts: T + 7, kind: 'alert', src_ip: '198.51.100.9', dst_ip: '203.0.113.77', signature: 'ET SCAN test', alert_severity: 2 },
  { ts: T + 8, kind: 'heartbeat', device_id: 'cam-1' },
];

function writeLines(lines: string[]): string {
  const file = join(tempDir(), 'events.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('canonical JSONL', () => {
  it('round-trips every field of every kind through the file, the events table and back', async () => {
    const engine = openEngine();
    seedInventory(engine);
    const s = await engine.ingest.ingestFile(writeLines(sample.map(toCanonicalLine)), { actor });
    expect(s).toMatchObject({ format: 'canonical', status: 'ingested', lines: sample.length, events: sample.length, rejects: 0 });
    const rows = engine.db.prepare('SELECT * FROM events ORDER BY id').all() as EventRow[];
    const back = rows.map(eventFromRow).map(({ id: _id, entity_type: _t, entity_id: _e, ...ev }) => ev);
    expect(back).toEqual(sample.map((e) => (e.hash ? { ...e, hash: e.hash.toLowerCase() } : e)));
    expect(rows.map((r) => `${r.entity_type}:${r.entity_id}`)).toEqual([
      'device:cam-1', 'device:ws-1', 'device:ws-1', 'device:ws-1', 'workload:api', 'workload:api', 'device:cam-1', 'null:null', 'device:cam-1',
    ]);
    expect(engine.inventory.getDevice('cam-1')!.last_seen).toBe(new Date(T + 8).toISOString());
    expect(engine.inventory.getWorkload('api')!.last_seen).toBe(new Date(T + 5).toISOString());
    expect(engine.db.prepare('SELECT user_id, device_id, logins, first_seen FROM user_devices').all()).toEqual([{ user_id: 'alice', device_id: 'ws-1', logins: 1, first_seen: T + 2 }]);
    engine.close();
  });

  it('rejects bad JSON, timestamps, IPs and fields mid-file by line with the reason and excerpt, and keeps every good line', async () => {
    const engine = openEngine();
    const good = (i: number) => toCanonicalLine({ ts: T + i, kind: 'flow', src_ip: '10.0.0.1', dst_ip: '10.0.0.2', dst_port: 80 });
    const lines = [
      good(1), '{"ts": "2026-05-21T09:00:00Z", "kind": "flow", "src_ip": ', good(3), '',
      '{"ts":"abc","kind":"flow","src_ip":"10.0.0.1","dst_ip":"10.0.0.2"}', '{"ts":"2026-05-21T09:00:00Z","kind":"flow","src_ip":"10.0.0.1","dst_ip":"999.1.1.1"}',
      '{"ts":"2026-05-21T09:00:00Z","kind":"telepathy"}', '{"ts":"2026-05-21T09:00:00Z","kind":"flow","src_ip":"10.0.0.1"}',
      '{"ts":"2026-05-21T09:00:00Z","kind":"flow","src_ip":"10.0.0.1","dst_ip":"10.0.0.2","dst_port":70000}', '[1,2]',
      '{"ts":"1970-01-01T00:04:39Z","kind":"dns","query":"a.example"}', `{"kind":"dns","query":"${'x'.repeat(400)}"}`, good(13),
    ];
    const s = await engine.ingest.ingestFile(writeLines(lines), { actor });
    expect(s).toMatchObject({ lines: 13, events: 3, rejects: 9, skipped: 0 });
    const { rejects, total } = engine.ingest.listRejects({ source_id: s.source_id, limit: 50, offset: 0 });
    expect(total).toBe(9);
    expect(rejects.map((r) => r.reason)).toEqual([
      expect.stringMatching(/^line 2: invalid JSON: /),
      "line 5: field 'ts' is not a timestamp: 'abc'",
      "line 6: dst_ip '999.1.1.1' is not an IP address",
      "line 7: field 'kind' must be one of flow, dns, auth, heartbeat, process, file, firmware, alert, http, tls, process_access, service_install, share_access, script, registry, image_load; got 'telepathy'",
      'line 8: flow event needs src_ip and dst_ip (got no dst_ip)',
      "line 9: field 'dst_port' is not a port number (0-65535): 70000",
      'line 10: expected a JSON object, got [1,2]',
      "line 11: field 'ts' is '1970-01-01T00:04:39Z' = 1970-01-01T00:04:39.000Z, outside 2000–2100: a relative or wrong clock, not an absolute time",
      "line 12: missing required field 'ts'",
    ]);
    expect(rejects.map((r) => r.line)).toEqual([2, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(rejects[1]).toMatchObject({ file: s.file, excerpt: lines[4] });
    expect(rejects[8].excerpt).toHaveLength(300);
    expect(engine.db.prepare('SELECT ts FROM events ORDER BY id').pluck().all()).toEqual([T + 1, T + 3, T + 13]);
    engine.close();
  });

  it('ingests a Windows event log (OTRF/NXLog shape), and rejects such lines inside another format naming the right one', async () => {
    const engine = openEngine();
    const win = await engine.ingest.ingestFile(join(fixtures, 'windows-events.json'), { actor });
    expect(win).toMatchObject({ format: 'windows_events', events: 2, rejects: 0 });
    // The same records (other content: one more blank line) read as canonical JSONL.
    const other = join(tempDir(), 'mixed.jsonl');
    writeFileSync(other, `${readFileSync(join(fixtures, 'windows-events.json'), 'utf8')}\n`);
    const s = await engine.ingest.ingestFile(other, { actor, format: 'canonical' });
    expect(s).toMatchObject({ events: 0, rejects: 2 });
    expect(engine.ingest.listRejects({ source_id: s.source_id, limit: 5, offset: 0 }).rejects[1].reason).toMatch(/^line 2: Windows event log record \(EventID 3, channel 'microsoft-windows-sysmon\/operational'\) in a file of another format: ingest Windows logs as a file of their own \(format windows_events\)/);
    engine.close();
  });

  it('stores the first 10,000 rejects of a file but counts them all', async () => {
    const engine = openEngine();
    const lines = Array.from({ length: MAX_STORED_REJECTS + 50 }, (_, i) => (i === 7 ? toCanonicalLine({ ts: T, kind: 'heartbeat', device_id: 'd' }) : `not json ${i}`));
    const s = await engine.ingest.ingestFile(writeLines(lines), { actor });
    expect(s).toMatchObject({ events: 1, rejects: MAX_STORED_REJECTS + 49 });
    expect(count(engine, 'SELECT COUNT(*) FROM rejects')).toBe(MAX_STORED_REJECTS);
    expect(engine.ingest.listSources({ limit: 5, offset: 0 }).sources[0].rejects).toBe(MAX_STORED_REJECTS + 49);
    expect(s.notes).toContain(`${MAX_STORED_REJECTS + 49} lines rejected; the first ${MAX_STORED_REJECTS} are stored with their reasons`);
    engine.close();
  });

  it('adds nothing on re-ingest of the same content, even under another name, and audits each ingest in the chain', async () => {
    const engine = openEngine();
    const content = `${sample.map(toCanonicalLine).join('\n')}\n`;
    const a = join(tempDir(), 'a.jsonl');
    const b = join(tempDir(), 'b.jsonl');
    writeFileSync(a, content);
    writeFileSync(b, content);
    const first = await engine.ingest.ingestFile(a, { actor });
    expect(first.status).toBe('ingested');
    const again = await engine.ingest.ingestFile(b, { actor });
    expect(again).toMatchObject({ status: 'already_ingested', events: 0, source_id: first.source_id, sha256: first.sha256 });
    expect(count(engine, 'SELECT COUNT(*) FROM events')).toBe(sample.length);
    const audits = engine.db.prepare("SELECT outcome, params, detail FROM audit_log WHERE action = 'ingest.file' ORDER BY seq").all() as { outcome: string; params: string; detail: string }[];
    expect(audits.map((r) => r.outcome)).toEqual(['pending', 'ok']);
    expect(JSON.parse(audits[0].params)).toEqual({ path: a, sha256: first.sha256, format: 'canonical' });
    expect(JSON.parse(audits[1].detail)).toMatchObject({ status: 'complete', this_run: { events: sample.length, rejects: 0 } });
    expect(verifyAuditChain(engine.audit.store).ok).toBe(true);
    const out = operations['ingest.sources'].output.parse(engine.ingest.listSources({ limit: 10, offset: 0 }));
    expect(out.sources[0]).toMatchObject({ path: a, format: 'canonical', status: 'complete', events: sample.length, lines_done: sample.length, started_at: new Date(T).toISOString() });
    operations['ingest.rejects'].output.parse(engine.ingest.listRejects({ limit: 10, offset: 0 }));
    engine.close();
  });
});

describe('batches, observers and resume', () => {
  const many = (n: number, offset = 0): TelemetryEvent[] =>
    Array.from({ length: n }, (_, i) => ({ ts: T + offset + i, kind: 'flow', src_ip: i % 2 ? '10.9.0.10' : '10.9.0.20', dst_ip: '203.0.113.5', dst_port: 443 }) as TelemetryEvent);

  it('gives observers each committed batch inside its transaction, with row ids, entities and intel hits', () => {
    const engine = openEngine();
    seedInventory(engine);
    engine.intel.importIndicators([{ value: '203.0.113.5', reputation: 'malicious', categories: ['c2'], threat_actors: [] }, { value: 'evil.example.com', reputation: 'suspicious', categories: [], threat_actors: [] }], { feed: 'test', format: 'plain', actor });
    const seen: { n: number; inTx: boolean; first: AttributedEvent; rowsVisible: number }[] = [];
    const stop = engine.ingest.addObserver({
      onBatch: (evs) => seen.push({ n: evs.length, inTx: engine.db.inTransaction, first: evs[0], rowsVisible: count(engine, 'SELECT COUNT(*) FROM events WHERE id = ?', evs[0].id) }),
    });
    const s = engine.ingest.ingestEvents([...many(BATCH_EVENTS + 10), ...sample], { actor, sourceKey: 'sim:observer', label: 'simulation observer' });
    stop();
    expect(s).toMatchObject({ status: 'ingested', events: BATCH_EVENTS + 10 + sample.length, file: 'simulation observer' });
    expect(seen.map((b) => [b.n, b.inTx, b.rowsVisible])).toEqual([[BATCH_EVENTS, true, 1], [10 + sample.length, true, 1]]);
    expect(seen[0].first).toMatchObject({ entity_type: 'device', entity_id: 'ws-1', intel: [{ field: 'dst_ip', value: '203.0.113.5', reputation: 'malicious' }] });
    // Hits: every many() flow, the sample flow and the DNS answer to 203.0.113.5, and the DNS query.
    expect(s.intel_hits).toBe(BATCH_EVENTS + 10 + 1 + 2);
    expect(count(engine, 'SELECT COUNT(*) FROM intel_hits')).toBe(s.intel_hits);
    const dnsHits = engine.db.prepare("SELECT h.field, h.value, h.entity_id, h.event_id = e.id AS linked FROM intel_hits h JOIN events e ON e.id = h.event_id WHERE e.kind = 'dns' ORDER BY h.field").all();
    expect(dnsHits).toEqual([
      { field: 'answer', value: '203.0.113.5', entity_id: 'ws-1', linked: 1 },
      { field: 'query', value: 'evil.example.com', entity_id: 'ws-1', linked: 1 },
    ]);
    expect(engine.ingest.listSources({ limit: 1, offset: 0 }).sources[0].intel_hits).toBe(s.intel_hits);
    engine.close();
  });

  it('rolls a failed batch back whole and resumes after the last committed one: no loss, no duplicates', () => {
    const engine = openEngine();
    const events = [...many(BATCH_EVENTS * 2 + 5), { ts: T, kind: 'flow' } as TelemetryEvent];
    let batches = 0;
    const stop = engine.ingest.addObserver({
      onBatch: () => {
        if (++batches === 2) throw new Error('detector crashed');
      },
    });
    expect(() => engine.ingest.ingestEvents(events, { actor, sourceKey: 'sim:resume', label: 'resume' })).toThrow('detector crashed');
    stop();
    expect(count(engine, 'SELECT COUNT(*) FROM events')).toBe(BATCH_EVENTS);
    expect(engine.ingest.listSources({ limit: 1, offset: 0 }).sources[0]).toMatchObject({ status: 'partial', lines_done: BATCH_EVENTS, events: BATCH_EVENTS });
    const resumed = engine.ingest.ingestEvents(events, { actor, sourceKey: 'sim:resume', label: 'resume' });
    expect(resumed).toMatchObject({ status: 'resumed', lines: BATCH_EVENTS + 6, events: BATCH_EVENTS + 5, rejects: 1 });
    expect(count(engine, 'SELECT COUNT(*) FROM events')).toBe(events.length - 1);
    expect(count(engine, 'SELECT COUNT(DISTINCT ts) FROM events')).toBe(events.length - 1);
    expect(engine.ingest.listRejects({ limit: 5, offset: 0 }).rejects.map((r) => [r.line, r.reason])).toEqual([[events.length, `line ${events.length}: flow event needs src_ip and dst_ip (got no src_ip)`]]);
    expect(engine.ingest.ingestEvents(events, { actor, sourceKey: 'sim:resume', label: 'resume' })).toMatchObject({ status: 'already_ingested', events: 0 });
    const audits = engine.db.prepare("SELECT outcome, json_extract(detail, '$.status') AS status FROM audit_log WHERE action = 'ingest.file' ORDER BY seq").all();
    expect(audits).toEqual([{ outcome: 'pending', status: 'started' }, { outcome: 'pending', status: 'resumed' }, { outcome: 'ok', status: 'complete' }]);
    expect(verifyAuditChain(engine.audit.store).ok).toBe(true);
    engine.close();
  });
});
