// policy.preview on a simulated fleet (devices, users with logins, workloads, AI agents): who a draft's
// rules reach, counted and named, read against the database by hand (active user = latest login on the
// device); a bad CIDR, an unknown device, an unknown identity type or a system-made policy's rules are
// refused naming the field as the save path refuses them; nothing is written (a console read leaves no
// audit entry), and a refusal is on the record as every refused call is (outcome error, with its field).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceRecordSchema } from '@shared/domain/inventory';
import type { CallContext } from '../../../src-main/engine/dispatch';
import { ManualClock } from '../../../src-main/engine/clock';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';
import { auditHead, call, refusalsSince, snapshot, T0 } from './helpers';

const ANALYST: CallContext = { actor: { type: 'analyst', id: 'console' } };
let engine: Engine;
const preview = (draft: unknown, limit?: number) => call(engine, 'policy.preview', { draft, ...(limit ? { limit } : {}) }, ANALYST);
const col = <T>(q: string, ...p: unknown[]) => engine.db.prepare(q).pluck().all(...p) as T[];

/** Each device's active user, read straight from the logins: the user with the latest login there. */
function activeUsers(): Map<string, string> {
  const rows = engine.db.prepare('SELECT device_id, user_id, last_seen FROM user_devices ORDER BY device_id, last_seen').all() as { device_id: string; user_id: string }[];
  return new Map(rows.map((r) => [r.device_id, r.user_id]));
}

beforeAll(() => {
  engine = Engine.open({ dbPath: ':memory:', clock: new ManualClock(T0), log: testLogger });
  call(engine, 'simulate.run', { devices: 60, hours: 6, seed: 4, ai_fleet: true, start: T0 - 6 * 3_600_000 }, ANALYST);
});
afterAll(() => engine.close());

