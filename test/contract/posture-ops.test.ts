// The posture and compliance operations: MCP tool names and descriptions as the spec writes them,
// inputs as the spec declares them, and real engine outputs that parse with the output schemas and
// carry every field of the spec's example responses, with the same JSON types.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { operations } from '@shared/contract/index';
import { dispatch } from '../../src-main/engine/dispatch';
import type { Engine } from '../../src-main/engine/engine';
import { UserError } from '../../src-main/engine/errors';
import { jsonType, specExample as example, specTool as toolDecl } from '../support/spec';
import { addAnomaly, addFeed, addHealthyDevice, addIntelHit, addUser, addViolation, addWorkload, openEngine, userOnDevice } from '../unit/posture/fixtures';

/** Every key of the spec example is in ours with the same JSON type (recursing into objects and first array items). */
function expectSameShape(ours: unknown, theirs: unknown, path = '$'): void {
  if (jsonType(theirs) === 'object') {
    expect(jsonType(ours), path).toBe('object');
    for (const [k, v] of Object.entries(theirs as Record<string, unknown>)) {
      expect(Object.keys(ours as object), path).toContain(k);
      expectSameShape((ours as Record<string, unknown>)[k], v, `${path}.${k}`);
    }
  } else if (jsonType(theirs) === 'array') {
    expect(jsonType(ours), path).toBe('array');
    const [first] = theirs as unknown[];
    const mine = ours as unknown[];
    // Where the spec shows an item, the fixture must produce one: an empty list would check nothing.
    if (first !== undefined) {
      expect(mine.length, `${path}: the spec shows an item, ours is empty`).toBeGreaterThan(0);
      expectSameShape(mine[0], first, `${path}[0]`);
    }
  } else {
    expect(jsonType(ours), path).toBe(jsonType(theirs));
  }
}

function fleetEngine(): Engine {
  const { engine } = openEngine();
  addHealthyDevice(engine, 'dev_camera_floor3_east');
  addHealthyDevice(engine, 'dev_camera_parking_07', { firmware_status: 'eol', trust_level: 'untrusted', enrolled_at: undefined });
  addHealthyDevice(engine, 'dev_sensor_hvac_b2', { device_type: 'hvac_sensor', trust_level: 'unverified' });
  addAnomaly(engine, 'dev_sensor_hvac_b2', { type: 'unexpected_offline', severity: 'critical', action: 'investigate' });
  engine.db.prepare("INSERT INTO entity_destinations (entity_id, destination, port, count, first_seen, last_seen) VALUES ('dev_camera_floor3_east', 'mgmt.axis-cloud.com', 443, 50, 0, 0), ('dev_camera_floor3_east', '10.0.2.5', 22, 10, 0, 0)").run();
  addIntelHit(engine, 'dev_camera_parking_07', '185.234.47.21');
  addViolation(engine, 'dev_camera_parking_07', 'pol_camera_mgmt_only');
  addUser(engine, 'sarah.k@acmecorp.com', { mfa_enrolled: false });
  userOnDevice(engine, 'sarah.k@acmecorp.com', 'dev_sensor_hvac_b2');
  addWorkload(engine, 'wl_api', { ip_addresses: ['10.0.5.10'], image: 'api:1.4' });
  addFeed(engine, 'feodo');
  // An operator policy over every device, so active_policies has an item to compare with the spec's.
  dispatch(engine, 'policy.create', { name: 'cameras monitored', rules: [{ identity_type: 'device', action: 'monitor', destination: 'mgmt.axis-cloud.com' }] }, { actor: { type: 'cli', id: 'test' } });
  engine.posture.recomputeAll();
  return engine;
}

const ctx = { actor: { type: 'cli' as const, id: 'test' } };

