// Shared test helpers for the intel store: the real data folder, a temp dir, an engine with a manual clock.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Actor } from '../../../src-shared/domain/actor';
import { ManualClock } from '../../../src-main/engine/clock';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';

export const intelData = (rel: string) => fileURLToPath(new URL(`../../../../shared/data/threat-intel/${rel}`, import.meta.url));
export const actor: Actor = { type: 'cli', id: 'tester' };
export const T0 = Date.parse('2026-03-01T12:00:00.000Z');

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tm-intel-'));
}

/** Writes text to a new file in a fresh temp dir and returns its path. */
export function tempFile(name: string, text: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

export function memoryEngine(clock = new ManualClock(T0)): Engine {
  return Engine.open({ dbPath: ':memory:', clock, log: testLogger });
}
