// The anomaly and incident commands on a real data dir: filtered lists (JSON and text), triage,
// show, contain and close with their audit, and bad values refused with exit 2 naming the field.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../src-main/cli/run-cli';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';
import { HOUR, T0, finding, lateral } from './fixtures';

let dir: string;
let incidentId: string;

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stdoutIsTTY: false, stderrIsTTY: false, env: {} };
  const code = await runCli([...args, '--data-dir', dir], io);
  return { code, out: out.join(''), err: err.join('') };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tm-incidents-cli-'));
  const engine = Engine.open({ dataDir: dir, log: testLogger });
  incidentId = engine.anomalies.report(lateral('dev_workstation_sarah_k', ['10.0.2.5', '10.0.2.6', '10.0.2.7'], T0)).anomaly.id;
  incidentId = engine.anomalies.get(incidentId)!.incident_id!;
  engine.anomalies.report(finding('dev_cam_1', { type: 'new_external_destination', severity: 'low', detected_at: T0 + HOUR, observed_destinations: ['198.51.100.1'] }));
  engine.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('threatmatic anomalies / incidents', () => {
  it('lists anomalies filtered, as JSON and as a table', async () => {
    const all = await cli('anomalies', '--json');
    expect(all.code).toBe(0);
    expect(JSON.parse(all.out).total).toBe(2);
    const critical = JSON.parse((await cli('anomalies', '--severity', 'critical', '--entity-type', 'device', '--json')).out);
    expect(critical.anomalies.map((a: { type: string }) => a.type)).toEqual(['lateral_movement_attempt']);
    const text = await cli('anomalies', '--status', 'all', '--limit', '1');
    expect(text.out).toMatch(/critical\s+lateral_movement_attempt\s+device dev_workstation_sarah_k/);
    expect(text.out).toContain('1 of 2 anomalies');
    const bad = await cli('anomalies', '--severity', 'urgent');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/severity/);
  });

  it('triages an anomaly, shows, contains and closes the incident', async () => {
    const low = JSON.parse((await cli('anomalies', '--severity', 'low', '--json')).out).anomalies[0].id as string;
    expect((await cli('anomaly', 'status', low, 'false_positive')).err).toMatch(/reason: a reason is required/);
    const fp = await cli('anomaly', 'status', low, 'false_positive', '--reason', 'vendor CDN');
    expect(fp.code).toBe(0);
    expect(fp.out).toContain(`${low}: false_positive (vendor CDN)`);

    const list = await cli('incidents');
    expect(list.out).toContain('Lateral movement from dev_workstation_sarah_k to 3 hosts');
    const show = await cli('incident', 'show', incidentId);
    expect(show.out).toMatch(/Timeline:[\s\S]*opened[\s\S]*Anomalies:[\s\S]*lateral_movement_attempt/);
    expect((await cli('incident', 'contain', incidentId)).out).toContain(`${incidentId}: contained`);
    const closed = await cli('incident', 'close', incidentId, '--resolution', 'Host reimaged', '--json');
    expect(JSON.parse(closed.out)).toMatchObject({ id: incidentId, status: 'closed', resolution: 'Host reimaged' });
    expect(JSON.parse((await cli('incidents', '--status', 'closed', '--json')).out).total).toBe(1);
    const missing = await cli('incident', 'show', 'inc_nope');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("unknown incident 'inc_nope'");

    const engine = Engine.open({ dataDir: dir, log: testLogger });
    const audit = engine.db.prepare("SELECT action, actor_type FROM audit_log WHERE action LIKE 'incident.%' OR action = 'anomaly.set_status' ORDER BY seq").all();
    engine.close();
    expect(audit).toEqual([
      { action: 'incident.open', actor_type: 'system' },
      { action: 'anomaly.set_status', actor_type: 'cli' },
      { action: 'incident.contain', actor_type: 'cli' },
      { action: 'anomaly.set_status', actor_type: 'cli' },
      { action: 'incident.close', actor_type: 'cli' },
    ]);
  });
});
