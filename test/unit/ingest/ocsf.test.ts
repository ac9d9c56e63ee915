// OCSF 1.x JSON (fixtures written from the schema): Network Activity 4001, DNS Activity 4003,
// Authentication 3002, one object a line or one top-level array; attribution and user-device learning.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../src-main/engine/engine';
import { actor, count, fixtures, openEngine } from './helpers';

function inventory(engine: Engine): void {
  engine.audit.record(actor, 'inventory.import', {}, () => {
    engine.inventory.upsertDevice({ device_id: 'ws-5', device_type: 'workstation', firmware_status: 'current', trust_level: 'verified', ip_addresses: ['10.1.0.5'] } as never);
    engine.inventory.upsertDevice({ device_id: 'ws-6', device_type: 'laptop', firmware_status: 'current', trust_level: 'verified', ip_addresses: ['10.1.0.6'] } as never);
    engine.inventory.upsertWorkload({ workload_id: 'ssh-gw', kind: 'vm', ip_addresses: ['2001:db8::1'] } as never);
    engine.inventory.upsertUser({ user_id: 'alice', mfa_enrolled: true, groups: [], enabled: true } as never);
  });
}

describe('OCSF', () => {
  it('maps Network Activity: endpoints, protocol, traffic, duration, refused connections; skips other classes; rejects bad IPs', async () => {
    const engine = openEngine();
    inventory(engine);
    const s = await engine.ingest.ingestFile(join(fixtures, 'ocsf-network.jsonl'), { actor });
    expect(s).toMatchObject({ format: 'ocsf', events: 3, skipped: 1, rejects: 1 });
    expect(s.notes).toEqual(['1 OCSF class 4002 (HTTP Activity) records skipped: only 4001, 4003 and 3002 are ingested']);
    expect(engine.ingest.listRejects({ source_id: s.source_id, limit: 5, offset: 0 }).rejects.map((r) => r.reason)).toEqual(["line 5: dst_endpoint.ip '999.1.1.1' is not an IP address"]);
    const rows = engine.db.prepare('SELECT kind, entity_type, entity_id, src_ip, dst_ip, dst_port, proto, bytes_out, bytes_in, detail FROM events ORDER BY ts').all();
    expect(rows).toEqual([
      { kind: 'flow', entity_type: 'device', entity_id: 'ws-5', src_ip: '10.1.0.5', dst_ip: '203.0.113.80', dst_port: 443, proto: 'tcp', bytes_out: 1200, bytes_in: 48000, detail: '{"duration_ms":1500}' },
      { kind: 'flow', entity_type: 'device', entity_id: 'ws-5', src_ip: '10.1.0.5', dst_ip: '10.1.0.9', dst_port: 445, proto: 'tcp', bytes_out: null, bytes_in: null, detail: '{"conn_state":"REJ"}' },
      // An outside source: attributed through the destination, an IPv6 address in canonical form.
      { kind: 'flow', entity_type: 'workload', entity_id: 'ssh-gw', src_ip: '198.51.100.7', dst_ip: '2001:db8::1', dst_port: 22, proto: 'tcp', bytes_out: 300, bytes_in: 90, detail: null },
    ]);
    engine.close();
  });

  it('maps DNS Activity: query hostname, answers, rcode', async () => {
    const engine = openEngine();
    const s = await engine.ingest.ingestFile(join(fixtures, 'ocsf-dns.jsonl'), { actor });
    expect(s).toMatchObject({ events: 2, rejects: 0 });
    expect(engine.db.prepare("SELECT domain, answers, json_extract(detail, '$.rcode') AS rcode FROM events ORDER BY ts").all()).toEqual([
      { domain: 'update.example.com', answers: '["203.0.113.80","203.0.113.81"]', rcode: 'NoError' },
      { domain: 'nx.example.net', answers: null, rcode: 'NXDomain' },
    ]);
    engine.close();
  });

  it('maps Authentication to the host entity with the user, learns user devices from successful logins only', async () => {
    const engine = openEngine();
    inventory(engine);
    const s = await engine.ingest.ingestFile(join(fixtures, 'ocsf-auth.jsonl'), { actor });
    expect(s).toMatchObject({ events: 3, rejects: 1 });
    expect(engine.ingest.listRejects({ source_id: s.source_id, limit: 5, offset: 0 }).rejects[0].reason).toBe('line 4: Authentication needs user.name, user.email_addr or user.uid');
    expect(engine.db.prepare("SELECT entity_type, entity_id, user_id, outcome, json_extract(detail, '$.method') AS method, json_extract(detail, '$.country') AS country FROM events ORDER BY ts").all()).toEqual([
      { entity_type: 'device', entity_id: 'ws-5', user_id: 'alice', outcome: 'success', method: 'Kerberos', country: 'DE' },
      { entity_type: 'device', entity_id: 'ws-6', user_id: 'alice', outcome: 'failure', method: 'NTLM', country: null },
      // No inventory address: the event belongs to its user.
      { entity_type: 'user', entity_id: 'bob@corp.example', user_id: 'bob@corp.example', outcome: 'success', method: null, country: 'BR' },
    ]);
    expect(engine.db.prepare('SELECT user_id, device_id, logins FROM user_devices').all()).toEqual([{ user_id: 'alice', device_id: 'ws-5', logins: 1 }]);
    expect(engine.inventory.getUser('alice')!.last_seen).toBe('2026-05-21T09:00:08.000Z');
    expect(engine.inventory.getDevice('ws-6')!.last_seen).toBe('2026-05-21T09:00:08.000Z');
    engine.close();
  });

  it('reads a top-level JSON array file record by record, numbering records by element', async () => {
    const engine = openEngine();
    const s = await engine.ingest.ingestFile(join(fixtures, 'ocsf-array.json'), { actor });
    expect(s).toMatchObject({ format: 'ocsf', lines: 4, events: 3, rejects: 1 });
    expect(engine.ingest.listRejects({ source_id: s.source_id, limit: 5, offset: 0 }).rejects[0]).toMatchObject({ line: 4, reason: "line 4: field 'time' is not a timestamp: 'not a time'" });
    expect(count(engine, 'SELECT COUNT(DISTINCT kind) FROM events')).toBe(3);
    engine.close();
  });
});
