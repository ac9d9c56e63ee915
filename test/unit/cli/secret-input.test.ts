// `enforcement add-endpoint` takes its secret from a file, a named variable or $THREATMATIC_ENDPOINT_SECRET,
// so it need not be on the command line (where `ps` shows it); --secret still works but warns. Exactly one source.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../src-main/cli/run-cli';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';

const SECRET = 'file-secret-0123456789abcdef';

async function run(dir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stdoutIsTTY: false, stderrIsTTY: false, env };
  const code = await runCli(['enforcement', 'add-endpoint', ...args, '--data-dir', dir, '--json'], io);
  return { code, out: out.join(''), err: err.join('') };
}

/** The secret the engine will sign with for the endpoint just added. */
function storedSecret(dir: string, endpointId: string): string | undefined {
  const engine = Engine.open({ dataDir: dir, log: testLogger });
  try {
    return engine.enforcement.endpoints.secretOf(endpointId);
  } finally {
    engine.close();
  }
}

describe('enforcement add-endpoint secret sources', () => {
  it('reads the first line of --secret-file (a trailing newline is not part of it), without a warning for a 0600 file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-secret-cli-'));
    const file = join(dir, 'fw.secret');
    writeFileSync(file, `${SECRET}\n`, { mode: 0o600 });
    const r = await run(dir, ['--url', 'https://fw.example.com/a', '--secret-file', file]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(storedSecret(dir, JSON.parse(r.out).endpoint_id)).toBe(SECRET);
  });

  it.skipIf(process.platform === 'win32')('warns when the secret file is readable by others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-secret-cli-'));
    const file = join(dir, 'fw.secret');
    writeFileSync(file, SECRET);
    chmodSync(file, 0o644);
    const r = await run(dir, ['--url', 'https://fw.example.com/b', '--secret-file', file]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`warning: ${file} can be read by other users; chmod 600 it`);
  });

  it('reads --secret-env NAME, or $THREATMATIC_ENDPOINT_SECRET when no option names a source', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-secret-cli-'));
    const named = await run(dir, ['--url', 'https://fw.example.com/c', '--secret-env', 'FW_SECRET'], { FW_SECRET: 'named-env-secret-0123456789' });
    expect(named.code).toBe(0);
    expect(storedSecret(dir, JSON.parse(named.out).endpoint_id)).toBe('named-env-secret-0123456789');
    const byDefault = await run(dir, ['--url', 'https://fw.example.com/d'], { THREATMATIC_ENDPOINT_SECRET: 'default-env-secret-0123456789' });
    expect(byDefault.code).toBe(0);
    expect(byDefault.err).toBe('');
    expect(storedSecret(dir, JSON.parse(byDefault.out).endpoint_id)).toBe('default-env-secret-0123456789');
  });

  it('refuses two sources, an unset variable and a missing or empty file, naming what was wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-secret-cli-'));
    const empty = join(dir, 'empty');
    writeFileSync(empty, '\n', { mode: 0o600 });
    const cases: [string[], string][] = [
      [['--secret', SECRET, '--secret-env', 'X'], 'give the secret one way, not --secret-env and --secret'],
      [['--secret-env', 'NOT_SET'], '--secret-env NOT_SET: the variable is not set or empty'],
      [['--secret-file', join(dir, 'nope')], `--secret-file ${join(dir, 'nope')}: no such file`],
      [['--secret-file', empty], `--secret-file ${empty}: the first line is empty`],
    ];
    for (const [args, message] of cases) {
      const r = await run(dir, ['--url', 'https://fw.example.com/e', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain(message);
    }
  });
});
