// The data folder and the database files are owner-only: 0700 and 0600 from creation (whatever the
// umask), the WAL and shared-memory files included, and an existing wider folder or file is narrowed on open.
import { chmodSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../../src-main/engine/data-dir';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';

const mode = (p: string) => statSync(p).mode & 0o777;

describe.skipIf(process.platform === 'win32')('private data files', () => {
  it('creates the data folder 0700 and the database, -wal, -shm and every side file 0600 under a permissive umask', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tm-modes-')), 'data');
    const old = process.umask(0o000);
    let engine: Engine;
    try {
      engine = Engine.open({ dataDir: dir, log: testLogger });
      engine.db.prepare("INSERT INTO settings (key, value) VALUES ('probe', '1')").run();
      // A file ingest takes the cross-process ingest lock, a side file of its own.
      const events = join(dirname(dir), 'one.jsonl');
      writeFileSync(events, '{"ts":"2026-05-01T00:00:00Z","kind":"dns","src_ip":"10.0.0.5","query":"example.com","answers":["93.184.216.34"],"rcode":"NOERROR"}\n');
      await engine.ingest.ingestFile(events, { actor: { type: 'cli', id: 'test' } });
    } finally {
      process.umask(old);
    }
    // Every file the engine made in the data folder, not only the database's.
    const files = readdirSync(dir);
    expect(files).toEqual(expect.arrayContaining([DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, `${DB_FILE}.ingest-lock`]));
    expect(mode(dir)).toBe(0o700);
    for (const f of files) expect(mode(join(dir, f)), f).toBe(0o600);
    engine.close();
  });

  it('narrows an existing data folder and database files that were left readable by others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-modes-old-'));
    Engine.open({ dataDir: dir, log: testLogger }).close();
    chmodSync(dir, 0o755);
    chmodSync(join(dir, DB_FILE), 0o644);
    writeFileSync(join(dir, `${DB_FILE}-wal`), '');
    chmodSync(join(dir, `${DB_FILE}-wal`), 0o666);
    const engine = Engine.open({ dataDir: dir, log: testLogger });
    expect(mode(dir)).toBe(0o700);
    for (const f of readdirSync(dir).filter((x) => x.startsWith(DB_FILE))) expect(mode(join(dir, f)), f).toBe(0o600);
    engine.close();
  });

  it('leaves an existing parent folder of an explicit database file as it is, but makes the file 0600', () => {
    const parent = mkdtempSync(join(tmpdir(), 'tm-modes-parent-'));
    chmodSync(parent, 0o755);
    const engine = Engine.open({ dbPath: join(parent, 'elsewhere.db'), log: testLogger });
    expect(mode(parent)).toBe(0o755);
    expect(mode(join(parent, 'elsewhere.db'))).toBe(0o600);
    engine.close();
  });
});
