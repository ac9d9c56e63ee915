// The anomaly and event-log operations: list_anomalies exactly as the spec declares it (name,
// description, input schema) with real outputs carrying the example's fields in its order; the
// console's search, triage (scope, reason, audit) and the cursor-based event log read.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { operations } from '@shared/contract/index';
import { dispatch } from '../../src-main/engine/dispatch';
import type { Engine } from '../../src-main/engine/engine';
import { jsonType, specExample, specTool } from '../support/spec';
import { HOUR, T0, finding, openEngine, report } from '../unit/incidents/fixtures';

const declaration = specTool('list_anomalies');
const example = specExample('list_anomalies') as { anomalies: Record<string, unknown>[] };

const cli = { actor: { type: 'cli' as const, id: 'test' } };

function fleet(): Engine {
  const { engine } = openEngine();
  report(engine, finding('dev_workstation_sarah_k', {
    type: 'lateral_movement_attempt', severity: 'critical', confidence: 0.97, recommended_action: 'isolate',
    description: 'Device attempting connections to 14 internal hosts not in its baseline', observed_destinations: ['10.0.2.5', '10.0.2.6'], evidence: { pattern: 'internal_fanout', hosts: 14 },
  }));
  for (let i = 0; i < 24; i++) report(engine, finding(`dev_cam_${i}`, { type: 'new_external_destination', severity: 'low', detected_at: T0 + i * HOUR, observed_destinations: [`198.51.100.${i}`] }));
  report(engine, finding('alice@example.com', { entity_type: 'user', type: 'impossible_travel', severity: 'medium' }));
  return engine;
}

describe('list_anomalies in the contract', () => {
  it('is the spec tool: name, description, and exactly its input schema', () => {
    const op = operations['anomalies.list'];
    expect(op.mcp).toEqual({ tool: declaration.name, description: declaration.description });
    expect(op.scope).toBe('read');
    expect(op.annotations).toEqual({ readOnly: true, destructive: false, idempotent: true });
    const input = z.toJSONSchema(op.input, { io: 'input' }) as { properties: Record<string, { type?: string; enum?: string[]; default?: unknown }>; required?: string[] };
    expect(Object.keys(input.properties)).toEqual(Object.keys(declaration.inputSchema.properties));
    expect(input.required ?? []).toEqual(declaration.inputSchema.required ?? []);
    for (const [k, p] of Object.entries(declaration.inputSchema.properties)) {
      expect(input.properties[k].type, k).toBe(p.type);
      expect(input.properties[k].enum, k).toEqual(p.enum);
      expect(input.properties[k].default, k).toEqual(p.default);
    }
  });

  it('returns open anomalies with the example fields in its order, plus destinations, status, incident and evidence', () => {
    const engine = fleet();
    const out = dispatch(engine, 'anomalies.list', {}, cli);
    expect(operations['anomalies.list'].output.parse(out)).toEqual(out);
    expect(out.total).toBe(26);
    expect(out.anomalies).toHaveLength(20);
    const first = out.anomalies[0];
    const keys = Object.keys(example.anomalies[0]);
    expect(Object.keys(first).slice(0, keys.length)).toEqual(keys);
    for (const k of keys) expect(jsonType((first as Record<string, unknown>)[k]), k).toBe(jsonType(example.anomalies[0][k]));
    expect(first).toMatchObject({
      entity_id: 'dev_workstation_sarah_k', type: 'lateral_movement_attempt', severity: 'critical', confidence: 0.97, recommended_action: 'isolate',
      observed_destinations: ['10.0.2.5', '10.0.2.6'], status: 'open', evidence: { pattern: 'internal_fanout', hosts: 14 },
    });
    expect(first.id).toMatch(/^ano_/);
    expect(first.incident_id).toMatch(/^inc_/);
    expect(dispatch(engine, 'anomalies.list', { severity: 'critical' }, cli).total).toBe(1);
    expect(dispatch(engine, 'anomalies.list', { entity_type: 'user', limit: 5 }, cli).anomalies.map((a) => a.entity_id)).toEqual(['alice@example.com']);
    expect(() => dispatch(engine, 'anomalies.list', { severity: 'urgent' }, cli)).toThrow(/severity/);
    // Acknowledged anomalies are being handled: list_anomalies shows status open only.
    dispatch(engine, 'anomalies.setStatus', { anomaly_id: first.id, status: 'acknowledged' }, cli);
    expect(dispatch(engine, 'anomalies.list', { severity: 'critical' }, cli).total).toBe(0);
    engine.close();
  });
});

