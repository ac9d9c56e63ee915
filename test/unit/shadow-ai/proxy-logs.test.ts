// Proxy logs into shadow-AI discovery: Squid's native access.log and CSV exports of secure web gateways
// (Zscaler NSS field names, Cisco Umbrella proxy columns) are detected, parsed into `http` events with the
// user, client address, host and bytes, and list ChatGPT and Claude as MEDIUM unregistered services with
// their users and the unknown AI service as HIGH in the review queue; approving one makes it LOW and
// moves the Shadow AI score. Bad rows are rejects that name the field.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src-main/engine/clock';
import { dispatch } from '../../../src-main/engine/dispatch';
import { Engine } from '../../../src-main/engine/engine';
import { detectFormat } from '../../../src-main/engine/ingest/detect-format';
import { testLogger } from '../../support/test-logger';

const FIX = join(__dirname, '../../fixtures/shadow-ai');
const ANALYST = { actor: { type: 'analyst' as const, id: 'local' } };
const actor = ANALYST.actor;
let engine: Engine;
afterEach(() => engine?.close());

function open() {
  engine = Engine.open({ dbPath: ':memory:', clock: new ManualClock(Date.parse('2026-05-21T10:00:00Z')), log: testLogger });
}
const services = () => Object.fromEntries(dispatch(engine, 'shadowai.list', {}, ANALYST).services.map((s) => [s.id, s]));
const users = (id: string) => dispatch(engine, 'shadowai.get', { service_id: id }, ANALYST).users;
const shadow = () => dispatch(engine, 'ai.posture', {}, ANALYST).dimensions.find((d) => d.dimension === 'shadow');

describe('proxy logs', () => {
  it('detects Squid access.log and gateway CSV exports by their first line', () => {
    expect(detectFormat('1779354000.123   1520 10.1.0.5 TCP_TUNNEL/200 48213 CONNECT chatgpt.com:443 alice HIER_DIRECT/104.18.32.47 -\n', 'a.log').format).toBe('squid');
    expect(detectFormat('epochtime,login,cip,sip,host,eurl,reqmethod\n', 'z.csv', true).format).toBe('proxy_csv');
    expect(detectFormat('Timestamp,Identity,Internal IP,URL,statusCode\n', 'u.csv', true).format).toBe('proxy_csv');
    expect(() => detectFormat('name,colour\nx,y\n', 'n.csv', true)).toThrow(/unknown telemetry format/);
  });

  it('Squid: ChatGPT and Claude MEDIUM with their users, the unknown .ai service HIGH in review; approval makes ChatGPT LOW', async () => {
    open();
    const summary = await engine.ingest.ingestFile(join(FIX, 'squid-access.log'), { actor });
    expect(summary).toMatchObject({ format: 'squid', events: 7, rejects: 0 });
    const by = services();
    expect(Object.keys(by).sort()).toEqual(['anthropic', 'openai', 'unknown:zorblax-assist.ai']);
    expect(by.openai).toMatchObject({ risk: 'MEDIUM', registered: false, users: 2, count: 3 });
    expect(users('openai')).toEqual(['alice', 'dave']);
    expect(by.anthropic).toMatchObject({ risk: 'MEDIUM', users: 1, channels: expect.arrayContaining(['web', 'api']) });
    expect(users('anthropic')).toEqual(['bob']);
    expect(by['unknown:zorblax-assist.ai']).toMatchObject({ risk: 'HIGH', users: 1 });
    expect(dispatch(engine, 'shadowai.review', {}, ANALYST).items.map((i) => i.domain)).toEqual(['zorblax-assist.ai']);
    const before = shadow()?.score as number;
    dispatch(engine, 'shadowai.approve', { service_id: 'openai', owner: 'it@example.com' }, ANALYST);
    expect(services().openai).toMatchObject({ risk: 'LOW', registered: true });
    expect(shadow()?.score).toBeGreaterThan(before);
  });

  it('Zscaler NSS and Umbrella CSV exports: users, request bytes as bytes up', async () => {
    open();
    expect(await engine.ingest.ingestFile(join(FIX, 'zscaler-nss.csv'), { actor })).toMatchObject({ format: 'proxy_csv', events: 5, rejects: 0 });
    let by = services();
    expect(by.openai).toMatchObject({ users: 2, bytes_up: 18211 + 812, risk: 'MEDIUM' });
    expect(users('openai')).toEqual(['alice@example.com', 'erin@example.com']);
    expect(by['unknown:zorblax-assist.ai']).toMatchObject({ risk: 'HIGH', bytes_up: 7300 });
    expect(await engine.ingest.ingestFile(join(FIX, 'umbrella-proxy.csv'), { actor })).toMatchObject({ format: 'proxy_csv', events: 4, rejects: 0 });
    by = services();
    expect(by.anthropic).toMatchObject({ users: 1, bytes_up: 40960 * 2, count: 2 });
  });

  it('rejects a row without a zone in its time or without a host, naming the field', async () => {
    open();
    const dir = mkdtempSync(join(tmpdir(), 'proxy-'));
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'time,user,url\n2026-05-21 09:00:00,alice,https://chatgpt.com/\n2026-05-21T09:00:00Z,alice,\n2026-05-21T09:00:00Z,alice,https://claude.ai/new\n');
    const summary = await engine.ingest.ingestFile(file, { actor });
    expect(summary).toMatchObject({ format: 'proxy_csv', events: 1, rejects: 2 });
    const rejects = dispatch(engine, 'ingest.rejects', { source_id: summary.source_id }, ANALYST).rejects.map((r) => r.reason);
    expect(rejects[0]).toMatch(/field 'time' is not a timestamp: '2026-05-21 09:00:00'.*no time zone/);
    expect(rejects[1]).toMatch(/no host/);
  });
});