describe('posture tools in the contract', () => {
  it.each([
    ['posture.fleet', 'get_fleet_posture'],
    ['posture.device', 'get_device_posture'],
    ['posture.user', 'get_user_posture'],
    ['posture.workload', 'get_workload_posture'],
  ] as const)('%s is the MCP tool %s with the spec description and input schema', (op, tool) => {
    const decl = toolDecl(tool) as { name: string; description: string; inputSchema: { required?: string[]; properties: Record<string, { type: string; description?: string }> } };
    const o = operations[op];
    expect(o.mcp).toEqual({ tool: decl.name, description: decl.description });
    expect(o.scope).toBe('read');
    expect(o.annotations.readOnly).toBe(true);
    const input = z.toJSONSchema(o.input) as { required?: string[]; properties: Record<string, { type: string; description?: string }> };
    expect(input.required ?? []).toEqual(decl.inputSchema.required ?? []);
    expect(Object.keys(input.properties)).toEqual(Object.keys(decl.inputSchema.properties));
    for (const [k, p] of Object.entries(decl.inputSchema.properties)) {
      expect(input.properties[k].type).toBe(p.type);
      if (p.description) expect(input.properties[k].description).toBe(p.description);
    }
  });

  it('get_device_posture returns the spec example shape plus score, band, dimensions and factors', () => {
    const engine = fleetEngine();
    const out = dispatch(engine, 'posture.device', { device_id: 'dev_camera_floor3_east' }, ctx);
    expect(operations['posture.device'].output.parse(out)).toEqual(out);
    expectSameShape(out, example('get_device_posture'));
    const keys = Object.keys(example('get_device_posture'));
    expect(Object.keys(out).slice(0, keys.length)).toEqual(keys);
    expect(out).toMatchObject({
      device_id: 'dev_camera_floor3_east', device_type: 'ip_camera', manufacturer: 'Axis', firmware_status: 'current', trust_level: 'verified', risk_score: 0, risk_factors: [],
      behavioral_baseline: { established: true, avg_connections_per_hour: 2.1, known_destinations: ['mgmt.axis-cloud.com', '10.0.2.5'], deviation_score: 0.04 },
      active_policies: [expect.stringMatching(/^pol_/)], open_anomalies: 0, score: 100, band: 'healthy',
    });
    const risky = dispatch(engine, 'posture.device', { device_id: 'dev_camera_parking_07' }, ctx);
    expect(operations['posture.device'].output.parse(risky)).toEqual(risky);
    expect(risky.risk_factors).toEqual(expect.arrayContaining(['identity_untrusted', 'not_enrolled', 'firmware_eol', 'ioc_contact', 'policy_violation']));
    engine.close();
  });

  it('get_fleet_posture returns the spec example shape with compliance states', () => {
    const engine = fleetEngine();
    const out = dispatch(engine, 'posture.fleet', {}, ctx);
    expect(operations['posture.fleet'].output.parse(out)).toEqual(out);
    expectSameShape(out, example('get_fleet_posture'));
    const keys = Object.keys(example('get_fleet_posture'));
    expect(Object.keys(out).slice(0, keys.length)).toEqual(keys);
    expect(out.device_count).toBe(3);
    expect(out.devices_at_risk.map((d) => d.device_id)).toEqual(['dev_sensor_hvac_b2', 'dev_camera_parking_07']); // the open critical anomaly caps hvac at 40, below parking_07's 61
    expect(out.compliance.iso_27001).toBe('non_compliant');
    engine.close();
  });

  it('get_user_posture and get_workload_posture outputs parse with their schemas', () => {
    const engine = fleetEngine();
    const user = dispatch(engine, 'posture.user', { user_id: 'sarah.k@acmecorp.com' }, ctx);
    expect(operations['posture.user'].output.parse(user)).toEqual(user);
    expect(user.devices.map((d) => d.device_id)).toEqual(['dev_sensor_hvac_b2']);
    const wl = dispatch(engine, 'posture.workload', { workload_id: 'wl_api' }, ctx);
    expect(operations['posture.workload'].output.parse(wl)).toEqual(wl);
    expect(wl).toMatchObject({ workload_id: 'wl_api', kind: 'server', ip_addresses: ['10.0.5.10'], image: 'api:1.4' });
    engine.close();
  });

  it('compliance.state parses with its schema, filters by framework, and refuses an unknown one', () => {
    const engine = fleetEngine();
    const all = dispatch(engine, 'compliance.state', {}, ctx);
    expect(operations['compliance.state'].output.parse(all)).toEqual(all);
    expect(all.frameworks.map((f) => f.framework)).toEqual(['iso_27001', 'nis2', 'nist_csf']);
    expect(dispatch(engine, 'compliance.state', { framework: 'nis2' }, ctx).frameworks.map((f) => f.framework)).toEqual(['nis2']);
    expect(() => dispatch(engine, 'compliance.state', { framework: 'sox' }, ctx)).toThrow(UserError);
    engine.close();
  });

  it('unknown ids are refused naming the id; missing ids naming the field', () => {
    const engine = fleetEngine();
    expect(() => dispatch(engine, 'posture.device', { device_id: 'dev_ghost' }, ctx)).toThrow("unknown device 'dev_ghost'");
    expect(() => dispatch(engine, 'posture.user', {}, ctx)).toThrow(/user_id/);
    engine.close();
  });
});
