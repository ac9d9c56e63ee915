// Decisions take effect on telemetry: crafted ingest batches and the real OTRF LSASS campaign Zeek logs
// after blocks, a quarantine and a suspension become policy_violations rows (event time, entity,
// policy, rule, destination, event id) that posture's policy_violations_24h and factors count.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deviceRecordSchema } from '@shared/domain/inventory';
import type { TelemetryEvent } from '@shared/domain/telemetry';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src-main/engine/clock';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';
import { securityLogs, tempDir, unzip } from '../ingest/helpers';
import { call, count, HOUR, ingest, MIN, openFleet, T0, type Fleet } from './helpers';

interface Violation { ts: number; entity_type: string; entity_id: string; policy_id: string; rule: string; destination: string | null; event_id: number }
const violations = (engine: Engine) => engine.db.prepare('SELECT ts, entity_type, entity_id, policy_id, rule, destination, event_id FROM policy_violations ORDER BY id').all() as Violation[];

let fleet: Fleet;
let other: Engine | undefined;
afterEach(() => {
  fleet?.engine.close();
  other?.close();
  other = undefined;
});

const flow = (ts: number, device_id: string | undefined, src_ip: string, dst_ip: string, dst_port = 443): TelemetryEvent => ({ ts, kind: 'flow', ...(device_id ? { device_id } : {}), src_ip, dst_ip, dst_port, proto: 'tcp', bytes_out: 400 });

