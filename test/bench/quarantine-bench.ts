// Quarantine benchmark: isolate_device and set_management_path against a large intel store (300,000
// flagged IPv4 addresses, 50,000 flagged names) and 200 open anomalies, with a management path of hosts,
// names, a /24, a /16 and a *.pattern, beside the baseline of the same isolation with no path configured
// (nothing to screen). Each isolation is followed by a release; medians of the runs.
import { deviceRecordSchema } from '@shared/domain/inventory';
import { ManualClock } from '../../src-main/engine/clock';
import { dispatch } from '../../src-main/engine/dispatch';
import { Engine } from '../../src-main/engine/engine';
import { silentLogger } from '../../src-main/engine/log';
import type { BenchResult } from './report';

const NOW = Date.UTC(2026, 4, 21, 9);
const RUNS = 21;
const ctx = { actor: { type: 'cli' as const, id: 'bench' } };
const PATH = ['10.0.0.53', 'mdm.corp.example', '10.20.30.0/24', '10.40.0.0/16', '*.mgmt.corp.example'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timeIsolations(engine: Engine, device: string): number {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    dispatch(engine, 'policy.isolateDevice', { device_id: device }, ctx);
    ms.push(performance.now() - t);
    dispatch(engine, 'policy.releaseDevice', { device_id: device }, ctx);
  }
  return median(ms);
}

export async function runQuarantineBench(): Promise<BenchResult[]> {
  const engine = Engine.open({ dbPath: ':memory:', clock: new ManualClock(NOW), log: silentLogger });
  try {
    engine.db.transaction(() => {
      for (let i = 0; i < 200; i++) engine.inventory.upsertDevice(deviceRecordSchema.parse({ device_id: `dev_${i}`, device_type: 'laptop', ip_addresses: [`10.1.${i >> 8}.${i & 255}`] }));
      for (let i = 0; i < 200; i++) {
        engine.anomalies.report({
          entity_type: 'device', entity_id: `dev_${i}`, type: 'c2_beaconing', severity: 'high', confidence: 0.9, detected_at: NOW - 3_600_000,
          description: 'beacon', recommended_action: 'block_destination', observed_destinations: [`c2-${i}.bad.example`, `198.18.${i >> 8}.${i & 255}`], evidence: {},
        });
      }
    })();
    const ips = Array.from({ length: 300_000 }, (_, i) => ({ value: `${11 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.7`, reputation: 'malicious' as const, categories: ['c2_server'], threat_actors: [] }));
    const names = Array.from({ length: 50_000 }, (_, i) => ({ value: `c2-${i}.bad${i % 97}.example`, reputation: 'suspicious' as const, categories: ['c2_server'], threat_actors: [] }));
    engine.intel.importIndicators([...ips, ...names], { feed: 'bench', format: 'bench', actor: ctx.actor });

    const baseline = timeIsolations(engine, 'dev_7');
    const setMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      dispatch(engine, 'policy.setManagementPath', { scope: 'device_type', scope_id: 'laptop', destinations: i % 2 ? PATH : PATH.slice(0, 4) }, ctx);
      setMs.push(performance.now() - t);
    }
    dispatch(engine, 'policy.setManagementPath', { scope: 'device_type', scope_id: 'laptop', destinations: PATH }, ctx);
    const screened = timeIsolations(engine, 'dev_7');
    return [
      { name: 'isolate_device, no management path (baseline)', value: baseline, unit: 'ms', note: `median of ${RUNS}` },
      { name: 'isolate_device, 5-entry path screened (/24, /16, *.pattern)', value: screened, unit: 'ms', note: '300k flagged IPs, 50k flagged names, 200 open anomalies' },
      { name: 'set_management_path, same path (device type, 200 devices)', value: median(setMs), unit: 'ms', note: `median of ${RUNS}` },
    ];
  } finally {
    engine.close();
  }
}
