// Shadow-AI discovery through the operations every door serves: DNS, TLS, HTTP and flow events with real
// AI hostnames become services with devices, users, counts and bytes up; ChatGPT and Claude are MEDIUM
// unregistered, an AI-looking name no catalogue knows waits in the review queue as HIGH; approving makes
// a service LOW and moves the Shadow AI score; classifying a review item re-derives sightings from stored
// telemetry; real DNS traffic of the Suricata dataset (no AI names) raises nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src-main/engine/clock';
import { dispatch } from '../../../src-main/engine/dispatch';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';
import { SHARED_DATA } from '../../support/shared-data';

const FIX = join(__dirname, '../../fixtures/shadow-ai');
const SURICATA = `${SHARED_DATA}/security-logs/stratosphere-slips/test6-malicious.suricata.json`;
const ANALYST = { actor: { type: 'analyst' as const, id: 'local' } };
const actor = ANALYST.actor;
let engine: Engine;
afterEach(() => engine?.close());

function open() {
  engine = Engine.open({ dbPath: ':memory:', clock: new ManualClock(Date.parse('2026-05-21T10:00:00Z')), log: testLogger });
}
const shadowScore = () => dispatch(engine, 'ai.posture', {}, ANALYST).dimensions.find((d) => d.dimension === 'shadow');

