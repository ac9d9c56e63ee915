// The policy and enforcement commands: list / show / export (nftables) / evaluate, the write commands,
// and endpoint management with its delivery log; usage errors exit 2 with a clear message.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deviceRecordSchema } from '@shared/domain/inventory';
import { runCli, type CliIo } from '../../../src-main/cli/run-cli';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';
import { tempDir } from '../ingest/helpers';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stdoutIsTTY: false, stderrIsTTY: false, env: {} };
  return { value, out: () => out.join(''), err: () => err.join('') };
}

const dir = tempDir('tm-policy-cli-');
const seed = Engine.open({ dataDir: dir, log: testLogger });
seed.db.transaction(() => seed.inventory.upsertDevice(deviceRecordSchema.parse({ device_id: 'dev_workstation_sarah_k', device_type: 'workstation', ip_addresses: ['10.0.1.20'] })))();
seed.close();

async function run(...args: string[]) {
  const t = io();
  const code = await runCli([...args, '--data-dir', dir], t.value);
  return { code, out: t.out(), err: t.err() };
}

describe('threatmatic policy / enforcement', () => {
  it('blocks, lists, shows and evaluates', async () => {
    const b = await run('policy', 'block', '185.234.0.0/16', '--reason', 'C2 infrastructure', '--expires', '2099-01-01T00:00:00Z');
    expect(b.code).toBe(0);
    expect(b.out).toMatch(/status\s+blocked/);
    expect(b.out).toMatch(/policy_id\s+pol_block_185_234_0_0_16/);
    const list = await run('policy', 'list');
    expect(list.out).toMatch(/pol_block_185_234_0_0_16\s+block\s+active\s+1\s+2099-01-01T00:00:00.000Z\s+block fleet → 185.234.0.0\/16/);
    const show = await run('policy', 'show', 'pol_block_185_234_0_0_16');
    expect(show.out).toContain('[0] block fleet → 185.234.0.0/16');
    expect(show.out).toMatch(/1\s+blocked\s+yes\s+\S+\s+cli \S+\s+C2 infrastructure/);
    const ev = await run('policy', 'evaluate', '185.234.1.1', '--device', 'dev_workstation_sarah_k', '--json');
    expect(JSON.parse(ev.out)).toMatchObject({ decision: 'block', deciding_policy_id: 'pol_block_185_234_0_0_16' });
  });

  it('puts a refused CLI action on the audit record too, with what was wrong', async () => {
    const r = await run('policy', 'isolate', 'dev_no_such_device', '--reason', 'beaconing');
    expect(r.code).toBe(2);
    const engine = Engine.open({ dataDir: dir, log: testLogger });
    const row = engine.db.prepare("SELECT actor_type, outcome, params, detail FROM audit_log WHERE action = 'policy.isolateDevice' ORDER BY seq DESC LIMIT 1").get() as { actor_type: string; outcome: string; params: string; detail: string };
    engine.close();
    expect(row).toMatchObject({ actor_type: 'cli', outcome: 'error' });
    expect(JSON.parse(row.params)).toMatchObject({ device_id: 'dev_no_such_device' });
    expect(JSON.parse(row.detail)).toMatchObject({ code: 'not_found' });
  });

  it('isolates and releases, with a management path', async () => {
    expect((await run('policy', 'management-path', '--device', 'dev_workstation_sarah_k', '10.0.2.5')).code).toBe(0);
    const shown = JSON.parse((await run('policy', 'management-path', '--device', 'dev_workstation_sarah_k', '--json')).out);
    expect(shown.paths).toMatchObject([{ scope: 'device', scope_id: 'dev_workstation_sarah_k', destinations: ['10.0.2.5'] }]);
    expect(shown.effective).toMatchObject({ source: 'device', destinations: ['10.0.2.5'], dropped: [] });
    const iso = await run('policy', 'isolate', 'dev_workstation_sarah_k', '--reason', 'lateral movement', '--json');
    expect(JSON.parse(iso.out)).toMatchObject({ status: 'isolated', management_path: ['10.0.2.5'], notify: true });
    const rel = await run('policy', 'release', 'dev_workstation_sarah_k');
    expect(rel.out).toMatch(/status\s+released/);
    const bad = await run('policy', 'isolate', 'dev_nope');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("unknown device 'dev_nope'");
  });

  it('shows, sets (a type, the empty list), clears management paths, and says what was wrong', async () => {
    expect((await run('policy', 'management-path', '--type', 'ip_camera', '--none', '--reason', 'cameras: enforcement point only')).out.trim()).toBe('Management path of device type ip_camera: (enforcement point only)');
    expect((await run('policy', 'management-path', '--type', 'ip_camera', '--none')).out.trim()).toBe('Management path of device type ip_camera: (enforcement point only) (unchanged)');
    const listed = await run('policy', 'management-path');
    expect(listed.out).toMatch(/device_type\s+ip_camera\s+\(enforcement point only\)\s+\S+ by cli \S+/);
    expect(listed.out).toContain('enforcement point: (none: no enforcement endpoint with a network host)');
    expect((await run('policy', 'management-path', '--type', 'ip_camera', '--clear')).out.trim()).toBe('Management path of device type ip_camera: cleared.');
    expect((await run('policy', 'management-path', '--clear')).out.trim()).toBe('Fleet default management path: cleared (was not set).');
    const both = await run('policy', 'management-path', '--device', 'dev_workstation_sarah_k', '--type', 'laptop', '10.0.0.1');
    expect([both.code, both.err]).toEqual([2, expect.stringContaining('give --device or --type, not both')]);
    const mixed = await run('policy', 'management-path', '--clear', '10.0.0.1');
    expect([mixed.code, mixed.err]).toEqual([2, expect.stringContaining('give destinations, --none or --clear, not more than one')]);
    const badType = await run('policy', 'management-path', '--type', 'toaster', '10.0.0.1');
    expect([badType.code, badType.err]).toEqual([2, expect.stringContaining("scope_id: 'toaster' is not a device type")]);
  });

  it('exports nftables to stdout or a file, and requires the format', async () => {
    const out = await run('policy', 'export', '--format', 'nftables');
    expect(out.code).toBe(0);
    expect(out.out).toContain('elements = { 185.234.0.0/16 }');
    const file = join(dir, 'rules.nft');
    expect((await run('policy', 'export', '--format', 'nftables', '--out', file)).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('table inet threatmatic {');
    const missing = await run('policy', 'export');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--format is required (nftables)');
    expect((await run('policy', 'export', '--format', 'iptables')).err).toContain("--format must be nftables, got 'iptables'");
  });

  it('manages endpoints and shows the delivery log', async () => {
    const add = await run('enforcement', 'add-endpoint', '--url', 'http://127.0.0.1:9/hook', '--secret', 'a-long-enough-shared-secret', '--json');
    expect(add.code).toBe(0);
    expect(add.err).toContain('warning: --secret puts the secret on the command line');
    const id = JSON.parse(add.out).endpoint_id as string;
    expect((await run('enforcement', 'list')).out).toMatch(new RegExp(`${id}\\s+http://127.0.0.1:9/hook\\s+true\\s+…cret`));
    await run('policy', 'block', '203.0.113.9'); // waits for the first attempt: nothing listens on port 9
    const log = await run('enforcement', 'deliveries');
    expect(log.out).toMatch(/block_destination\s+pol_block_203_0_113_9\s+http:\/\/127.0.0.1:9\/hook\s+pending\s+1\s+ECONNREFUSED/);
    const rm = await run('enforcement', 'remove', id);
    expect(rm.out).toContain('1 undelivered change(s) marked failed');
    expect((await run('enforcement', 'deliveries', '--status', 'failed', '--json')).out).toContain('endpoint removed');
    expect((await run('enforcement', 'deliveries', '--status', 'lost')).code).toBe(2);
    expect((await run('enforcement', 'add-endpoint', '--url', 'http://x.example')).err).toContain('the secret is required: --secret-file FILE, --secret-env NAME, or $THREATMATIC_ENDPOINT_SECRET');
  });
});
