// What the browser extension reports, through the operation its endpoint calls: a visit makes a sighting
// of the browser and user; PII categories in uploads make a service HIGH with the categories as the reason;
// an approved service is LOW until PII outside its data classes arrives; five detections within an hour
// raise pii_spike (AI anomaly and a shadow_ai event); domains in no catalogue that do not look like AI are
// ignored; real Zeek DNS and conn logs (OTRF LSASS campaign) produce no sighting and no review item.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src-main/engine/clock';
import { dispatch } from '../../../src-main/engine/dispatch';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';
import { SHARED_DATA } from '../../support/shared-data';

const T0 = Date.parse('2026-05-21T09:00:00Z');
const EXT = { actor: { type: 'api' as const, id: 'extension:b1' }, scopes: ['assets:write' as const] };
const ANALYST = { actor: { type: 'analyst' as const, id: 'local' } };
const LSASS = `${SHARED_DATA}/security-logs/otrf-security-datasets/compound/LSASS_campaign_01/metasploit_logonpasswords_lsass_memory_dump_zeek_logs.zip`;
let engine: Engine;
let clock: ManualClock;
afterEach(() => engine?.close());
const open = () => { clock = new ManualClock(T0); engine = Engine.open({ dbPath: ':memory:', clock, log: testLogger }); };
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
const report = (events: { ts: string; domain: string; type: 'visit' | 'pii_typed' | 'pii_pasted' | 'pii_uploaded'; pii?: Record<string, number> }[]) =>
  dispatch(engine, 'shadowai.extensionReport', { browser_id: 'b1', user: 'alice@example.com', events }, EXT);
const service = (id: string) => dispatch(engine, 'shadowai.list', {}, ANALYST).services.find((s) => s.id === id);

describe('extension reports', () => {
  it('turns visits and PII categories into sightings and risk, and raises pii_spike past the threshold', () => {
    open();
    expect(report([{ ts: at(0), domain: 'claude.ai', type: 'visit' }, { ts: at(0), domain: 'news.example.com', type: 'visit' }])).toEqual({ accepted: 1, ignored: 1 });
    expect(service('anthropic')).toMatchObject({ risk: 'MEDIUM', users: 1, sources: ['extension'] });
    dispatch(engine, 'shadowai.approve', { service_id: 'anthropic', data_classes: ['email'] }, ANALYST);
    report([{ ts: at(1), domain: 'claude.ai', type: 'pii_pasted', pii: { email: 2 } }]);
    expect(service('anthropic')).toMatchObject({ risk: 'LOW', pii: { email: 2 } });
    report([{ ts: at(2), domain: 'claude.ai', type: 'pii_uploaded', pii: { iban: 1 } }]);
    expect(service('anthropic')).toMatchObject({ risk: 'HIGH', risk_reason: 'Approved service used with PII it is not approved for: iban ×1' });
    expect(dispatch(engine, 'ai.listAnomalies', { type: 'pii_spike' }, ANALYST).anomalies).toHaveLength(0);

    report([{ ts: at(3), domain: 'chatgpt.com', type: 'pii_pasted', pii: { payment_card: 1, email: 1 } }]);
    expect(service('openai')).toMatchObject({ risk: 'HIGH', risk_reason: 'PII detected in uploads: email ×1, payment_card ×1' });
    report([{ ts: at(4), domain: 'chatgpt.com', type: 'pii_typed', pii: { phone: 3 } }]);
    const spikes = dispatch(engine, 'ai.listAnomalies', { type: 'pii_spike' }, ANALYST).anomalies;
    expect(spikes.map((a) => [a.subject_id, a.severity])).toEqual([['openai', 'high']]);
    expect(spikes[0].description).toMatch(/^5 PII detections in uploads to ChatGPT \/ OpenAI within an hour/);
    const signals = dispatch(engine, 'events.read', { event_type: 'shadow_ai', cursor: 0 }, ANALYST).events.map((e) => (e.data as { signal: string }).signal);
    expect(signals.filter((s) => s === 'pii_spike')).toHaveLength(1);
    const detail = dispatch(engine, 'shadowai.get', { service_id: 'openai' }, ANALYST);
    expect(detail.sightings).toMatchObject([{ source: 'extension', entity_id: 'browser:b1', user_id: 'alice@example.com', count: 2 }]);
  });

  it('finds no AI service in the real Zeek dns and conn logs of the OTRF LSASS campaign', async () => {
    open();
    const files = unzipSync(new Uint8Array(readFileSync(LSASS)));
    const dir = mkdtempSync(join(tmpdir(), 'zeek-'));
    let events = 0;
    for (const name of ['dns.log', 'conn.log']) {
      const key = Object.keys(files).find((k) => k.endsWith(name)) as string;
      writeFileSync(join(dir, name), files[key]);
      events += (await engine.ingest.ingestFile(join(dir, name), { actor: ANALYST.actor })).events;
    }
    expect(events).toBeGreaterThan(50);
    expect(dispatch(engine, 'shadowai.list', {}, ANALYST).services).toEqual([]);
    expect(dispatch(engine, 'shadowai.review', { status: 'all' }, ANALYST).items).toEqual([]);
  });
});