describe('shadow-AI discovery', () => {
  it('lists ChatGPT and Claude as MEDIUM unregistered services with devices and bytes up, the unknown .ai service in review as HIGH; approving makes one LOW', async () => {
    open();
    expect(shadowScore()).toMatchObject({ assessed: false, score: null });
    await engine.ingest.ingestFile(join(FIX, 'dns-ai.jsonl'), { actor });
    const { services, review_pending } = dispatch(engine, 'shadowai.list', {}, ANALYST);
    const by = Object.fromEntries(services.map((s) => [s.id, s]));
    expect(Object.keys(by).sort()).toEqual(['anthropic', 'github-copilot', 'openai', 'unknown:example.net', 'unknown:zorblax-assist.ai']);
    expect(by.openai).toMatchObject({ risk: 'MEDIUM', registered: false, devices: 2, count: 4, bytes_up: 2_500_000, kind: 'chat', audience: 'consumer' });
    expect(by.openai.risk_reason).toMatch(/Unregistered but known consumer AI service/);
    expect(by.anthropic).toMatchObject({ risk: 'MEDIUM', devices: 1, channels: expect.arrayContaining(['web', 'api']) });
    expect(by['unknown:zorblax-assist.ai']).toMatchObject({ risk: 'HIGH', registered: false, devices: 1 });
    expect(by['unknown:zorblax-assist.ai'].risk_reason).toMatch(/Unknown unclassified service \(registered under \.ai\)/);
    expect(by['github-copilot']).toMatchObject({ kind: 'coding_assistant', audience: 'enterprise', risk: 'MEDIUM' });
    // an unclassified name an AI SDK reaches is queued too, however plain its name (curl to the same domain adds nothing)
    expect(by['unknown:example.net']).toMatchObject({ risk: 'HIGH', count: 1, bytes_up: 8200 });
    expect(review_pending).toBe(2);
    expect(dispatch(engine, 'shadowai.review', {}, ANALYST).items.map((i) => [i.domain, i.example_host, i.reason])).toEqual([
      ['example.net', 'inference.modelhub.example.net', 'reached by an AI agent (user agent OpenAI/Python)'],
      ['zorblax-assist.ai', 'chat.zorblax-assist.ai', 'registered under .ai'],
    ]);
    // first sightings are signalled as new_shadow_asset (event log) and unapproved_ai_service (AI anomalies)
    const signals = dispatch(engine, 'events.read', { event_type: 'shadow_ai', cursor: 0 }, ANALYST).events.map((e) => (e.data as { signal: string; service_id: string }));
    expect(signals.filter((s) => s.signal === 'new_shadow_asset').map((s) => s.service_id).sort()).toEqual(['anthropic', 'github-copilot', 'openai', 'unknown:example.net', 'unknown:zorblax-assist.ai']);
    expect(dispatch(engine, 'ai.listAnomalies', { type: 'unapproved_ai_service' }, ANALYST).anomalies).toHaveLength(5);

    const before = shadowScore();
    expect(before?.assessed).toBe(true);
    expect(before?.factors.slice(0, 2).map((f) => f.why.split(':')[0]).sort()).toEqual(['example.net', 'zorblax-assist.ai']);
    const openai = dispatch(engine, 'shadowai.approve', { service_id: 'openai', owner: 'it@example.com', data_classes: ['email'] }, ANALYST).service;
    expect(openai).toMatchObject({ risk: 'LOW', registered: true });
    expect(openai.risk_reason).toMatch(/Registered and approved AI service \(owner it@example.com\)/);
    const after = shadowScore();
    expect(after?.score).toBeGreaterThan(before?.score as number);
    expect(after?.factors.some((f) => f.why.startsWith('ChatGPT'))).toBe(false);
    expect(dispatch(engine, 'ai.listAnomalies', { type: 'unapproved_ai_service' }, ANALYST).anomalies.map((a) => a.subject_id)).not.toContain('openai');
    expect(dispatch(engine, 'audit.list', { action: 'shadowai.approve' }, ANALYST).entries).toHaveLength(1);

    const detail = dispatch(engine, 'shadowai.get', { service_id: 'openai' }, ANALYST);
    expect(detail.block_destinations).toContain('*.chatgpt.com');
    expect(detail.sightings.map((s) => s.entity_id).sort()).toEqual(['ws-alice', 'ws-bob']);
    expect(detail.timeline).toEqual([{ hour: '2026-05-21T09:00:00.000Z', count: 4, bytes_up: 2_500_000 }]);
  });

  it('re-derives sightings from stored telemetry when a review item is classified, and drops a dismissed one', async () => {
    open();
    await engine.ingest.ingestFile(join(FIX, 'dns-ai.jsonl'), { actor });
    const before = dispatch(engine, 'shadowai.list', {}, ANALYST).catalogue_version;
    const out = dispatch(engine, 'shadowai.decide', { domain: 'zorblax-assist.ai', action: 'classify', name: 'Zorblax Assist', kind: 'chat', audience: 'consumer' }, ANALYST);
    expect(out.item.status).toBe('classified');
    expect(out.catalogue_version).not.toBe(before);
    const by = Object.fromEntries(dispatch(engine, 'shadowai.list', {}, ANALYST).services.map((s) => [s.id, s]));
    expect(by['analyst-zorblax-assist.ai']).toMatchObject({ name: 'Zorblax Assist', risk: 'MEDIUM', devices: 1, count: 1 });
    expect(by['unknown:zorblax-assist.ai']).toBeUndefined();
    expect(by.openai.count).toBe(4);
    dispatch(engine, 'shadowai.decide', { domain: 'example.net', action: 'dismiss', note: 'internal model gateway test' }, ANALYST);
    expect(dispatch(engine, 'shadowai.list', {}, ANALYST).services.map((s) => s.id)).not.toContain('unknown:example.net');
    expect(dispatch(engine, 'shadowai.review', { status: 'dismissed' }, ANALYST).items.map((i) => i.domain)).toEqual(['example.net']);
    // a dismissed domain is not queued again by later telemetry
    engine.ingest.ingestEvents([{ ts: Date.parse('2026-05-21T09:30:00Z'), kind: 'http', device_id: 'srv-agents', host: 'inference.modelhub.example.net', user_agent: 'OpenAI/Python 1.54.4' }], { actor, sourceKey: 'later', label: 'later' });
    expect(dispatch(engine, 'shadowai.review', {}, ANALYST).items.map((i) => i.domain)).toEqual([]);
  });

  it('a process sees a classification another process made on the same database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shadow-two-'));
    engine = Engine.open({ dataDir: dir, clock: new ManualClock(Date.parse('2026-05-21T10:00:00Z')), log: testLogger });
    const other = Engine.open({ dataDir: dir, clock: new ManualClock(Date.parse('2026-05-21T10:00:00Z')), log: testLogger });
    try {
      await engine.ingest.ingestFile(join(FIX, 'dns-ai.jsonl'), { actor });
      expect(dispatch(engine, 'shadowai.list', {}, ANALYST).services.map((s) => s.id)).toContain('unknown:zorblax-assist.ai');
      dispatch(other, 'shadowai.decide', { domain: 'zorblax-assist.ai', action: 'classify', name: 'Zorblax' }, ANALYST);
      const services = dispatch(engine, 'shadowai.list', {}, ANALYST).services;
      expect(services.find((s) => s.id === 'analyst-zorblax-assist.ai')).toMatchObject({ name: 'Zorblax', risk: 'MEDIUM', classified: true });
      expect(services.map((s) => s.id)).not.toContain('unknown:zorblax-assist.ai');
    } finally {
      other.close();
    }
  });

  it('finds no AI service in the real DNS and HTTP traffic of a Suricata EVE log', async () => {
    open();
    const summary = await engine.ingest.ingestFile(SURICATA, { actor });
    expect(summary.events).toBeGreaterThan(600);
    expect(dispatch(engine, 'shadowai.list', {}, ANALYST).services).toEqual([]);
    expect(dispatch(engine, 'shadowai.review', {}, ANALYST).items).toEqual([]);
    expect(shadowScore()).toMatchObject({ assessed: false });
  });
});