describe('policy.preview', () => {
  it('names the device a rule selects and its active user, and the destinations, without saving anything', () => {
    const active = activeUsers();
    const [device, user] = [...active].sort()[0];
    const before = snapshot(engine);
    const r = preview({ rules: [{ identity_type: 'device', identity_id: device, action: 'block', destination: '185.234.7.9/16' }, { identity_type: 'device', identity_id: device, action: 'monitor', destination: 'Example.COM.' }] });
    const name = engine.db.prepare('SELECT name FROM devices WHERE device_id = ?').pluck().get(device);
    expect(r.devices).toEqual({ total: 1, named: [{ id: device, name }] });
    expect(r.users.named.map((u: { id: string }) => u.id)).toEqual([user]);
    expect(r.workloads.total).toBe(0);
    expect(r.agents.total).toBe(0);
    expect(r).toMatchObject({ fleet_wide: false, destinations: ['185.234.0.0/16', 'example.com'], every_destination: false, blast_radius: { devices: 1, users: 1, workloads: 0, fleet_wide: false } });
    expect(snapshot(engine)).toEqual(before);
  });

  it('reads a user rule onto the devices where that user is the active user', () => {
    const active = activeUsers();
    const counts = new Map<string, number>();
    for (const u of active.values()) counts.set(u, (counts.get(u) ?? 0) + 1);
    const [user] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    const expected = [...active].filter(([, u]) => u === user).map(([d]) => d).sort();
    const r = preview({ rules: [{ identity_type: 'user', identity_id: user, action: 'require_mfa' }] });
    expect(r.users).toMatchObject({ total: 1, named: [{ id: user }] });
    expect(r.devices.total).toBe(expected.length);
    expect(r.devices.named.map((d: { id: string }) => d.id)).toEqual(expected.slice(0, 10));
    expect(r.every_destination).toBe(true);
  });

  it('counts every identity of a type, names the first by id up to the limit, and reaches agents only through agent or fleet rules', () => {
    const devices = col<string>('SELECT device_id FROM devices ORDER BY device_id');
    const r = preview({ rules: [{ identity_type: 'device', action: 'monitor', destination: '*.example.net' }] }, 5);
    expect(r.devices.total).toBe(devices.length);
    expect(r.devices.named.map((d: { id: string }) => d.id)).toEqual(devices.slice(0, 5));
    expect(r.users.total).toBe(new Set(activeUsers().values()).size);
    expect(r.agents.total).toBe(0);

    const agents = col<string>("SELECT id FROM ai_assets WHERE kind = 'agent' AND retired_at IS NULL");
    expect(agents.length).toBeGreaterThan(0);
    const tools = preview({ rules: [{ identity_type: 'agent', action: 'require_approval', destination: 'tool:gmail/send_email' }] });
    expect(tools).toMatchObject({ devices: { total: 0 }, users: { total: 0 }, workloads: { total: 0 }, agents: { total: agents.length } });
    const one = preview({ rules: [{ identity_type: 'agent', identity_id: agents[0], action: 'block', destination: 'tool:gmail/*' }] });
    expect(one.agents.named).toEqual([{ id: agents[0], name: expect.any(String) }]);

    const fleet = preview({ rules: [{ action: 'block', destination: '203.0.113.0/24' }] });
    expect(fleet).toMatchObject({ fleet_wide: true, devices: { total: devices.length }, workloads: { total: col('SELECT workload_id FROM workloads').length }, agents: { total: agents.length } });
    expect(fleet.users.total).toBe(col('SELECT user_id FROM users').length);
  });

  it('refuses a bad CIDR, an unknown device or identity type, and a system-made policy, as saving would, writing nothing', () => {
    const device = col<string>('SELECT device_id FROM devices ORDER BY device_id LIMIT 1')[0];
    const before = snapshot(engine);
    const head = auditHead(engine);
    expect(() => preview({ rules: [{ identity_type: 'device', identity_id: device, action: 'block', destination: '10.0.0.0/33' }] })).toThrow(expect.objectContaining({ code: 'invalid_input', field: 'rules[0].destination' }));
    expect(() => preview({ rules: [{ action: 'block', destination: '1.2.3.4' }, { identity_type: 'device', identity_id: 'dev_nope', action: 'block', destination: '1.2.3.4' }] })).toThrow(expect.objectContaining({ code: 'not_found', field: 'rules[1].identity_id' }));
    expect(() => preview({ rules: [{ identity_type: 'group', identity_id: 'finance', action: 'block', destination: '1.2.3.4' }] })).toThrow(expect.objectContaining({ code: 'invalid_input', message: expect.stringContaining('draft.rules.0.identity_type') }));
    expect(() => preview({ rules: [{ action: 'block' }] })).toThrow(expect.objectContaining({ code: 'invalid_input', field: 'rules[0]' }));
    expect(snapshot(engine)).toEqual(before);
    expect(refusalsSince(engine, head)).toEqual(['invalid_input', 'not_found', 'invalid_input', 'invalid_input'].map((code) => ({ action: 'policy.preview', outcome: 'error', code })));
    const fields = engine.db.prepare("SELECT json_extract(detail, '$.field') FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 2").pluck().all(head);
    expect(fields).toEqual(['rules[0].destination', 'rules[1].identity_id']);

    const block = call(engine, 'policy.blockDestination', { destination: '198.51.100.0/24', reason: 'test' }, ANALYST);
    const afterBlock = snapshot(engine);
    expect(() => preview({ policy_id: block.policy_id, rules: [{ action: 'block', destination: '198.51.100.0/25' }] })).toThrow(expect.objectContaining({ code: 'conflict', field: 'rules' }));
    expect(() => preview({ policy_id: 'pol_nope', rules: [{ action: 'block', destination: '1.2.3.4' }] })).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(snapshot(engine)).toEqual(afterBlock);
  });

  it('counts a stored policy\'s current rules in the blast radius saving would report, and only the draft\'s in the preview', () => {
    const [a, b] = col<string>("SELECT device_id FROM devices WHERE device_id NOT IN (SELECT device_id FROM user_devices) ORDER BY device_id LIMIT 2");
    const p = call(engine, 'policy.create', { name: 'watch a', rules: [{ identity_type: 'device', identity_id: a, action: 'monitor', destination: 'example.org' }] }, ANALYST);
    const r = preview({ policy_id: p.policy_id, rules: [{ identity_type: 'device', identity_id: b, action: 'monitor', destination: 'example.org' }] });
    expect(r.devices.named.map((d: { id: string }) => d.id)).toEqual([b]);
    expect(r.blast_radius.devices).toBe(2);
  });
});

describe('policy.preview over 10,000 devices', () => {
  it('counts them all and names only the first few', () => {
    const big = Engine.open({ dbPath: ':memory:', clock: new ManualClock(T0), log: testLogger });
    try {
      big.db.transaction(() => {
        for (let i = 0; i < 10_000; i++) big.inventory.upsertDevice(deviceRecordSchema.parse({ device_id: `dev_${String(i).padStart(5, '0')}`, device_type: 'workstation', name: `Host ${i}`, ip_addresses: [`10.${i >> 8}.${i & 255}.1`] }));
      })();
      const r = call(big, 'policy.preview', { draft: { rules: [{ identity_type: 'device', action: 'block', destination: 'evil.example' }] } }, ANALYST);
      expect(r.devices.total).toBe(10_000);
      expect(r.devices.named).toEqual(Array.from({ length: 10 }, (_, i) => ({ id: `dev_0000${i}`, name: `Host ${i}` })));
    } finally {
      big.close();
    }
  });
});
