// Every import refuses what is not a regular file: a FIFO nobody writes to (it used to hang), /dev/zero
// (it used to be read to gigabytes) and a directory, each at once, naming what it is. The built CLI runs
// in a child process with a timeout, so a hang fails the test instead of stalling the suite.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtCli } from '../fixtures/cli-process';

const LIMIT_MS = 20_000;

function run(args: string[]) {
  const r = spawnSync(process.execPath, [builtCli(), ...args], { encoding: 'utf8', timeout: LIMIT_MS, killSignal: 'SIGKILL' });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

describe('imports of non-regular files', () => {
  it('are refused at once by ingest, intel import and inventory import', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-special-'));
    const fifo = join(dir, 'feed.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const cases = [[fifo, 'a named pipe \\(FIFO\\)'], ['/dev/zero', 'a character device'], [dir, 'a directory']] as const;
    for (const command of [['ingest'], ['intel', 'import'], ['inventory', 'import']]) {
      for (const [path, kind] of cases) {
        const r = run([...command, path, '--data-dir', join(dir, 'data'), '--json']);
        expect(r.signal, `${command.join(' ')} ${path} did not return`).toBeNull();
        expect(r.code, `${command.join(' ')} ${path}: ${r.err}`).toBe(2);
        expect(r.err).toMatch(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: cannot read: it is ${kind}, not a regular file`));
        expect(r.err).not.toMatch(/unexpected error/);
      }
    }
  });
});
