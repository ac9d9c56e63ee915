// A data folder the user cannot write: the built CLI says so in one line (and a JSON error under --json),
// exit 3, no stack. Run as root, the command runs as 'nobody' (root writes anywhere); else the folder is chmod'ed.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src-main/engine/engine';
import { testLogger } from '../support/test-logger';
import { builtCli } from '../fixtures/cli-process';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

function runCli(args: string[]) {
  const r = spawnSync(process.execPath, [builtCli(), ...args], { encoding: 'utf8', timeout: 30_000, ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}) });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('a read-only data folder', () => {
  it('is refused with the cause and what to do, for an existing database and for a folder that cannot be created', () => {
    const root = mkdtempSync(join(tmpdir(), 'tm-ro-'));
    const dir = join(root, 'data');
    mkdirSync(dir);
    Engine.open({ dataDir: dir, log: testLogger }).close();
    // Readable, not writable, by the user the command runs as.
    chmodSync(root, 0o755);
    chmodSync(dir, 0o555);
    chmodSync(join(dir, 'threatmatic.db'), 0o444);

    for (const [args, detail] of [
      [['stats', '--data-dir', dir, '--json'], /readonly database|permission denied|unable to open/i],
      [['stats', '--data-dir', join(dir, 'sub'), '--json'], /EACCES: permission denied, mkdir/],
    ] as const) {
      const r = runCli([...args]);
      expect(r.code, r.err).toBe(3);
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/cannot write: the folder or file is read-only \(.*\)\. Give this user write access to the data folder and its files, or choose another with --data-dir/);
      expect(r.err).toMatch(detail);
      expect(JSON.parse(r.out)).toMatchObject({ ok: false, error: { code: 'database_read_only', field: 'database' } });
    }
  });
});
