// The spec's end-to-end example, run by an SDK Client over both transports against a simulated fleet:
// subscribe to critical anomalies, then (as the simulated lateral movement and C2 beacon are ingested)
// enrich with get_device_posture, isolate_device, look up every observed destination with
// get_threat_context and block_destination the malicious ones. Every call lands in the audit log under
// the key and the agent's name, once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, describe, expect, it } from 'vitest';
import type { LoggedEventView } from '@shared/contract/operations/events-read';
import { ManualClock } from '../../src-main/engine/clock';
import { Engine } from '../../src-main/engine/engine';
import { testLogger } from '../support/test-logger';
import { runSimulation } from '../../src-main/engine/simulate/run-simulation';
import { connectHttp, connectStdio, createKey, startHttpMcp, type HttpMcp } from './mcp-harness';

const START = Date.UTC(2026, 4, 20);
const HOURS = 24;
type Transport = 'http' | 'stdio';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

interface AgentLog { calls: { tool: string; args: Record<string, unknown>; result: Record<string, unknown> }[] }

/** The spec's agent, verbatim in spirit: one handler per critical anomaly event, calls made as events arrive. */
function agent(client: Client, log: AgentLog) {
  const call = async (tool: string, args: Record<string, unknown>) => {
    const r = await client.callTool({ name: tool, arguments: args });
    if (r.isError) throw new Error(`${tool} failed: ${JSON.stringify(r.content)}`);
    const result = r.structuredContent as Record<string, unknown>;
    log.calls.push({ tool, args, result });
    return result;
  };
  return async (event: LoggedEventView) => {
    const { device_id, anomaly_type, description, recommended_action, observed_destinations, incident_id } = event.data as Record<string, string & string[]>;
    if (anomaly_type === 'lateral_movement_attempt' && recommended_action === 'isolate') {
      const posture = await call('get_device_posture', { device_id });
      await call('isolate_device', { device_id, reason: `Automated response: ${description}. Risk score: ${posture.risk_score}.` });
    }
    for (const dest of observed_destinations ?? []) {
      const intel = await call('get_threat_context', { indicator: dest });
      if (intel.reputation === 'malicious') await call('block_destination', { destination: dest, scope: 'fleet', reason: `C2 infrastructure — incident ${incident_id}` });
    }
  };
}

async function setUp(transport: Transport) {
  const dir = mkdtempSync(join(tmpdir(), `tm-mcp-e2e-${transport}-`));
  const engine = Engine.open({ dataDir: dir, clock: new ManualClock(START + HOURS * 3_600_000), log: testLogger });
  cleanup.push(async () => engine.close());
  const { key, keyId } = createKey(engine, { name: 'soc-agent', scopes: 'read,device:isolate,destination:block' });
  let client: Client;
  if (transport === 'http') {
    const http: HttpMcp = await startHttpMcp(engine);
    cleanup.push(() => http.close());
    client = await connectHttp(http.url, key, 'soc-agent-e2e');
  } else {
    client = (await connectStdio(dir, key, 'soc-agent-e2e')).client;
  }
  cleanup.push(() => client.close());
  return { engine, client, keyId };
}

describe.each<Transport>(['http', 'stdio'])('spec end-to-end example over %s', (transport) => {

  it('detects the simulated lateral movement live, enriches it and contains it', async () => {
    const { engine, client, keyId } = await setUp(transport);
    const log: AgentLog = { calls: [] };
    const respond = agent(client, log);
    const notified: LoggedEventView[] = [];
    let work = Promise.resolve();
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      if (n.params.logger !== 'threatmatic.events') return;
      const event = n.params.data as LoggedEventView;
      notified.push(event);
      work = work.then(() => respond(event));
    });

    // 1. Subscribe to critical anomalies; the attack is ingested only once the server listens.
    const subscription = client.callTool({ name: 'subscribe_events', arguments: { filters: { event_type: 'anomaly', severity: 'critical' }, max_events: 3, timeout_seconds: 60 } });
    const listening = () => engine.db.prepare("SELECT COUNT(*) FROM audit_log WHERE actor_id = ? AND action = 'events.subscribe'").pluck().get(keyId) as number;
    for (let waited = 0; listening() === 0; waited += 20) {
      if (waited > 15_000) throw new Error('subscribe_events never reached the server');
      await new Promise((r) => setTimeout(r, 20));
    }
    const sim = runSimulation(engine, { devices: 30, hours: HOURS, seed: 7, start: START, attacks: ['lateral-movement', 'c2-beacon'] }, { actor: { type: 'cli', id: 'e2e' } });
    const victim = sim.attacks.find((a) => a.attack === 'lateral-movement')!.entity_id;

    const result = (await subscription).structuredContent as { events: LoggedEventView[]; next_cursor: number };
    await work;
    // The call returned the events it had sent live, in order, and a cursor to resume from.
    expect(result.events.map((e) => e.cursor)).toEqual(notified.map((e) => e.cursor));
    expect(result.events).toHaveLength(3);
    expect(result.next_cursor).toBe(result.events[2].cursor);
    const types = result.events.map((e) => [e.data.anomaly_type, e.data.recommended_action]);
    expect(types).toContainEqual(['lateral_movement_attempt', 'isolate']);
    expect(result.events.find((e) => e.data.anomaly_type === 'lateral_movement_attempt')!.entity_id).toBe(victim);

    // 2-4. Posture of the victim, then threat context for every observed destination; the C2 ones are malicious.
    const posture = log.calls.find((c) => c.tool === 'get_device_posture')!;
    expect(posture.args).toEqual({ device_id: victim });
    expect(posture.result.open_anomalies).toBeGreaterThanOrEqual(1);
    const malicious = log.calls.filter((c) => c.tool === 'get_threat_context' && c.result.reputation === 'malicious').map((c) => c.args.indicator);
    expect(new Set(malicious)).toEqual(new Set(sim.indicators));

    const isolated = log.calls.filter((c) => c.tool === 'isolate_device');
    expect(isolated.map((c) => [c.args.device_id, c.result.status])).toEqual([[victim, 'isolated']]);
    expect(String(isolated[0].args.reason)).toMatch(/^Automated response: .*Risk score: \d+\.$/);
    const blocked = log.calls.filter((c) => c.tool === 'block_destination');
    expect(new Set(blocked.map((c) => c.args.destination))).toEqual(new Set(sim.indicators));
    expect(blocked.every((c) => c.result.status === 'blocked' || c.result.status === 'already_blocked')).toBe(true);
    for (const indicator of sim.indicators) {
      const after = await client.callTool({ name: 'get_threat_context', arguments: { indicator } });
      expect((after.structuredContent as { blocked_in_fleet: boolean }).blocked_in_fleet, indicator).toBe(true);
    }

    // Every call is in the audit log once, attributed to the key and the agent, in the order it was made.
    const audited = engine.db.prepare("SELECT actor_type, actor_name, action, outcome FROM audit_log WHERE actor_id = ? AND actor_type = 'mcp_agent' ORDER BY seq").all(keyId) as { actor_type: string; actor_name: string; action: string; outcome: string }[];
    const made = 1 + log.calls.length + sim.indicators.length;
    expect(audited).toHaveLength(made);
    expect(audited.every((a) => a.actor_name === 'soc-agent-e2e' && a.outcome === 'ok')).toBe(true);
    expect(audited[0].action).toBe('events.subscribe');
    expect(audited.filter((a) => a.action === 'intel.lookup')).toHaveLength(log.calls.filter((c) => c.tool === 'get_threat_context').length + sim.indicators.length);
  });
});
