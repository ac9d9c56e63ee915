// The open-time integrity check and its bound: a file up to FULL_CHECK_MAX_BYTES is quick_checked whole at
// every open; a larger one has every table but the bulk ones checked, and the bulk ones' root pages read.
// `db check` (the full integrity_check) still finds what the bounded check leaves to it.
import Database from 'better-sqlite3';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../../src-main/engine/data-dir';
import { checkDatabase } from '../../../src-main/engine/db/check';
import { openDatabase } from '../../../src-main/engine/db/open';
import { actor, openEngine, securityLogs, tempDir } from '../ingest/helpers';

const SURICATA = join(securityLogs, 'stratosphere-slips/test6-malicious.suricata.json');

/** A closed database holding the real Suricata capture. */
async function ingested(): Promise<string> {
  const dir = tempDir('tm-open-check-');
  const engine = openEngine(dir);
  const s = await engine.ingest.ingestFile(SURICATA, { actor });
  engine.close();
  expect(s.events).toBeGreaterThan(1000);
  return join(dir, DB_FILE);
}

/** Overwrites one page with garbage, as a bad sector or a torn copy would. */
function damage(file: string, pick: string): void {
  const raw = new Database(file, { readonly: true });
  const page = raw.prepare(pick).pluck().get() as number;
  const pageSize = raw.pragma('page_size', { simple: true }) as number;
  raw.close();
  expect(page).toBeGreaterThan(1);
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
  closeSync(fd);
}

const BOUNDED = { fullCheckMaxBytes: 0 };
const refused = (file: string, opts = {}) => expect(() => openDatabase(file, undefined, opts).close()).toThrow(/the database is damaged/);

describe('the integrity check at open', () => {
  it('a small file is checked whole: damage deep inside the events table is refused', async () => {
    const file = await ingested();
    damage(file, "SELECT pageno FROM dbstat WHERE name = 'events' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 3");
    refused(file);
  });

  it('a large file (bounded check) opens despite damage deep inside a bulk table; db check finds it', async () => {
    const file = await ingested();
    damage(file, "SELECT pageno FROM dbstat WHERE name = 'events' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 3");
    expect(() => openDatabase(file, undefined, BOUNDED).close()).not.toThrow();
    expect(checkDatabase(file)).toMatchObject({ ok: false, integrity: 'damaged' });
  });

  it('the bounded check still refuses a bulk table whose root page is damaged, and any damaged small table', async () => {
    const events = await ingested();
    damage(events, "SELECT rootpage FROM sqlite_schema WHERE name = 'events'");
    refused(events, BOUNDED);
    const audit = await ingested();
    damage(audit, "SELECT pageno FROM dbstat WHERE name = 'audit_log' ORDER BY pageno DESC LIMIT 1");
    refused(audit, BOUNDED);
  });
});
