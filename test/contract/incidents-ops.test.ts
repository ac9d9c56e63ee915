// The incident operations: close_incident exactly as the policy-actions spec declares it, its scope and
// annotations, list_incidents and get_incident outputs parsing with their schemas, unknown ids named.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { operations } from '@shared/contract/index';
import { dispatch } from '../../src-main/engine/dispatch';
import { UserError } from '../../src-main/engine/errors';
import { specTool } from '../support/spec';
import { HOUR, T0, finding, openEngine, report } from '../unit/incidents/fixtures';

const agent = { actor: { type: 'mcp_agent' as const, id: 'key_1', name: 'soc-bot' }, scopes: ['read' as const, 'incident:manage' as const] };

describe('incident operations in the contract', () => {
  it('close_incident has the spec name, description and input schema, scope incident:manage, and is destructive (it can release quarantines) and idempotent', () => {
    const decl = specTool('close_incident');
    const op = operations['incidents.close'];
    expect(op.mcp).toEqual({ tool: decl.name, description: decl.description });
    expect(op.scope).toBe('incident:manage');
    expect(op.annotations).toEqual({ readOnly: false, destructive: true, idempotent: true });
    const input = z.toJSONSchema(op.input, { io: 'input' }) as { required?: string[]; properties: Record<string, { type: string; description?: string; default?: unknown }> };
    expect(input.required ?? []).toEqual(decl.inputSchema.required);
    expect(Object.keys(input.properties)).toEqual(Object.keys(decl.inputSchema.properties));
    for (const [k, p] of Object.entries(decl.inputSchema.properties)) {
      expect(input.properties[k].type, k).toBe(p.type);
      expect(input.properties[k].description, k).toBe(p.description);
      expect(input.properties[k].default, k).toEqual(p.default);
    }
    expect(operations['incidents.contain'].scope).toBe('incident:manage');
    expect(operations['incidents.list'].mcp?.tool).toBe('list_incidents');
    expect(operations['incidents.get'].mcp?.tool).toBe('get_incident');
  });

  it('list, get, contain and close through dispatch: outputs parse, the agent is audited, unknown ids are named', () => {
    const { engine } = openEngine();
    const a = report(engine, finding('dev_a', { type: 'ioc_contact', severity: 'critical', observed_destinations: ['185.234.47.21'], evidence: { indicator: '185.234.47.21', categories: ['c2_server'] } }));
    report(engine, finding('dev_b', { type: 'c2_beaconing', detected_at: T0 + HOUR, observed_destinations: ['185.234.47.21'] }));
    const list = dispatch(engine, 'incidents.list', {}, agent);
    expect(operations['incidents.list'].output.parse(list)).toEqual(list);
    expect(list.incidents).toHaveLength(1);
    expect(list.incidents[0]).toMatchObject({ id: a.incident_id, title: 'C2 contact with 185.234.47.21 from 2 devices', severity: 'critical', status: 'open', anomaly_count: 2, indicators: ['185.234.47.21'] });

    const detail = dispatch(engine, 'incidents.get', { incident_id: a.incident_id! }, agent);
    expect(operations['incidents.get'].output.parse(detail)).toEqual(detail);
    expect(detail.anomalies.map((x) => x.entity_id)).toEqual(['dev_a', 'dev_b']);

    const contained = dispatch(engine, 'incidents.contain', { incident_id: a.incident_id! }, agent);
    expect(contained.status).toBe('contained');
    expect(() => dispatch(engine, 'incidents.close', { incident_id: a.incident_id! }, { ...agent, scopes: ['read'] })).toThrow("needs scope 'incident:manage'");
    const closed = dispatch(engine, 'incidents.close', { incident_id: a.incident_id!, resolution: 'C2 blocked fleet-wide, both hosts reimaged' }, agent);
    expect(operations['incidents.close'].output.parse(closed)).toEqual(closed);
    expect(closed).toMatchObject({ status: 'closed', resolution: 'C2 blocked fleet-wide, both hosts reimaged' });
    expect(dispatch(engine, 'incidents.close', { incident_id: a.incident_id! }, agent)).toEqual(closed);
    const audit = engine.db.prepare("SELECT actor_type, actor_id, actor_name FROM audit_log WHERE action = 'incident.close'").all();
    expect(audit).toEqual([{ actor_type: 'mcp_agent', actor_id: 'key_1', actor_name: 'soc-bot' }, { actor_type: 'mcp_agent', actor_id: 'key_1', actor_name: 'soc-bot' }]);

    for (const name of ['incidents.get', 'incidents.close', 'incidents.contain'] as const) {
      let err: unknown;
      try {
        dispatch(engine, name, { incident_id: 'inc_01NOPE' }, agent);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).code).toBe('not_found');
      expect((err as UserError).message).toBe("unknown incident 'inc_01NOPE'");
    }
    expect(() => dispatch(engine, 'incidents.close', {}, agent)).toThrow(/incident_id/);
    engine.close();
  });
});
