// Store faults as a user meets them through the CLI: a damaged page, a database from a newer version, one
// restored from an SQL dump, a full disk. Each is one line naming the cause and what to do, a JSON error
// object under --json, exit 3, no stack, and the file is left as it was.
import Database from 'better-sqlite3';
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportError } from '../../../src-main/cli/error-output';
import { toDoorError } from '../../../src-main/doors/run-op';
import { runCli, type CliIo } from '../../../src-main/cli/run-cli';
import { DB_FILE } from '../../../src-main/engine/data-dir';
import { latestVersion } from '../../../src-main/engine/db/migrate';
import { MIGRATIONS } from '../../../src-main/engine/db/migrations/index';
import { actor, openEngine, securityLogs, tempDir } from '../ingest/helpers';

const SURICATA = join(securityLogs, 'stratosphere-slips/test6-malicious.suricata.json');

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stdoutIsTTY: false, stderrIsTTY: false, env: {} };
  return { value, out: () => out.join(''), err: () => err.join('') };
}

async function cli(...argv: string[]) {
  const o = io();
  const code = await runCli(argv, o.value);
  return { code, out: o.out(), err: o.err() };
}

/** A data dir holding the real Suricata capture, ingested and closed (WAL folded into the file). */
async function realDataDir(): Promise<{ dir: string; db: string; events: number }> {
  const dir = tempDir('tm-fault-');
  const engine = openEngine(dir);
  const s = await engine.ingest.ingestFile(SURICATA, { actor });
  engine.close();
  expect(s.events).toBeGreaterThan(1000);
  return { dir, db: join(dir, DB_FILE), events: s.events };
}

/** What every refusal looks like: exit 3, one line on stderr without a stack, the JSON error on stdout. */
function expectRefusal(r: { code: number; out: string; err: string }, code: string, message: RegExp) {
  expect(r.code).toBe(3);
  expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  expect(r.err).not.toMatch(/unexpected error|\n\s+at /);
  expect(r.err).toMatch(message);
  const json = JSON.parse(r.out);
  expect(json).toEqual({ ok: false, error: { code, message: expect.stringMatching(message), field: 'database' } });
}

