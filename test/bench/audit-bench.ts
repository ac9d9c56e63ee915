// Audit log benchmark: what recording costs per entry (canonical JSON through recordedJson against
// JSON.stringify of the same parameters, measured in the same run), appends per second through
// AuditLog.append (hash + HMAC + insert), the 100,000-level argument, and verify speed over the chain.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordedJson } from '../../src-main/engine/audit/recorded-json';
import { dispatch } from '../../src-main/engine/dispatch';
import { Engine } from '../../src-main/engine/engine';
import { silentLogger } from '../../src-main/engine/log';
import type { BenchResult } from './report';

const ENTRIES = 50_000;
const SERIALIZE = 200_000;
const actor = { type: 'mcp_agent' as const, id: 'key_bench', name: 'bench-agent' };

/** A typical policy call's parameters. */
const params = (i: number) => ({ name: `block c2 ${i}`, rules: [{ action: 'block', identity_type: 'device', identity_id: `lap-${i % 300}`, destination: `203.0.113.${i % 250}` }], reason: 'beaconing to a known C2 address', expires_at: null });

function perSecond(n: number, work: (i: number) => void): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) work(i);
  return n / ((performance.now() - t0) / 1000);
}

export async function runAuditBench(): Promise<BenchResult[]> {
  const sample = Array.from({ length: 1000 }, (_, i) => params(i));
  const baseline = perSecond(SERIALIZE, (i) => JSON.stringify(sample[i % 1000]));
  const recorded = perSecond(SERIALIZE, (i) => recordedJson(sample[i % 1000]));
  let deep: unknown = 'x';
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const t0 = performance.now();
  recordedJson({ device_id: 'cam-lobby-01', reason: deep });
  const deepMs = performance.now() - t0;

  const dir = mkdtempSync(join(tmpdir(), 'tm-bench-audit-'));
  const engine = Engine.open({ dataDir: dir, log: silentLogger });
  try {
    // Baseline: the same rows as a plain INSERT (JSON.stringify, no hash, no MAC), one transaction each, in the same database.
    engine.db.exec('CREATE TABLE bench_plain AS SELECT * FROM audit_log WHERE 0');
    const plain = engine.db.prepare('INSERT INTO bench_plain (seq, ts, actor_type, actor_id, actor_name, action, params, outcome, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const plainRate = perSecond(ENTRIES, (i) => engine.db.transaction(() => plain.run(i + 1, Date.now(), actor.type, actor.id, actor.name, 'policy.create', JSON.stringify(sample[i % 1000]), 'ok', JSON.stringify({ policy_id: `pol_${i}` }), '', '')).immediate());
    const appends = perSecond(ENTRIES, (i) => engine.audit.append({ actor, action: 'policy.create', params: sample[i % 1000], outcome: 'ok', detail: { policy_id: `pol_${i}` } }));
    const v0 = performance.now();
    const report = dispatch(engine, 'audit.verify', {}, { actor: { type: 'cli', id: 'bench' } });
    const verifyRate = report.entries / ((performance.now() - v0) / 1000);
    const c0 = performance.now();
    dispatch(engine, 'audit.checkpoint', {}, { actor: { type: 'cli', id: 'bench' } });
    const checkpointMs = performance.now() - c0;
    return [
      { name: 'serialize policy params: JSON.stringify (baseline)', value: baseline, unit: 'calls/s' },
      { name: 'serialize policy params: recordedJson (RFC 8785 + depth/size check)', value: recorded, unit: 'calls/s', note: `${((recorded / baseline) * 100).toFixed(0)}% of the baseline` },
      { name: 'record a 100,000-level argument (truncated + SHA-256 of 200 KB)', value: deepMs, unit: 'ms' },
      { name: `plain INSERT of the same rows, one transaction each (baseline)`, value: plainRate, unit: 'rows/s' },
      { name: `AuditLog.append, one transaction each (${ENTRIES.toLocaleString('en-US')} entries)`, value: appends, unit: 'entries/s', note: `${((appends / plainRate) * 100).toFixed(0)}% of the baseline` },
      { name: 'audit.verify: chain, MACs and checkpoints', value: verifyRate, unit: 'entries/s', note: report.ok ? 'ok' : 'NOT OK' },
      { name: 'audit.checkpoint after the first entries (walks all since none)', value: checkpointMs, unit: 'ms' },
    ];
  } finally {
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
