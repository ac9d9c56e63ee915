// Shared by the ingest tests: an engine on a temp dir, the real data folders, a zip reader (node zlib,
// so the tests need no `unzip` binary) and small SQL counters.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import type { Actor } from '@shared/domain/actor';
import { ManualClock } from '../../../src-main/engine/clock';
import { BATCH_EVENTS } from '../../../src-main/engine/ingest/commit-budget';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const securityLogs = resolve(repoRoot, '../shared/data/security-logs');
export const fixtures = resolve(repoRoot, 'test/fixtures/ingest');
export const actor: Actor = { type: 'cli', id: 'ingest-test' };
const T0 = Date.UTC(2026, 4, 21, 9);

export function tempDir(prefix = 'tm-ingest-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Batches of exactly BATCH_EVENTS, so a test knows where each commit ends (sizing by lock time: batch-budget.test.ts). */
export function openEngine(dir = tempDir()): Engine {
  return Engine.open({ dataDir: dir, clock: new ManualClock(T0), log: testLogger, ingestBatchEvents: BATCH_EVENTS });
}

export function count(engine: Engine, sql: string, ...params: unknown[]): number {
  return engine.db.prepare(sql).pluck().get(...params) as number;
}

/** Extracts every file of a zip archive (stored or deflated entries) into `dir`; returns their paths. */
export function unzip(zipPath: string, dir: string): string[] {
  const zip = readFileSync(zipPath);
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${zipPath}: not a zip archive`);
  const entries = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out: string[] = [];
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`${zipPath}: bad central directory`);
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + compressed);
    const target = join(dir, name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, method === 0 ? data : inflateRawSync(data));
    out.push(target);
  }
  return out;
}