describe('store faults through the CLI', () => {
  it('refuses a database with a damaged page before anything writes; db check reports it', async () => {
    const { dir, db } = await realDataDir();
    // Garbage over the events table's root page, as a bad sector or a torn copy would leave it.
    const raw = new Database(db, { readonly: true });
    const page = raw.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'events'").pluck().get() as number;
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.close();
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
    closeSync(fd);
    const before = readFileSync(db);

    for (const argv of [['stats'], ['ingest', SURICATA], ['posture'], ['audit', 'verify'], ['policy', 'list']]) {
      expectRefusal(await cli(...argv, '--data-dir', dir, '--json'), 'database_corrupt', /the database is damaged .*will not write to it\. Run 'threatmatic db check'/);
    }
    expect(readFileSync(db).equals(before)).toBe(true);

    const check = await cli('db', 'check', '--data-dir', dir, '--json');
    expect(check.code).toBe(1);
    expect(JSON.parse(check.out)).toMatchObject({ ok: false, integrity: 'damaged', schema_version: latestVersion(MIGRATIONS) });
    expect(JSON.parse(check.out).problems.length).toBeGreaterThan(0);
  });

  it('keeps an existing audit export file when the database is refused', async () => {
    const { dir, db } = await realDataDir();
    const out = join(tempDir(), 'audit.jsonl');
    writeFileSync(out, 'earlier export\n');
    writeFileSync(db, Buffer.alloc(8192, 0x42)); // not a database at all
    expectRefusal(await cli('audit', 'export', '--out', out, '--data-dir', dir, '--json'), 'database_corrupt', /file is not a database/);
    expect(readFileSync(out, 'utf8')).toBe('earlier export\n');
  });

  it('replaces an audit export file only with a complete export', async () => {
    const { dir } = await realDataDir();
    const out = join(tempDir(), 'audit.jsonl');
    writeFileSync(out, 'earlier export\n');
    const r = await cli('audit', 'export', '--out', out, '--data-dir', dir);
    expect(r.code).toBe(0);
    const rows = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => x.action)).toContain('ingest.file');
    // An output path that cannot be written is bad input named in one line, not a crash.
    const missing = join(tempDir(), 'no-such-folder', 'audit.jsonl');
    const bad = await cli('audit', 'export', '--out', missing, '--data-dir', dir, '--json');
    expect(bad.code).toBe(2);
    expect(bad.err).toBe(`threatmatic audit export: ${missing}: cannot write: no such folder; nothing was written there\n`);
    expect(JSON.parse(bad.out)).toEqual({ ok: false, error: { code: 'invalid_input', message: `${missing}: cannot write: no such folder; nothing was written there`, field: 'out' } });
  });

  it('refuses a database from a newer version, naming both versions, and leaves it byte-identical', async () => {
    const { dir, db } = await realDataDir();
    const raw = new Database(db);
    raw.pragma(`user_version = ${latestVersion(MIGRATIONS) + 10}`);
    raw.close();
    const before = readFileSync(db);
    expectRefusal(await cli('stats', '--data-dir', dir, '--json'), 'database_too_new', new RegExp(`schema version ${latestVersion(MIGRATIONS) + 10}, newer than this Threatmatic understands \\(${latestVersion(MIGRATIONS)}\\)\\. Upgrade`));
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('recognizes a database restored from an SQL dump (tables, no user_version) and records its version on request', async () => {
    const { dir: source, db: sourceDb, events } = await realDataDir();
    // What `sqlite3 old.db .dump | sqlite3 new.db` does: every CREATE statement and row, but not PRAGMA user_version.
    const dir = tempDir('tm-dump-');
    const restored = new Database(join(dir, DB_FILE));
    restored.exec(`ATTACH '${sourceDb}' AS old`);
    const objects = restored.prepare("SELECT type, name, sql FROM old.sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type = 'table' DESC, rowid").all() as { type: string; name: string; sql: string }[];
    for (const o of objects) restored.exec(o.sql);
    for (const o of objects) if (o.type === 'table') restored.exec(`INSERT INTO main."${o.name}" SELECT * FROM old."${o.name}"`);
    restored.exec('DETACH old');
    restored.close();
    expect(readFileSync(sourceDb).length).toBeGreaterThan(0);

    const before = readFileSync(join(dir, DB_FILE));
    expectRefusal(await cli('ingest', SURICATA, '--data-dir', dir, '--json'), 'database_unversioned',
      new RegExp(`tables of schema version ${latestVersion(MIGRATIONS)} but no schema version \\(user_version 0\\), as after a restore from 'sqlite3 \\.dump'\\. Run 'threatmatic db check --restore-version'`));
    expect(readFileSync(join(dir, DB_FILE)).equals(before)).toBe(true);

    const fix = await cli('db', 'check', '--restore-version', '--data-dir', dir, '--json');
    expect(fix.code).toBe(0);
    expect(JSON.parse(fix.out)).toMatchObject({ ok: true, integrity: 'ok', restored_version: latestVersion(MIGRATIONS), schema_state: 'current' });
    const stats = await cli('stats', '--data-dir', dir, '--json');
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.out)).toMatchObject({ events, schema_version: latestVersion(MIGRATIONS) });
    // The source itself needed nothing.
    expect((await cli('db', 'check', '--data-dir', source, '--json')).code).toBe(0);
  });

  it('refuses tables that match no Threatmatic schema with user_version 0, telling to restore from a file copy', async () => {
    const dir = tempDir('tm-foreign-');
    const raw = new Database(join(dir, DB_FILE));
    raw.exec('CREATE TABLE devices (id TEXT)');
    raw.close();
    expectRefusal(await cli('stats', '--data-dir', dir, '--json'), 'database_unversioned', /match no Threatmatic schema .*sqlite3 \.backup/);
  });

  it('turns a full disk during an ingest into one line and a JSON error, and the failed batch leaves no events', async () => {
    const dir = tempDir('tm-full-');
    const engine = openEngine(dir);
    const pages = engine.db.pragma('page_count', { simple: true }) as number;
    // The store may grow by a few pages only: the real capture does not fit.
    engine.db.pragma(`max_page_count = ${pages + 8}`);
    let thrown: unknown;
    try {
      await engine.ingest.ingestFile(SURICATA, { actor });
    } catch (err) {
      thrown = err;
    }
    expect((thrown as { code?: string }).code).toBe('SQLITE_FULL');
    expect(engine.db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(0);
    // The HTTP, IPC and MCP doors answer with the same code, without this machine's paths.
    const door = toDoorError(thrown, engine, 'policy.blockDestination');
    expect(door).toEqual({ code: 'database_full', message: expect.stringMatching(/^the Threatmatic database: the disk is full \(SQLITE_FULL\)/), field: 'database' });
    expect(door.message).not.toContain(dir);
    engine.close();
    const o = io();
    const exit = reportError(thrown, 'ingest', true, join(dir, DB_FILE), o.value);
    expectRefusal({ code: exit, out: o.out(), err: o.err() }, 'database_full', /the disk is full \(database or disk is full\); the failed write was rolled back\. Free space/);
  });

  it('refuses a one-shot command whose write met another process\'s lock past its wait as busy: exit 3, says to retry, nothing changed', async () => {
    const dir = tempDir('tm-busy-');
    openEngine(dir).close();
    const other = new Database(join(dir, DB_FILE));
    other.exec('BEGIN IMMEDIATE');
    try {
      const r = await cli('policy', 'block', '203.0.113.144', '--reason', 'C2', '--data-dir', dir, '--json');
      expectRefusal(r, 'busy', /locked by another writer .* past the wait; nothing was changed: retry in 5 s/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((await cli('policy', 'list', '--data-dir', dir, '--json')).out).not.toContain('203.0.113.144');
  });
});
