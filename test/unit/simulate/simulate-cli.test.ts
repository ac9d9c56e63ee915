// `threatmatic simulate`: option errors name the flag (exit 2), a run loads the database or writes --out files.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../src-main/cli/run-cli';

function io(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stdoutIsTTY: false, stderrIsTTY: false, env };
  return { value, out: () => out.join(''), err: () => err.join('') };
}
const dataDir = () => ({ THREATMATIC_DATA_DIR: mkdtempSync(join(tmpdir(), 'tm-sim-cli-')) });

describe('threatmatic simulate', () => {
  it.each([
    [['--devices', '5'], "--devices: must be a whole number from 20 to 20000, got '5'"],
    [['--hours', '0'], "--hours: must be a whole number from 1 to 2160, got '0'"],
    [['--rate', 'fast'], "--rate: must be a whole number from 1 to 200, got 'fast'"],
    [['--attack', 'lateral'], "--attack: unknown attack 'lateral'; valid attacks: lateral-movement, c2-beacon, bruteforce, device-silent, eol-firmware (or all)"],
    [['--start', 'yesterday'], "--start: 'yesterday' is not an ISO 8601 timestamp"],
  ])('refuses %j with exit 2 and names the option', async (args, message) => {
    const a = io(dataDir());
    expect(await runCli(['simulate', ...args], a.value)).toBe(2);
    expect(a.err()).toContain(`threatmatic simulate: ${message}`);
  });

  it('loads a simulation into the database, and the same one again adds nothing', async () => {
    const env = dataDir();
    const args = ['simulate', '--devices', '20', '--hours', '4', '--attack', 'bruteforce', '--attack', 'device-silent', '--start', '2026-05-01T00:00:00Z', '--seed', '5', '--json'];
    const a = io(env);
    expect(await runCli(args, a.value)).toBe(0);
    const first = JSON.parse(a.out());
    expect(first).toMatchObject({ devices: 20, hours: 4, seed: 5, start: '2026-05-01T00:00:00.000Z', ingest: { status: 'ingested', rejects: 0 }, labels_added: 2 });
    expect(first.attacks.map((x: { attack: string }) => x.attack)).toEqual(['bruteforce', 'device-silent']);
    const b = io(env);
    expect(await runCli(args, b.value)).toBe(0);
    expect(JSON.parse(b.out())).toMatchObject({ events: 0, ingest: { status: 'already_ingested' }, labels_added: 0 });
    const stats = io(env);
    expect(await runCli(['stats', '--json'], stats.value)).toBe(0);
    expect(JSON.parse(stats.out())).toMatchObject({ devices: 20, events: first.events });
  });

  it('writes files with --out and prints a readable summary', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tm-sim-cli-out-')), 'run');
    const a = io(dataDir());
    expect(await runCli(['simulate', '--devices', '20', '--hours', '2', '--attack', 'all', '--start', '2026-05-01T00:00:00Z', '--out', out], a.value)).toBe(0);
    for (const f of ['inventory.json', 'telemetry.jsonl', 'labels.json']) expect(existsSync(join(out, f))).toBe(true);
    expect(a.out()).toContain('Attacks (ground truth):');
    expect(a.out()).toContain('lateral-movement');
    expect(a.out()).toMatch(/window\s+2026-05-01T00:00:00.000Z → 2026-05-01T02:00:00.000Z \(2 h\)/);
  });
});
