// Inventory import at fleet scale: a JSON file of n devices (two addresses each) through the import the CLI,
// the console and MCP use, into a fresh database, and the same file again (every record an update).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src-main/engine/clock';
import { Engine } from '../../src-main/engine/engine';
import { importInventoryFile } from '../../src-main/engine/inventory/import-inventory';
import { silentLogger } from '../../src-main/engine/log';
import { deviceIp, fleet } from '../fixtures/ingest/generate-canonical';
import type { BenchResult } from './report';

const actor = { type: 'cli' as const, id: 'inventory-bench' };

function importSeconds(engine: Engine, file: string, devices: number): number {
  const t0 = performance.now();
  const r = importInventoryFile(engine, file, { actor });
  const s = (performance.now() - t0) / 1000;
  if (r.devices !== devices || r.rejected.length !== 0) throw new Error(`imported ${r.devices} of ${devices} devices, ${r.rejected.length} rejected`);
  return s;
}

export async function runInventoryBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const n of [10_000, 30_000]) {
    const dir = mkdtempSync(join(tmpdir(), 'tm-bench-inventory-'));
    try {
      const file = join(dir, 'fleet.json');
      // A second address per device, outside the first ones' range, so each device has two.
      writeFileSync(file, JSON.stringify({ devices: fleet(n).map((d, i) => ({ ...d, ip_addresses: [...d.ip_addresses, deviceIp(i + 100_000)] })) }));
      const engine = Engine.open({ dataDir: dir, clock: new ManualClock(Date.UTC(2026, 4, 21)), log: silentLogger });
      try {
        const first = importSeconds(engine, file, n);
        const again = importSeconds(engine, file, n);
        const label = n.toLocaleString('en-US');
        results.push({ name: `inventory import, ${label} devices, into a fresh database`, value: first, unit: 's', note: `${Math.round(n / first).toLocaleString('en-US')} devices/s` });
        results.push({ name: `the same file again (${label} updates)`, value: again, unit: 's', note: `${Math.round(n / again).toLocaleString('en-US')} devices/s` });
      } finally {
        engine.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}