describe('anomalies.search and anomalies.setStatus', () => {
  it('search filters every status, type and entity, and pages', () => {
    const engine = fleet();
    const low = dispatch(engine, 'anomalies.search', { type: 'new_external_destination', limit: 10, offset: 20 }, cli);
    expect(low.total).toBe(24);
    expect(low.anomalies).toHaveLength(4);
    const id = low.anomalies[0].id;
    dispatch(engine, 'anomalies.setStatus', { anomaly_id: id, status: 'false_positive', reason: 'CDN endpoint of the camera vendor' }, cli);
    expect(dispatch(engine, 'anomalies.search', { status: 'false_positive' }, cli).anomalies).toMatchObject([{ id, status_reason: 'CDN endpoint of the camera vendor' }]);
    expect(dispatch(engine, 'anomalies.search', { status: 'all', entity_id: low.anomalies[0].entity_id }, cli).total).toBe(1);
    engine.close();
  });

  it('triage needs incident:manage, a reason to resolve or dismiss, and a known id; it is audited', () => {
    const engine = fleet();
    const id = dispatch(engine, 'anomalies.list', { severity: 'critical' }, cli).anomalies[0].id;
    const op = operations['anomalies.setStatus'];
    expect(op.scope).toBe('incident:manage');
    expect(op.mcp).toBeUndefined();
    expect(() => dispatch(engine, 'anomalies.setStatus', { anomaly_id: id, status: 'resolved' }, { ...cli, scopes: ['incident:manage'] })).toThrow('reason: a reason is required to mark an anomaly resolved');
    expect(() => dispatch(engine, 'anomalies.setStatus', { anomaly_id: id, status: 'acknowledged' }, { ...cli, scopes: ['read'] })).toThrow("needs scope 'incident:manage'");
    expect(() => dispatch(engine, 'anomalies.setStatus', { anomaly_id: 'ano_missing', status: 'acknowledged' }, cli)).toThrow("unknown anomaly 'ano_missing'");
    expect(() => dispatch(engine, 'anomalies.setStatus', { anomaly_id: id, status: 'open' }, cli)).toThrow(/is already open/);
    const out = dispatch(engine, 'anomalies.setStatus', { anomaly_id: id, status: 'acknowledged', reason: 'looking into it' }, { actor: { type: 'analyst', id: 'sam' } });
    expect(op.output.parse(out)).toEqual(out);
    expect(out).toMatchObject({ id, status: 'acknowledged', status_reason: 'looking into it' });
    const audit = engine.db.prepare("SELECT actor_id, params FROM audit_log WHERE action = 'anomaly.set_status'").all() as { actor_id: string; params: string }[];
    expect(audit.map((r) => [r.actor_id, JSON.parse(r.params).status])).toEqual([['sam', 'acknowledged']]);
    engine.close();
  });
});

describe('events.read', () => {
  it('reads after a cursor with filters, resumes from next_cursor, and starts at the newest without one', () => {
    const engine = fleet();
    const op = operations['events.read'];
    const head = dispatch(engine, 'events.read', {}, cli);
    expect(head.events).toEqual([]);
    expect(head.next_cursor).toBe(engine.events.head());
    const critical = dispatch(engine, 'events.read', { cursor: 0, severity: 'critical', event_type: 'anomaly' }, cli);
    expect(op.output.parse(critical)).toEqual(critical);
    expect(critical.events.map((e) => [e.event_type, e.entity_id, e.data.anomaly_type])).toEqual([['anomaly', 'dev_workstation_sarah_k', 'lateral_movement_attempt']]);
    expect(critical.events[0].data.incident_id).toMatch(/^inc_/);
    const page1 = dispatch(engine, 'events.read', { cursor: 0, limit: 5 }, cli);
    const page2 = dispatch(engine, 'events.read', { cursor: page1.next_cursor, limit: 5 }, cli);
    expect(page2.events[0].cursor).toBeGreaterThan(page1.events[4].cursor);
    expect(dispatch(engine, 'events.read', { cursor: 0, entity_type: 'user', event_type: 'incident' }, cli).events.map((e) => e.data.change)).toEqual(['opened']);
    report(engine, finding('dev_new', { severity: 'high', detected_at: T0 + 30 * HOUR }));
    expect(dispatch(engine, 'events.read', { cursor: head.next_cursor, event_type: 'anomaly' }, cli).events.map((e) => e.entity_id)).toEqual(['dev_new']);
    expect(() => dispatch(engine, 'events.read', { cursor: -1 }, cli)).toThrow(/cursor/);
    engine.close();
  });
});