describe('policy violations from ingest', () => {
  it('records what broke a decision in force, and nothing else', () => {
    fleet = openFleet();
    const { engine } = fleet;
    const block = call(engine, 'policy.blockDestination', { destination: '185.234.0.0/16' }).policy_id;
    const pattern = call(engine, 'policy.blockDestination', { destination: '*.attacker-domain.ru' }).policy_id;
    call(engine, 'policy.allowDestination', { destination: '185.234.47.21', scope_id: 'dev_workstation_sarah_k' });
    engine.policy.setManagementPath({ scope: 'device', scope_id: 'dev_camera_floor3_east', destinations: ['10.0.2.5'], clear: false }, { type: 'analyst', id: 'ana' });
    const quarantine = call(engine, 'policy.isolateDevice', { device_id: 'dev_camera_floor3_east' }).policy_id;
    const suspension = call(engine, 'policy.suspendUser', { user_id: 'tom.b@acmecorp.com' }).policy_id;
    const mfa = call(engine, 'policy.create', { name: 'MFA for everyone', rules: [{ identity_type: 'user', action: 'require_mfa' }] }).policy_id;
    const t = (m: number) => T0 + m * MIN;
    ingest(engine, [
      flow(T0 - HOUR, undefined, '10.0.1.21', '185.234.1.1'), // before the block: not a violation
      flow(t(1), undefined, '10.0.2.30', '10.0.2.5'), // camera → its management path
      flow(t(2), undefined, '10.0.2.30', '8.8.8.8', 53), // camera → elsewhere: quarantine
      { ts: t(3), kind: 'dns', src_ip: '10.0.2.30', dst_ip: '10.0.0.53', query: 'Example.COM.' }, // camera query: quarantine
      flow(t(4), undefined, '10.0.1.21', '185.234.1.1'), // tom's workstation → blocked range
      flow(t(5), undefined, '10.0.1.20', '185.234.47.21'), // sarah → her exception
      flow(t(6), undefined, '185.234.9.9', '10.0.1.20', 22), // inbound from the blocked range to sarah
      { ts: t(7), kind: 'dns', src_ip: '10.0.1.21', dst_ip: '10.0.0.53', query: 'c2.eu.attacker-domain.ru' }, // pattern
      flow(t(8), undefined, '192.0.2.50', '185.234.1.1'), // nobody we know: no entity to hold to account
      { ts: t(9), kind: 'auth', src_ip: '10.0.1.21', user_id: 'tom.b@acmecorp.com', outcome: 'failure', method: 'kerberos' }, // failed login: no
      { ts: t(10), kind: 'auth', src_ip: '10.0.1.21', user_id: 'tom.b@acmecorp.com', outcome: 'success', method: 'saml+mfa_push' }, // suspended user logs in
      flow(t(11), undefined, '10.0.1.21', '93.184.216.34'), // tom is now the active user of his workstation: suspended traffic
      { ts: t(12), kind: 'auth', src_ip: '10.0.1.20', user_id: 'sarah.k@acmecorp.com', outcome: 'success', method: 'kerberos' }, // no MFA where required
      { ts: t(13), kind: 'auth', src_ip: '10.0.1.20', user_id: 'sarah.k@acmecorp.com', outcome: 'success', method: 'saml+mfa_push' }, // with MFA: fine
      flow(t(14), undefined, '10.0.1.20', '93.184.216.34'), // sarah: nothing applies
    ]);
    const ids = engine.db.prepare('SELECT id FROM events ORDER BY id').pluck().all() as number[];
    const got = violations(engine).map((v) => [v.ts, v.entity_id, v.policy_id, v.destination, v.event_id]);
    expect(got).toEqual([
      [t(2), 'dev_camera_floor3_east', quarantine, '8.8.8.8', ids[2]],
      [t(3), 'dev_camera_floor3_east', quarantine, 'example.com', ids[3]],
      [t(4), 'dev_workstation_tom_b', block, '185.234.1.1', ids[4]],
      [t(6), 'dev_workstation_sarah_k', block, '185.234.9.9', ids[6]],
      [t(7), 'dev_workstation_tom_b', pattern, 'c2.eu.attacker-domain.ru', ids[7]],
      [t(10), 'dev_workstation_tom_b', suspension, null, ids[10]],
      [t(11), 'dev_workstation_tom_b', suspension, '93.184.216.34', ids[11]],
      [t(12), 'dev_workstation_sarah_k', mfa, null, ids[12]],
    ]);
    expect(JSON.parse(violations(engine)[0].rule)).toEqual({ rule_index: 0, identity_type: 'device', identity_id: 'dev_camera_floor3_east', action: 'isolate', destination: null });
    // Posture counts them: the fleet's 24 h figure, the device's policy factor, and get_policy.
    expect(engine.posture.fleet().policy_violations_24h).toBe(8);
    const cam = engine.posture.device('dev_camera_floor3_east');
    expect(cam.factors.find((f) => f.factor === 'policy_violation')?.why).toContain(quarantine);
    expect(call(engine, 'policy.get', { policy_id: quarantine }).violations_24h).toBe(2);
  });

  it('counts the real LSASS campaign C2 flows after a fleet block of the C2 address, and reports the block in threat context', async () => {
    const dir = tempDir('tm-policy-');
    const files = unzip(join(securityLogs, 'otrf-security-datasets/compound/LSASS_campaign_01/metasploit_logonpasswords_lsass_memory_dump_zeek_logs.zip'), dir);
    const conn = files.find((f) => f.endsWith('conn.log'))!;
    const rows = readFileSync(conn, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
    // Columns: ts uid id.orig_h id.orig_p id.resp_h id.resp_p …
    const c2 = rows.filter((r) => r[2] === '10.0.5.13' || r[4] === '10.0.5.13');
    expect(c2.length).toBeGreaterThan(0);
    const first = Math.min(...rows.map((r) => Number(r[0]) * 1000));
    other = Engine.open({ dbPath: ':memory:', clock: new ManualClock(first - HOUR), log: testLogger });
    other.db.transaction(() => other!.inventory.upsertDevice(deviceRecordSchema.parse({ device_id: 'dev_ws_pandalab_41', device_type: 'workstation', ip_addresses: ['192.168.1.41'] })))();
    const block = call(other, 'policy.blockDestination', { destination: '10.0.5.13', reason: 'Meterpreter C2 (LSASS campaign 01)' }).policy_id;
    await other.ingest.ingestFile(conn, { actor: { type: 'cli', id: 'test' } });
    const v = violations(other);
    expect(v).toHaveLength(c2.length);
    expect(new Set(v.map((x) => `${x.entity_id} ${x.policy_id} ${x.destination}`))).toEqual(new Set([`dev_ws_pandalab_41 ${block} 10.0.5.13`]));
    expect(v.map((x) => x.ts).sort()).toEqual(c2.map((r) => Math.round(Number(r[0]) * 1000)).sort());
    expect(other.intel.lookup('10.0.5.13')).toMatchObject({ blocked_in_fleet: true, block_policy_id: block });
  });

  it('counts every flow and named query of a quarantined host off its management path (real LSASS logs)', async () => {
    const dir = tempDir('tm-policy-');
    const files = unzip(join(securityLogs, 'otrf-security-datasets/compound/LSASS_campaign_01/metasploit_logonpasswords_lsass_memory_dump_zeek_logs.zip'), dir);
    const conn = files.find((f) => f.endsWith('conn.log'))!;
    const dns = files.find((f) => f.endsWith('dns.log'))!;
    const tsv = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
    const connRows = tsv(conn);
    const dnsRows = tsv(dns);
    // The victim .41 is the flow's source, its peer is not the domain controller (its management path).
    const expectedConn = connRows.filter((r) => r[2] === '192.168.1.41' && r[4] !== '192.168.1.4').length;
    // dns.log columns: ts uid orig_h orig_p resp_h resp_p proto trans_id rtt query …
    const expectedDns = dnsRows.filter((r) => r[2] === '192.168.1.41' && r[9] !== '-' && r[9] !== '').length;
    expect(expectedConn).toBeGreaterThan(0);
    const first = Math.min(...connRows.map((r) => Number(r[0]) * 1000));
    other = Engine.open({ dbPath: ':memory:', clock: new ManualClock(first - HOUR), log: testLogger });
    other.db.transaction(() => {
      other!.inventory.upsertDevice(deviceRecordSchema.parse({ device_id: 'dev_ws_pandalab_41', device_type: 'workstation', ip_addresses: ['192.168.1.41'] }));
      other!.inventory.upsertDevice(deviceRecordSchema.parse({ device_id: 'dev_dc_pandalab', device_type: 'server', ip_addresses: ['192.168.1.4'] }));
    })();
    other.policy.setManagementPath({ scope: 'device', scope_id: 'dev_ws_pandalab_41', destinations: ['192.168.1.4'], clear: false }, { type: 'analyst', id: 'ana' });
    const q = call(other, 'policy.isolateDevice', { device_id: 'dev_ws_pandalab_41', reason: 'LSASS dump' }).policy_id;
    await other.ingest.ingestFile(conn, { actor: { type: 'cli', id: 'test' } });
    await other.ingest.ingestFile(dns, { actor: { type: 'cli', id: 'test' } });
    const v = violations(other);
    expect(v.filter((x) => x.destination !== null && /^\d/.test(x.destination))).toHaveLength(expectedConn);
    expect(v.filter((x) => x.destination !== null && !/^\d/.test(x.destination))).toHaveLength(expectedDns);
    expect(new Set(v.map((x) => x.policy_id))).toEqual(new Set([q]));
    expect(count(other, "SELECT COUNT(*) FROM policy_violations WHERE destination = '192.168.1.4'")).toBe(0);
  });
});
