// The CLI framework: help, usage errors with exit code 2, JSON output, data-dir resolution.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src-main/cli/commands/index';
import { runCli, type CliIo } from '../../../src-main/cli/run-cli';

function io(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stdoutIsTTY: false, stderrIsTTY: false, env };
  return { value, out: () => out.join(''), err: () => err.join('') };
}

describe('threatmatic CLI', () => {
  it('lists every command in --help and gives each its own --help', async () => {
    const main = io();
    expect(await runCli(['--help'], main.value)).toBe(0);
    for (const c of COMMANDS) {
      expect(main.out()).toContain(c.name);
      const one = io();
      expect(await runCli([...c.name.split(' '), '--help'], one.value)).toBe(0);
      expect(one.out()).toContain(`Usage: threatmatic ${c.name}`);
      expect(one.out()).toContain('--json');
    }
  });

  it('refuses unknown commands and options with exit 2 and a clear message', async () => {
    const a = io();
    expect(await runCli(['frobnicate'], a.value)).toBe(2);
    expect(a.err()).toMatch(/unknown command 'frobnicate'/);
    const b = io();
    expect(await runCli(['stats', '--bogus'], b.value)).toBe(2);
    expect(b.err()).toMatch(/threatmatic stats: .*bogus/);
  });

  it('prints stats as JSON on a fresh data dir chosen by THREATMATIC_DATA_DIR, and --data-dir wins', async () => {
    const envDir = mkdtempSync(join(tmpdir(), 'tm-cli-env-'));
    const flagDir = mkdtempSync(join(tmpdir(), 'tm-cli-flag-'));
    const a = io({ THREATMATIC_DATA_DIR: envDir });
    expect(await runCli(['stats', '--json'], a.value)).toBe(0);
    const stats = JSON.parse(a.out());
    expect(stats).toMatchObject({ data_dir: envDir, devices: 0, events: 0, rejects: 0 });
    expect(stats.schema_version).toBeGreaterThan(0);
    const b = io({ THREATMATIC_DATA_DIR: envDir });
    expect(await runCli(['stats', '--json', '--data-dir', flagDir], b.value)).toBe(0);
    expect(JSON.parse(b.out()).data_dir).toBe(flagDir);
  });
});
