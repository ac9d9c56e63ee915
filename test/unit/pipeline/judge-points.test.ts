// The detectors judge at the same events of a source whatever the ingest's batch sizes (which it sizes by
// lock time, so by the machine's speed): the same simulated fleet with every attack, ingested in batches of
// 2,000 and of 317 events, raises exactly the same anomalies. Judged at the end of every batch instead, a
// c2_beaconing anomaly came or went with where the batches ended (1 in ~8 runs of the concurrent-ingest
// fault test).
import { describe, expect, it } from 'vitest';
import type { TelemetryEvent } from '@shared/domain/telemetry';
import { ManualClock } from '../../../src-main/engine/clock';
import { Engine } from '../../../src-main/engine/engine';
import { runSimulation } from '../../../src-main/engine/simulate/run-simulation';
import { testLogger } from '../../support/test-logger';
import { actor, tempDir } from '../ingest/helpers';

const START = Date.UTC(2026, 4, 1);

function anomaliesWithBatches(batch: number): string[] {
  const engine = Engine.open({ dataDir: tempDir('tm-judge-'), clock: new ManualClock(START + 37 * 3_600_000), log: testLogger, ingestBatchEvents: batch });
  try {
    runSimulation(engine, { devices: 30, hours: 36, seed: 7, attacks: 'all', start: START }, { actor });
    const rows = engine.db.prepare('SELECT type, entity_id, dedupe_key, status, severity, detected_at FROM anomalies ORDER BY dedupe_key').raw().all() as unknown[][];
    return rows.map((r) => r.join(' | '));
  } finally {
    engine.close();
  }
}

/** 288 quiet logins, then 12 failed ones for one user within four minutes: 300 events. */
function guessingAtTheEnd(): TelemetryEvent[] {
  const quiet = Array.from({ length: 288 }, (_, i): TelemetryEvent => ({ ts: START + i * 60_000, kind: 'auth', user_id: `user${i % 20}@acmecorp.com`, outcome: 'success', src_ip: '10.1.0.10' }));
  const end = START + 288 * 60_000;
  const fails = Array.from({ length: 12 }, (_, i): TelemetryEvent => ({ ts: end + i * 20_000, kind: 'auth', user_id: 'sarah.k@acmecorp.com', outcome: 'failure', src_ip: '203.0.113.50' }));
  return [...quiet, ...fails];
}

describe('where the detectors judge', () => {
  it('judges at the end of the source even when its last batch filled exactly (the closing commit holds no event)', () => {
    const engine = Engine.open({ dataDir: tempDir('tm-judge-end-'), clock: new ManualClock(START + 6 * 3_600_000), log: testLogger, ingestBatchEvents: 100 });
    try {
      const summary = engine.ingest.ingestEvents(guessingAtTheEnd(), { actor, sourceKey: 'guessing', label: 'guessing at the end' });
      expect(summary.events).toBe(300);
      const found = engine.db.prepare("SELECT entity_id, severity FROM anomalies WHERE type = 'auth_bruteforce'").all();
      expect(found).toEqual([{ entity_id: 'sarah.k@acmecorp.com', severity: 'high' }]);
    } finally {
      engine.close();
    }
  });

  it('does not move with the batch sizes: batches of 2,000 and of 317 raise the same anomalies', () => {
    const full = anomaliesWithBatches(2000);
    expect(full.length).toBeGreaterThan(5);
    expect(anomaliesWithBatches(317)).toEqual(full);
  });
});
