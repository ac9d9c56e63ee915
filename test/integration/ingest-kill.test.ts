// kill -9 in the middle of a CLI ingest: the database stays consistent, and the re-run resumes after
// the last committed batch so every good line is ingested exactly once, with an intact audit chain.
import { closeSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src-main/engine/audit/verify';
import { toCanonicalLine } from '../../src-main/engine/telemetry/canonical';
import { linesDone, runCli } from '../fixtures/cli-process';
import { makeEvent, prng } from '../fixtures/ingest/generate-canonical';
import { SqlRunner } from '../../src-main/engine/db/sql';
import { testLogger } from '../support/test-logger';
import { AuditStore } from '../../src-main/engine/audit/audit-store';

const EVENTS = 700_000;
const BAD_EVERY = 9_973;

/** Canonical events with a bad line every BAD_EVERY lines; returns the number of good lines. */
function writeFile(path: string): { good: number; bad: number } {
  const rand = prng(11);
  const o = { devices: 500, externals: 5000, domains: 5000, users: 100, start: Date.UTC(2026, 4, 1), seed: 11 };
  const fd = openSync(path, 'w');
  let buf = '';
  let bad = 0;
  for (let i = 1; i <= EVENTS; i++) {
    if (i % BAD_EVERY === 0) {
      buf += `{"ts":"not-a-time","kind":"flow","src_ip":"10.0.0.1","dst_ip":"10.0.0.2","line":${i}}\n`;
      bad++;
    } else buf += `${toCanonicalLine(makeEvent(rand, i, o))}\n`;
    if (buf.length > 4 << 20) {
      writeSync(fd, buf);
      buf = '';
    }
  }
  writeSync(fd, buf);
  closeSync(fd);
  return { good: EVENTS - bad, bad };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ingest survives kill -9 (needs the built CLI: npm run build)', () => {
  it('resumes after the last committed batch: exact event count, no duplicates, integrity and audit chain ok', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-ingest-kill-'));
    const file = join(dir, 'big.jsonl');
    const { good, bad } = writeFile(file);
    const dataDir = join(dir, 'data');
    const dbPath = join(dataDir, 'threatmatic.db');

    const first = runCli(['ingest', file, '--json', '--data-dir', dataDir]);
    const deadline = Date.now() + 120_000;
    while (linesDone(dbPath) === 0 && Date.now() < deadline) await sleep(20);
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');

    const db = new Database(dbPath, { readonly: true });
    const partial = db.prepare('SELECT status, lines_done, events FROM ingest_sources').get() as { status: string; lines_done: number; events: number };
    expect(partial.status).toBe('partial');
    expect(partial.lines_done).toBeGreaterThan(0);
    expect(partial.lines_done).toBeLessThan(EVENTS);
    // What the checkpoint says is exactly what was committed with it.
    expect(db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(partial.events);
    expect(partial.events).toBe(partial.lines_done - Math.floor(partial.lines_done / BAD_EVERY));
    db.close();

    const second = runCli(['ingest', file, '--json', '--data-dir', dataDir]);
    const resumed = await second.done;
    expect(resumed.code, resumed.stderr).toBe(0);
    const out = JSON.parse(resumed.stdout);
    expect(out.files[0]).toMatchObject({ status: 'resumed', lines: EVENTS - partial.lines_done });

    const check = new Database(dbPath, { readonly: true });
    expect(check.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(good);
    expect(check.prepare('SELECT COUNT(*) - COUNT(DISTINCT ts) FROM events').pluck().get()).toBe(0);
    expect(check.prepare('SELECT COUNT(*) FROM rejects').pluck().get()).toBe(bad);
    expect(check.prepare('SELECT status, lines_done, events, rejects FROM ingest_sources').get()).toEqual({ status: 'complete', lines_done: EVENTS, events: good, rejects: bad });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(verifyAuditChain(new AuditStore(new SqlRunner(check, testLogger)))).toMatchObject({ ok: true });
    expect(check.prepare("SELECT json_extract(detail, '$.status') FROM audit_log WHERE action = 'ingest.file' ORDER BY seq").pluck().all()).toEqual(['started', 'resumed', 'complete']);
    check.close();

    const third = runCli(['ingest', file, '--json', '--data-dir', dataDir]);
    const again = await third.done;
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).files[0]).toMatchObject({ status: 'already_ingested', events: 0 });
  }, 300_000);
});
