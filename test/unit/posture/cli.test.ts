// `threatmatic posture`: fleet by default, one entity with --device/--user/--workload, JSON with --json,
// clear errors for an unknown id or conflicting options.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../src-main/cli/run-cli';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';
import { addAnomaly, addHealthyDevice, addUser, userOnDevice } from './fixtures';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stdoutIsTTY: false, stderrIsTTY: false, env: {} };
  return { value, out: () => out.join(''), err: () => err.join('') };
}

function seededDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tm-posture-cli-'));
  const engine = Engine.open({ dataDir: dir, log: testLogger });
  addHealthyDevice(engine, 'dev_camera_floor3_east');
  addHealthyDevice(engine, 'dev_camera_parking_07', { firmware_status: 'eol', trust_level: 'unverified' });
  addAnomaly(engine, 'dev_camera_parking_07', { type: 'c2_beaconing', severity: 'critical', action: 'block_destination' });
  addUser(engine, 'sarah.k@acmecorp.com');
  userOnDevice(engine, 'sarah.k@acmecorp.com', 'dev_camera_parking_07');
  // The fixtures write the tables directly, past the write path: store the rows as a running console's scheduler would.
  engine.posture.sync();
  engine.close();
  return dir;
}

describe('threatmatic posture', () => {
  const dir = seededDir();

  it('shows the fleet by default with score, band, dimensions, factors and devices at risk', async () => {
    const t = io();
    expect(await runCli(['posture', '--data-dir', dir], t.value)).toBe(0);
    expect(t.out()).toMatch(/score\s+\d+ \((healthy|moderate|high_risk)\), trend stable/);
    expect(t.out()).toContain('dimensions  identity');
    expect(t.out()).toContain('firmware_eol');
    expect(t.out()).toMatch(/dev_camera_parking_07\s+high\s+c2_beaconing/);
  });

  it('shows one device, user or workload; --json prints the tool output', async () => {
    const t = io();
    const code = await runCli(['posture', '--device', 'dev_camera_parking_07', '--data-dir', dir], t.value);
    expect(t.err()).toBe('');
    expect(code).toBe(0);
    expect(t.out()).toContain('Top factors:');
    expect(t.out()).toContain('identity_unverified');
    const j = io();
    expect(await runCli(['posture', '--user', 'sarah.k@acmecorp.com', '--json', '--data-dir', dir], j.value)).toBe(0);
    const user = JSON.parse(j.out()) as { user_id: string; devices: { device_id: string }[]; score: number };
    expect(user.user_id).toBe('sarah.k@acmecorp.com');
    expect(user.devices.map((d) => d.device_id)).toEqual(['dev_camera_parking_07']);
    const c = io();
    expect(await runCli(['posture', '--compliance', '--data-dir', dir], c.value)).toBe(0);
    expect(c.out()).toMatch(/ISO\/IEC 27001:2022 .*: non_compliant/);
    expect(c.out()).toMatch(/A\.8\.8\s+key\s+fail/);
  });

  it('refuses an unknown id and conflicting options with exit 2', async () => {
    const t = io();
    expect(await runCli(['posture', '--workload', 'wl_ghost', '--data-dir', dir], t.value)).toBe(2);
    expect(t.err()).toContain("unknown workload 'wl_ghost'");
    const u = io();
    expect(await runCli(['posture', '--device', 'a', '--user', 'b', '--data-dir', dir], u.value)).toBe(2);
    expect(u.err()).toContain('choose one of --device, --user, --workload, --compliance');
  });
});
