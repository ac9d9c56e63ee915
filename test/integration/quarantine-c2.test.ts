// Quarantine and guard rails on a simulated C2 beacon (40 devices, 48 h, seed 5), through the CLI as an
// analyst would: isolating the beaconing laptop leaves every C2 destination cut off (the management
// path is never taken from its traffic), configuring a C2 destination as a management path is refused
// with the reason, a configured path applies, and the catch-all block is refused with the field named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../src-main/cli/run-cli';
import { dispatch } from '../../src-main/engine/dispatch';
import { Engine } from '../../src-main/engine/engine';
import { UserError } from '../../src-main/engine/errors';
import { testLogger } from '../support/test-logger';
import { tempDir } from '../unit/ingest/helpers';

const dir = tempDir('tm-quarantine-c2-');

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stdoutIsTTY: false, stderrIsTTY: false, env: {} };
  const code = await runCli([...args, '--data-dir', dir], io);
  return { code, out: out.join(''), err: err.join('') };
}
const json = async (...args: string[]) => {
  const r = await run(...args, '--json');
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out);
};

let device: string;
let c2: string[];

beforeAll(async () => {
  const sim = await json('simulate', '--devices', '40', '--hours', '48', '--attack', 'c2-beacon', '--seed', '5', '--start', '2026-05-01T00:00:00Z');
  device = sim.attacks[0].entity_id;
  c2 = sim.indicators;
  expect(c2).toEqual([sim.attacks[0].detail.ip, sim.attacks[0].detail.domain]);
}, 120_000);

afterAll(() => undefined);

describe('quarantine of a C2-beaconing device (simulated fleet, CLI)', () => {
  it('isolating the beaconing device cuts off every C2 destination and every destination its open anomalies name', async () => {
    const anomalies = (await json('anomalies', '--entity', device, '--status', 'all')).anomalies as { observed_destinations: string[] }[];
    const named = [...new Set(anomalies.flatMap((a) => a.observed_destinations))];
    expect(named).toEqual(expect.arrayContaining(c2));
    const iso = await json('policy', 'isolate', device, '--reason', 'C2 beaconing');
    // Nothing configured and no enforcement endpoint: nothing stays reachable, and the result says why.
    expect(iso).toMatchObject({ status: 'isolated', management_path: [], management_path_source: 'enforcement_point', management_path_dropped: [] });
    expect(iso.blast_radius).toMatchObject({ devices: 1, fleet_wide: false });
    for (const dest of [...c2, ...named]) {
      const ev = await json('policy', 'evaluate', dest, '--device', device);
      expect(ev.decision, dest).toBe('isolate');
      expect(ev.deciding_policy_id, dest).toBe(iso.policy_id);
    }
    expect((await json('policy', 'release', device)).status).toBe('released');
  });

  it('refuses a C2 destination as a management path, with the reason, for the device, its type and the fleet', async () => {
    for (const scope of [['--device', device], ['--type', 'laptop'], []]) {
      for (const dest of c2) {
        const r = await run('policy', 'management-path', ...scope, dest);
        expect(r.code, `${scope.join(' ')} ${dest}`).toBe(2);
        expect(r.err).toContain(`destinations[0]: '${dest}' cannot be on a management path: rated malicious by threat intel`);
      }
    }
    // A range holding the C2 address is refused as well.
    const range = await run('policy', 'management-path', '--type', 'laptop', '203.0.113.0/24');
    expect(range.err).toContain(`'203.0.113.0/24' cannot be on a management path: contains ${c2[0]}, rated malicious by threat intel`);
    expect((await json('policy', 'management-path')).paths).toEqual([]);
  });

  it('applies the configured path of the device type, and drops at isolate time an entry threat intel rates malicious', async () => {
    const set = await json('policy', 'management-path', '--type', 'laptop', '10.10.1.10', '--reason', 'MDM and DNS');
    expect(set).toEqual({ scope: 'device_type', scope_id: 'laptop', destinations: ['10.10.1.10'], changed: true });
    // A path written before the threat was known (here straight into its table) is screened again at isolate time.
    const engine = Engine.open({ dataDir: dir, log: testLogger });
    try {
      engine.db.prepare("UPDATE management_paths SET destinations = ? WHERE scope = 'device_type' AND scope_id = 'laptop'").run(JSON.stringify(['10.10.1.10', c2[1]]));
    } finally {
      engine.close();
    }
    const iso = await json('policy', 'isolate', device);
    expect(iso.management_path).toEqual(['10.10.1.10']);
    expect(iso.management_path_source).toBe('device_type');
    expect(iso.management_path_dropped).toEqual([{ destination: c2[1], reason: 'rated malicious by threat intel' }]);
    expect((await json('policy', 'evaluate', '10.10.1.10', '--device', device)).decision).toBe('allow');
    for (const dest of c2) expect((await json('policy', 'evaluate', dest, '--device', device)).decision, dest).toBe('isolate');
    const human = await run('policy', 'isolate', device);
    expect(human.out).toMatch(/status\s+already_isolated/);
    expect(human.out).toContain(`dropped from the path: ${c2[1]}: rated malicious by threat intel`);
  });

  it('refuses the catch-all block on the simulated fleet, naming the field, and decisions stay as they were', () => {
    const engine = Engine.open({ dataDir: dir, log: testLogger });
    try {
      const ctx = { actor: { type: 'mcp_agent' as const, id: 'key_test', name: 'agent' }, scopes: ['admin' as const] };
      const policies = engine.db.prepare('SELECT COUNT(*) FROM policies').pluck().get();
      let error: unknown;
      try {
        dispatch(engine, 'policy.create', { name: 'r1', rules: [{ action: 'block' }] }, ctx);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).field).toBe('rules[0]');
      expect((error as UserError).message).toMatch(/^rules\[0\]: a rule must name an identity .* or a destination/);
      expect(() => dispatch(engine, 'policy.create', { name: 'r2', rules: [{ identity_type: 'device', action: 'block' }] }, ctx)).toThrow(/^rules\[0\]\.destination: a block with no destination for every device would block all traffic for the whole fleet/);
      expect(engine.db.prepare('SELECT COUNT(*) FROM policies').pluck().get()).toBe(policies);
      const other = (engine.db.prepare("SELECT device_id FROM devices WHERE device_id <> ? ORDER BY device_id LIMIT 1").pluck().get(device)) as string;
      expect(dispatch(engine, 'policy.evaluateAccess', { identity_type: 'device', identity_id: other, destination: 'example.com' }, ctx).decision).toBe('allow');
    } finally {
      engine.close();
    }
  });
});
